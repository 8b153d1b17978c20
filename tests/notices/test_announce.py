"""Announcing: exactly the matching, consenting stakeholders are told, in one batch, with the same
documents and deadline; nothing is sent for a write that rolled back; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.notices import services
from liaison.notices.audience import Criteria, audience
from liaison.notices.models import Announcement, DeliveryAttempt, Notice
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Role
from tests.snapshots import row_counts

DEADLINE_IN = dt.timedelta(days=20)


def notice_counts() -> dict[str, int]:
    return {"announcements": Announcement.objects.count(), "notices": Notice.objects.count(),
            "attempts": DeliveryAttempt.objects.count()}


def announce(world, coordinator, **kwargs):
    fields = {"criteria": Criteria(), "subject": "ISO/DIS 15836-2 is out for comment",
              "message": "Please read the DIS.", "documents": world.documents,
              "deadline": (timezone.now() + DEADLINE_IN).replace(second=0, microsecond=0)}
    fields.update(kwargs)
    return services.announcement_send(actor=coordinator, project=world.project, **fields)


def test_announcement_reaches_exactly_the_matching_consenting_stakeholders(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(world, coordinator)

    # E-mail: Alice (committee), Bob (topic), Carol (required group); not Dave (no consent),
    # Erin (matches nothing), Gina (no address).
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Bob", "Carol"))
    assert Announcement.objects.count() == 1
    in_app = Notice.objects.filter(channel=Notice.Channel.IN_APP)
    assert {n.stakeholder.name for n in in_app} == {"Alice", "Bob", "Carol", "Gina"}
    assert announcement.recipient_count == 4
    assert announcement.excluded == [{"stakeholder": world.s["Dave"].pk, "name": "Dave",
                                      "reason": "no_consent"}]
    # One batch: every notice belongs to the one announcement, queued at the same instant.
    assert {n.queued_at for n in Notice.objects.all()} == {announcement.sent_at}
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.SENT}
    # The same documents and the same deadline in every message.
    utc_deadline = announcement.deadline.strftime("%Y-%m-%d %H:%M UTC")
    for message in smtp_server.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert utc_deadline in text and utc_deadline in html
        assert "N 1234 DIS text <https://example.org/n1234.pdf>" in text
        assert "N 1235 Explanatory report" in text
        assert '<a href="https://example.org/n1234.pdf">' in html
        assert "https://liaison.example.org/notices/inbox/" in text
    # Receivers can drop duplicates: the Message-ID is the notice's.
    ids = {m["Message-ID"] for m in smtp_server.messages}
    expected = {f"<notice-{n.pk}@liaison.example.org>"
                for n in Notice.objects.filter(channel=Notice.Channel.EMAIL)}
    assert ids == expected
    # Audit: one event lists the recipients; the delivery of each e-mail is recorded too.
    event = AuditEvent.objects.get(verb="announcement.project")
    emailed = sorted(world.s[n].pk for n in ("Alice", "Bob", "Carol"))
    assert sorted(event.data["email"]) == emailed
    delivered = [n for e in AuditEvent.objects.filter(verb="notice.sent")
                 for n in e.data["notices"]]
    assert sorted(n["stakeholder"] for n in delivered) == emailed
    assert {n["message_id"] for n in delivered} == ids


def test_deadline_is_shown_in_the_recipients_time_zone(world, coordinator, smtp_server,
                                                       django_capture_on_commit_callbacks):
    deadline = dt.datetime(2031, 3, 14, 16, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator, deadline=deadline)
    by_rcpt = {m["To"]: m.get_body(preferencelist=("plain",)).get_content()
               for m in smtp_server.messages}
    assert "14 March 2031, 17:00 (Europe/Paris) — 2031-03-14 16:00 UTC" in by_rcpt[
        "alice@example.org"]
    assert "14 March 2031, 16:00 (UTC)" in by_rcpt["bob@example.org"]


def test_chosen_interest_categories_widen_the_audience(world):
    academic = InterestCategory.objects.get(code="academic")
    found = audience(world.project, Criteria(committee=False, topics=False,
                                             required_groups=False, categories=(academic.pk,)))
    assert [m.name for m in found.recipients] == ["Erin"]


def test_stakeholders_of_another_organization_are_never_told(world, other_org, coordinator):
    registry.stakeholder_create(actor=None, liaison_org=other_org, name="Olga",
                                email="olga@example.org", consent_to_contact=True,
                                categories=[InterestCategory.objects.get(code="industry")])
    names = [m.name for m in audience(world.project, Criteria()).members]
    assert "Olga" not in names


def test_a_rolled_back_announcement_sends_nothing(world, coordinator, smtp_server,
                                                  django_capture_on_commit_callbacks):
    before = notice_counts()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        announce(world, coordinator)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert smtp_server.messages == []
    assert notice_counts() == before


def test_a_deadline_in_the_past_is_refused(world, coordinator, smtp_server):
    before = (row_counts(), notice_counts())
    with pytest.raises(ValidationError, match="has already passed"):
        announce(world, coordinator, deadline=timezone.now() - dt.timedelta(minutes=1))
    assert (row_counts(), notice_counts()) == before
    assert smtp_server.messages == []


def test_a_stakeholder_who_withdrew_consent_is_not_mailed(world, coordinator, smtp_server,
                                                          django_capture_on_commit_callbacks):
    registry.stakeholder_update(actor=None, stakeholder=world.s["Alice"],
                                consent_to_contact=False)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(world, coordinator)
    assert "alice@example.org" not in smtp_server.recipients
    assert {x["name"] for x in announcement.excluded} == {"Alice", "Dave"}
    assert not Notice.objects.filter(stakeholder=world.s["Alice"]).exists()


def test_consent_withdrawn_after_the_announcement_stops_the_queued_mail(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:  # the worker has not run yet
        announce(world, coordinator)
    registry.stakeholder_update(actor=None, stakeholder=world.s["Bob"], consent_to_contact=False)
    for callback in callbacks:
        callback()
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Carol"))
    bob = Notice.objects.get(stakeholder=world.s["Bob"], channel=Notice.Channel.EMAIL)
    assert bob.state == Notice.State.FAILED
    assert "consent to be contacted withdrawn" in bob.last_error
    assert bob.next_attempt_at is None  # never retried


def test_nobody_to_tell_is_refused(world, coordinator):
    with pytest.raises(ValidationError, match="Choose at least one way"):
        announce(world, coordinator, criteria=Criteria(committee=False, topics=False,
                                                       required_groups=False))


# --- pages -------------------------------------------------------------------------------


def form_data(world, **overrides):
    deadline = timezone.localtime(timezone.now() + DEADLINE_IN)
    data = {"subject": "Please comment", "message": "", "committee": "on", "topics": "on",
            "required_groups": "on", "documents": [d.pk for d in world.documents],
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M")}
    data.update(overrides)
    return data


def test_preview_lists_who_is_told_and_who_is_left_out_and_changes_nothing(
        client, world, coordinator, smtp_server):
    client.force_login(coordinator)
    before = (row_counts(), notice_counts())
    url = reverse("notices:announce_project", args=[world.project.pk])
    response = client.post(url, {**form_data(world), "preview": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 stakeholders will be told" in page
    assert "Dave" in page and "has not consented to be contacted" in page
    assert "Gina" in page and "told in the app only" in page
    assert "Erin" not in page
    assert 'name="send"' in page
    assert (row_counts(), notice_counts()) == before
    assert smtp_server.messages == []


def test_coordinator_previews_then_sends(client, world, coordinator, smtp_server,
                                        django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("notices:announce_project", args=[world.project.pk])
    preview = client.post(url, {**form_data(world), "preview": ""})
    fingerprint = preview.context["audience"].fingerprint()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form_data(world), "fingerprint": fingerprint,
                                     "send": ""})
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:announcement", args=[announcement.pk])
    assert len(smtp_server.messages) == 3
    detail = client.get(response["Location"]).content.decode()
    assert "Dave" in detail


def test_send_refused_when_the_list_changed_since_the_preview(client, world, coordinator,
                                                              smtp_server):
    client.force_login(coordinator)
    url = reverse("notices:announce_project", args=[world.project.pk])
    preview = client.post(url, {**form_data(world), "preview": ""})
    fingerprint = preview.context["audience"].fingerprint()
    registry.stakeholder_update(actor=None, stakeholder=world.s["Dave"], consent_to_contact=True)
    before = notice_counts()
    response = client.post(url, {**form_data(world), "fingerprint": fingerprint, "send": ""})
    assert response.status_code == 400
    assert "changed since the preview" in response.content.decode()
    assert notice_counts() == before


def test_deadline_in_the_past_is_refused_on_the_page(client, world, coordinator, smtp_server):
    client.force_login(coordinator)
    before = (row_counts(), notice_counts())
    past = timezone.localtime(timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("notices:announce_project", args=[world.project.pk]),
                           {**form_data(world, deadline=past), "send": ""})
    assert response.status_code == 400
    assert "has already passed" in response.content.decode()
    assert (row_counts(), notice_counts()) == before


@pytest.mark.parametrize("role", [Role.EXPERT, Role.STAKEHOLDER, Role.COMMITTEE_MEMBER])
def test_only_coordinators_announce(client, make_user, world, smtp_server, role):
    client.force_login(make_user(role, username=f"u-{role}"))
    before = (row_counts(), notice_counts())
    url = reverse("notices:announce_project", args=[world.project.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {**form_data(world), "send": ""}).status_code == 403
    assert (row_counts(), notice_counts()) == before
    assert smtp_server.messages == []


def test_another_organizations_project_is_not_found(client, other_org, make_user, world):
    outsider = make_user(Role.COORDINATOR, username="outsider", liaison_org=other_org)
    client.force_login(outsider)
    url = reverse("notices:announce_project", args=[world.project.pk])
    assert client.get(url).status_code == 404
