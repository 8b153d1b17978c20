"""Everyone concerned is told at each step of the position, by the trigger table: drafts
ready for positions, positions closing soon, the verdict, the outcome — each person once, in
their language, by e-mail (the real SMTP server) and in the app (their notices page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.consensus import services
from liaison.consensus.models import PositionCall
from liaison.notices.models import Notice, Trigger
from liaison.notices.services import reminders_send_due
from liaison.registry.models import Role
from tests.notices.smtp import text
from tests.snapshots import row_counts


@pytest.fixture
def member(make_user):
    """A committee member with no stakeholder record: told as a user, in English."""
    return make_user(Role.COMMITTEE_MEMBER, username="cm")


@pytest.fixture
def expert(make_user):
    """An expert: drafts, but no trigger of the position names the role."""
    return make_user(Role.EXPERT, username="ex")


@pytest.fixture
def draft(world, coordinator):
    return services.draft_create(actor=coordinator, consultation=world["consultation"],
                                 comments=world["comments"][:2])


def _french(world, who="ana"):
    profile = world[who][1]
    profile.language = "fr"
    profile.save(update_fields=["language"])


def _subjects(smtp_server) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for message, (_sender, tos) in zip(smtp_server.messages, smtp_server.envelopes,
                                       strict=True):
        for to in tos:
            out.setdefault(to, []).append(str(message["Subject"]))
    return out


def _closes(days: int = 10) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


def test_asking_for_positions_tells_members_and_commenters_once_each_in_their_language(
        world, draft, coordinator, member, expert, client, smtp_server):
    _french(world)
    consultation = world["consultation"]
    client.force_login(coordinator)
    page = client.get(f"/consensus/{consultation.pk}/drafts/").content.decode()
    assert f"/consensus/{consultation.pk}/positions/call/" in page
    closes = _closes()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/consensus/{consultation.pk}/positions/call/",
                               {"closes_at": timezone.localtime(closes).strftime(
                                   "%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    told = _subjects(smtp_server)
    # the commenters and the committee member, each once; not the coordinator nor the expert
    assert sorted(told) == ["ana@example.org", "ben@example.org", "cm@example.org",
                            "cy@example.org"]
    assert all(len(subjects) == 1 for subjects in told.values())
    title = consultation.title
    assert told["ana@example.org"] == [
        f"[TMI] Projets prêts pour votre position\u00a0: {title}"]
    assert told["ben@example.org"] == [f"[TMI] Drafts ready for your position: {title}"]
    body = text(smtp_server.to("cm@example.org")[0])
    assert "(1) are ready" in body and f"/consensus/{consultation.pk}/drafts/" in body
    assert "UTC" in body  # the closing date, in the recipient's zone and in UTC
    call = PositionCall.objects.get(consultation=consultation)
    assert call.closes_at == closes
    event = AuditEvent.objects.get(verb="step.drafts_ready")
    assert event.data["recipients"] == sorted(told)
    assert client.get(f"/consensus/{consultation.pk}/drafts/").content.decode().count(
        'data-testid="position-call"') == 1

    # in the app: on each one's notices page, in their language
    client.force_login(world["ana"][0])
    inbox = client.get("/notices/inbox/").content.decode()
    assert f"Projets prêts pour votre position\u00a0: {title}" in inbox
    client.force_login(member)
    inbox = client.get("/notices/inbox/").content.decode()
    assert f"Drafts ready for your position: {title}" in inbox
    notice = Notice.objects.get(user=member, channel=Notice.Channel.IN_APP)
    detail = client.get(f"/notices/inbox/{notice.announcement_id}/").content.decode()
    assert "please state your position" in detail
    assert f"/consensus/{consultation.pk}/drafts/" in detail
    client.force_login(expert)
    assert title not in client.get("/notices/inbox/").content.decode()


def test_a_closing_date_in_the_past_is_refused_on_the_page_and_nothing_changes(
        world, draft, coordinator, client, smtp_server):
    consultation = world["consultation"]
    client.force_login(coordinator)
    before = row_counts()
    past = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    response = client.post(f"/consensus/{consultation.pk}/positions/call/",
                           {"closes_at": past.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400
    assert "Choose a closing date still to come." in response.content.decode()
    assert row_counts() == before and smtp_server.messages == []


def test_asking_for_positions_without_drafts_is_refused_and_nothing_changes(
        world, coordinator, client, smtp_server):
    consultation = world["consultation"]
    before = row_counts()
    with pytest.raises(ValidationError, match="no draft consensus comment"):
        services.positions_call(actor=coordinator, consultation=consultation,
                                closes_at=_closes())
    assert row_counts() == before
    client.force_login(coordinator)
    response = client.post(f"/consensus/{consultation.pk}/positions/call/",
                           {"closes_at": timezone.localtime(_closes()).strftime(
                               "%Y-%m-%dT%H:%M")})
    assert response.status_code == 400 and "no draft consensus comment" in (
        response.content.decode())
    assert row_counts() == before and smtp_server.messages == []


def test_positions_closing_soon_is_recalled_once_when_due(world, draft, coordinator, member,
                                                          smtp_server):
    consultation = world["consultation"]  # reminder_days: 3
    closes = _closes(10)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call = services.positions_call(actor=coordinator, consultation=consultation,
                                       closes_at=closes)
    n = len(smtp_server.messages)
    assert services.positions_remind(call=call, now=closes - dt.timedelta(days=4)) is None
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = reminders_send_due(now=closes - dt.timedelta(days=2))  # `liaison notices remind`
    assert [a.trigger for a in sent] == ["step.positions_closing"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reminders_send_due(now=closes - dt.timedelta(days=1)) == []  # once per date
    reminded = sorted(str(m["To"]) for m in smtp_server.messages[n:])
    assert reminded == ["ana@example.org", "ben@example.org", "cm@example.org",
                        "cy@example.org"]
    assert {str(m["Subject"]) for m in smtp_server.messages[n:]} == {
        f"[TMI] Positions close soon: {consultation.title}"}


def test_the_verdict_tells_coordinators_members_position_holders_and_commenters(
        world, draft, coordinator, member, expert, smtp_server):
    for who in ("ana", "ben", "cy"):
        services.position_state(actor=world[who][0], draft=draft, value=1)
    c3, c4 = world["comments"][2:]
    services.disposition_set(actor=coordinator, comment=c3, kind="noted",
                             reason="Out of scope of this amendment.")
    services.disposition_set(actor=coordinator, comment=c4, kind="accepted_changes",
                             reason="Typo fixed editorially.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.position_finalize(actor=coordinator, consultation=world["consultation"])
    told = _subjects(smtp_server)
    assert sorted(told) == ["ana@example.org", "ben@example.org", "cm@example.org",
                            "coordinator@example.org", "cy@example.org"]
    assert {s for subjects in told.values() for s in subjects} == {
        f"[TMI] Verdict reached: {world['consultation'].title}"}
    assert all(len(subjects) == 1 for subjects in told.values())
    assert "consensus was reached" in text(smtp_server.to("cy@example.org")[0])


def test_who_is_told_is_data_an_edited_trigger_tells_others(world, draft, coordinator, member,
                                                           smtp_server):
    Trigger.objects.filter(slug="step.drafts_ready").update(roles=["coordinators"],
                                                             in_app=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.positions_call(actor=coordinator, consultation=world["consultation"],
                                closes_at=_closes())
    assert smtp_server.recipients == ["coordinator@example.org"]
    assert not Notice.objects.filter(channel=Notice.Channel.IN_APP,
                                     announcement__trigger="step.drafts_ready").exists()
