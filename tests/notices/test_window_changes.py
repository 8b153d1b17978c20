"""Opening is announcing; closing early, moving the deadline and reopening need a reason and
tell everyone told, in one batch, by the real mail server, in each recipient's language; the
equal-access report shows each batch. Every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.consultations import services as consultations
from liaison.consultations.states import State
from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.models import Announcement, Notice
from liaison.notices.report import equal_access
from liaison.registry.models import Stakeholder
from tests.snapshots import row_counts

TOLD = ("Alice", "Bob", "Carol")  # the world's consenting stakeholders with an address


@pytest.fixture
def announced(world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    """The world's consultation, opened by its announcement; Bob reads French."""
    Stakeholder.objects.filter(pk=world.s["Bob"].pk).update(language="fr")
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_announce(actor=coordinator, consultation=consultation,
                                       criteria=Criteria(), subject="Comments wanted")
    consultation.refresh_from_db()
    _forget_mail(smtp_server)
    return consultation


def _event(verb: str) -> AuditEvent:
    return AuditEvent.objects.filter(verb=verb).latest("seq")


def _forget_mail(smtp_server) -> None:
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()


def _by_recipient(smtp_server) -> dict[str, object]:
    counts = Counter(smtp_server.recipients)
    assert all(n == 1 for n in counts.values()), counts  # each recipient once
    return {m["To"]: m for m in smtp_server.messages}


# ---------------------------------------------------------------- opening


def test_a_draft_opens_without_notice_only_for_a_recorded_reason(world, coordinator):
    consultation = world.consultation()
    before = row_counts()
    with pytest.raises(ValidationError, match="Announce and open"):
        consultations.consultation_open(actor=coordinator, consultation=consultation)
    with pytest.raises(ValidationError, match="Announce and open"):
        consultations.consultation_open(actor=coordinator, consultation=consultation,
                                        without_notice_reason="   ")
    assert row_counts() == before
    opened = consultations.consultation_open(actor=coordinator, consultation=consultation,
                                             without_notice_reason="Internal trial")
    assert opened.state == State.OPEN and not Notice.objects.exists()
    assert _event("consultation.open").data["without_notice_reason"] == "Internal trial"
    report = equal_access(opened)
    assert report.without_notice_reason == "Internal trial" and report.batches == []


def test_announcing_opens_and_records_who_was_told_in_the_same_transaction(
        world, announced):
    opening = _event("consultation.open")
    told = _event("announcement.consultation")
    assert "without_notice_reason" not in opening.data and told.seq > opening.seq
    assert told.data["consultation"] == announced.pk
    ids = sorted(world.s[n].pk for n in TOLD)
    assert sorted(told.data["email"]) == ids
    assert sorted(told.data["in_app"]) == sorted([*ids, world.s["Gina"].pk])


def test_the_draft_page_leads_to_the_announcement_and_asks_a_reason_to_open_without_notice(
        client, world, coordinator):
    consultation = world.consultation()
    client.force_login(coordinator)
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert reverse("notices:announce_consultation", args=[consultation.pk]) in page
    assert f'action="{reverse("consultations:open", args=[consultation.pk])}"' not in page
    before = row_counts()
    response = client.post(reverse("consultations:open", args=[consultation.pk]),
                           {"without_notice_reason": ""})
    assert response.status_code == 400 and "give the reason" in response.content.decode()
    assert row_counts() == before


# ---------------------------------------------------------------- closing early


def test_closing_before_the_deadline_needs_a_reason_and_tells_everyone_told_once(
        world, coordinator, announced, smtp_server, django_capture_on_commit_callbacks):
    before = row_counts()
    with pytest.raises(ValidationError, match="Give the reason"):
        consultations.consultation_close(actor=coordinator, consultation=announced)
    assert row_counts() == before and smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        closed = consultations.consultation_close(
            actor=coordinator, consultation=announced, reason="The ballot was withdrawn.")
    assert closed.state == State.CLOSED
    close = _event("consultation.close").data
    assert close["early"] is True and close["reason"] == "The ballot was withdrawn."
    assert close["announced_deadline"] == announced.deadline.isoformat()
    batch = _event("announcement.window_change")
    assert batch.data["reason"] == "The ballot was withdrawn."
    assert batch.data["consultation"] == announced.pk
    assert sorted(batch.data["email"]) == sorted(world.s[n].pk for n in TOLD)
    assert Announcement.objects.filter(kind="window_change").count() == 1
    mails = _by_recipient(smtp_server)
    assert set(mails) == world.emails(*TOLD)
    assert mails["alice@example.org"]["Subject"] == (
        "Closed before its deadline: Comments on the DIS")
    assert mails["bob@example.org"]["Subject"] == (
        "Clôturée avant sa date limite\u00a0: Comments on the DIS")
    french = mails["bob@example.org"].get_body(("plain",)).get_content()
    assert "Motif\u00a0: The ballot was withdrawn." in french
    english = mails["carol@example.org"].get_body(("plain",)).get_content()
    assert "Reason: The ballot was withdrawn." in english
    assert f"{announced.deadline:%Y-%m-%d %H:%M} UTC" in english
    gina = Notice.objects.get(announcement__kind="window_change",
                              stakeholder=world.s["Gina"])
    assert gina.channel == Notice.Channel.IN_APP  # no address: told in the app


def test_closing_at_the_deadline_needs_no_reason(world, coordinator, announced, smtp_server):
    from tests.consultations.helpers import pass_deadline

    pass_deadline(announced)
    consultations.consultation_close(actor=coordinator, consultation=announced)
    assert _event("consultation.close").data["early"] is False
    assert not Announcement.objects.filter(kind="window_change").exists()


def test_the_close_page_states_the_deadline_and_asks_the_reason(
        client, coordinator, announced, smtp_server, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("consultations:close", args=[announced.pk])
    page = client.get(url).content.decode()
    assert "The announced deadline is" in page and "give the reason" in page
    before = row_counts()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    assert row_counts() == before
    announced.refresh_from_db()
    assert announced.state == State.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Enough input received."})
    assert response.status_code == 302
    assert len(smtp_server.messages) == len(TOLD)


# ---------------------------------------------------------------- deadline and reopening


def test_extending_needs_a_reason_and_tells_everyone_in_their_time_zone(
        world, coordinator, announced, smtp_server, django_capture_on_commit_callbacks):
    later = announced.deadline + dt.timedelta(days=7)
    before = row_counts()
    for deadline, reason, message in ((later, "", "Give the reason"),
                                      (announced.deadline, "Why not", "other than the current"),
                                      (timezone.now() - dt.timedelta(hours=1), "Late",
                                       "in the past")):
        with pytest.raises(ValidationError, match=message):
            consultations.consultation_extend(actor=coordinator, consultation=announced,
                                              deadline=deadline, reason=reason)
    with pytest.raises(ValidationError, match="Change the deadline"):
        consultations.consultation_update(actor=coordinator, consultation=announced,
                                          deadline=later)
    assert row_counts() == before and smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(actor=coordinator, consultation=announced,
                                          deadline=later, reason="The DIS text came late.")
    announced.refresh_from_db()
    assert announced.deadline == later
    extend = _event("consultation.extend")
    assert extend.data == {"from": (later - dt.timedelta(days=7)).isoformat(),
                           "to": later.isoformat(), "reason": "The DIS text came late."}
    assert _event("announcement.window_change").seq > extend.seq
    mails = _by_recipient(smtp_server)
    assert set(mails) == world.emails(*TOLD)
    assert mails["alice@example.org"]["Subject"] == "Deadline extended: Comments on the DIS"
    paris = mails["alice@example.org"].get_body(("plain",)).get_content()
    assert "(Europe/Paris)" in paris and f"{later:%Y-%m-%d %H:%M} UTC" in paris


def test_the_edit_page_refuses_to_move_an_open_consultations_deadline(client, coordinator,
                                                                     announced):
    client.force_login(coordinator)
    later = timezone.localtime(announced.deadline + dt.timedelta(days=3))
    before = row_counts()
    response = client.post(reverse("consultations:edit", args=[announced.pk]), {
        "title": announced.title, "document": announced.document_id,
        "opens_at": timezone.localtime(announced.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "deadline": later.strftime("%Y-%m-%dT%H:%M"), "late_policy": announced.late_policy,
        "reminder_days": announced.reminder_days})
    assert response.status_code == 400 and "Change the deadline" in response.content.decode()
    assert row_counts() == before


def test_the_deadline_page_asks_the_reason_then_tells_everyone(
        client, coordinator, announced, smtp_server, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("consultations:extend", args=[announced.pk])
    later = timezone.localtime(announced.deadline + dt.timedelta(days=2))
    before = row_counts()
    response = client.post(url, {"deadline": later.strftime("%Y-%m-%dT%H:%M"), "reason": ""})
    assert response.status_code == 400 and row_counts() == before
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"deadline": later.strftime("%Y-%m-%dT%H:%M"),
                                     "reason": "Holiday season."})
    assert response.status_code == 302 and len(smtp_server.messages) == len(TOLD)


def test_reopening_tells_everyone_told_before(world, coordinator, announced, smtp_server,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_close(actor=coordinator, consultation=announced,
                                         reason="Wrong document attached.")
    _forget_mail(smtp_server)
    new_deadline = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_reopen(actor=coordinator, consultation=announced,
                                          deadline=new_deadline,
                                          reason="Right document attached.")
    opening = _event("consultation.open").data
    assert opening["reopen"] is True and opening["reason"] == "Right document attached."
    mails = _by_recipient(smtp_server)
    assert set(mails) == world.emails(*TOLD)
    assert mails["bob@example.org"]["Subject"] == (
        "Rouverte aux contributions\u00a0: Comments on the DIS")


# ---------------------------------------------------------------- the equal-access report


def test_the_report_shows_the_opening_and_each_window_change_with_reason_and_reach(
        client, world, coordinator, announced, smtp_server,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(
            actor=coordinator, consultation=announced,
            deadline=announced.deadline + dt.timedelta(days=3), reason="Holiday season.")
        consultations.consultation_close(actor=coordinator, consultation=announced,
                                         reason="Ballot withdrawn.")
    report = equal_access(announced)
    assert [(b.announcement.kind, b.change, b.reason) for b in report.batches] == [
        ("consultation", "", ""), ("window_change", "extended", "Holiday season."),
        ("window_change", "closed_early", "Ballot withdrawn.")]
    assert [(b.announcement.recipient_count, b.announcement.n_email_sent)
            for b in report.batches] == [(4, 3), (4, 3), (4, 3)]
    assert report.told == 4  # the rows still describe the opening: nobody counted twice
    client.force_login(coordinator)
    page = client.get(reverse("notices:report", args=[announced.pk])).content.decode()
    assert "Holiday season." in page and "Ballot withdrawn." in page
    assert "closed before the deadline" in page and "deadline extended" in page
