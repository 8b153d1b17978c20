"""Meetings: only coordinators and the committee's chair schedule them; every current member is
invited (equal opportunity); the .ics and the e-mail carry exact UTC times; input and
decisions are recorded with their source."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.committees import selectors, services
from liaison.committees.models import Invitation, Meeting, Member
from liaison.registry.models import Role
from tests.committees.conftest import ENDS, STARTS, meeting_fields
from tests.snapshots import row_counts

FORM = {"title": "Teleconference on the DIS", "kind": "teleconference",
        "starts_at": "2026-05-12T10:00", "ends_at": "2026-05-12T11:30",  # Paris time
        "dial_in": "https://meet.example.org/mmc", "agenda": "Welcome\nDraft comments"}


def _event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    return event


def _attendees(event) -> set[str]:
    values = event.get("ATTENDEE")
    values = values if isinstance(values, list) else [values]
    return {str(v).removeprefix("mailto:") for v in values}


def test_the_invitation_list_is_every_current_member_whatever_their_role(world, coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    assert selectors.invitation_list(meeting) == world.current
    invited = {i.member for i in meeting.invitations.all()}
    assert invited == set(world.current)  # neither the former nor the future member
    assert {i.state for i in meeting.invitations.all()} == {Invitation.State.QUEUED}


def test_a_member_appointed_later_is_invited_too(world, coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    late = services.member_add(actor=coordinator, committee=world.committee,
                               stakeholder=world.future.stakeholder, role=Member.Role.MEMBER,
                               term_start=dt.date(2026, 5, 1))
    services.meeting_invite(actor=coordinator, meeting=meeting)
    assert late in {i.member for i in meeting.invitations.all()}
    assert meeting.invitations.count() == 5


def test_the_ics_has_exact_utc_times_and_every_current_member(client, world, coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    client.force_login(coordinator)
    response = client.get(reverse("committees:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20260512T080000Z" in response.content
    event = _event(response.content)
    assert event.decoded("DTSTART") == STARTS and event.decoded("DTSTART").utcoffset() == \
        dt.timedelta(0)
    assert event.decoded("DTEND") == ENDS
    assert _attendees(event) == {m.email for m in world.current}
    assert str(event["UID"]) == f"meeting-{meeting.uid}@127.0.0.1"
    again = _event(client.get(reverse("committees:meeting_ics", args=[meeting.pk])).content)
    assert str(again["UID"]) == str(event["UID"])  # stable


def test_moving_a_meeting_keeps_its_uid_and_raises_its_sequence(world, coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    from liaison.committees import ics

    before = _event(ics.invitation(meeting, world.current))
    services.meeting_update(actor=coordinator, meeting=meeting,
                            starts_at=STARTS + dt.timedelta(hours=1),
                            ends_at=ENDS + dt.timedelta(hours=1))
    after = _event(ics.invitation(meeting, world.current))
    assert str(after["UID"]) == str(before["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == STARTS + dt.timedelta(hours=1)


def test_the_invitation_email_reaches_the_smtp_server_with_the_ics(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                            **meeting_fields())
    assert sorted(smtp_server.recipients) == sorted(m.email for m in world.current)
    message = smtp_server.messages[0]
    assert message["Subject"] == "MMC: Comments on ISO/DIS 15836-2"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invitation.ics"
    event = _event(attachment.get_payload(decode=True))
    assert event.decoded("DTSTART") == STARTS
    assert _attendees(event) == {m.email for m in world.current}
    body = message.get_body(("plain",)).get_content()
    assert "2026-05-12 08:00–09:30 UTC" in body and "2. Draft consensus comments" in body
    assert {i.state for i in meeting.invitations.all()} == {Invitation.State.SENT}
    assert AuditEvent.objects.filter(verb="meeting.invitation_sent").count() == 4


def test_nothing_is_sent_before_commit_and_a_down_server_marks_failures(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                            **meeting_fields())
    assert Meeting.objects.filter(pk=meeting.pk).exists()  # the meeting stays
    assert {i.state for i in meeting.invitations.all()} == {Invitation.State.FAILED}
    smtp_server.up()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=coordinator, meeting=meeting)
    assert len(smtp_server.messages) == 4
    assert {i.state for i in meeting.invitations.all()} == {Invitation.State.SENT}


def test_the_coordinator_schedules_through_the_page_in_their_time_zone(
        client, world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("committees:meeting_new", args=[world.committee.pk]),
                               FORM)
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("committees:meeting", args=[meeting.pk])
    assert (meeting.starts_at, meeting.ends_at) == (STARTS, ENDS)  # 10:00 Paris = 08:00 UTC
    assert [a.title for a in meeting.agenda.all()] == ["Welcome", "Draft comments"]
    page = client.get(response["Location"]).content.decode()
    assert "2026-05-12 10:00" in page  # shown in the viewer's zone
    assert len(smtp_server.messages) == 4


def test_the_chair_may_schedule(client, world):
    client.force_login(world.chair.user)
    response = client.post(reverse("committees:meeting_new", args=[world.committee.pk]), FORM)
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("who", ["secretary", "expert", "committee_member", "former_chair"])
def test_others_cannot_schedule_403_and_nothing_changes(client, world, coordinator,
                                                        make_user, who):
    if who == "secretary":
        user = world.secretary.user
    elif who == "former_chair":
        user = make_user(Role.COMMITTEE_MEMBER, username="exchair")
        services.member_add(actor=coordinator, committee=world.committee, user=user,
                            role=Member.Role.CHAIR, term_start=dt.date(2024, 1, 1),
                            term_end=dt.date(2025, 12, 31))
    else:
        user = make_user(who)
    client.force_login(user)
    before = row_counts()
    url = reverse("committees:meeting_new", args=[world.committee.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, FORM).status_code == 403
    assert row_counts() == before


def test_stakeholders_cannot_see_committees(client_as, world):
    assert client_as(Role.STAKEHOLDER).get(
        reverse("committees:detail", args=[world.committee.pk])).status_code == 403


def test_another_organizations_meeting_is_a_404(client, world, coordinator, make_user,
                                                 other_org):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    client.force_login(make_user(Role.COORDINATOR, username="osf", liaison_org=other_org))
    assert client.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("committees:meeting_ics", args=[meeting.pk])).status_code == 404


def test_the_secretary_records_attendance_minutes_input_and_decisions(client, world,
                                                                      coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    client.force_login(world.secretary.user)
    statuses = {f"member_{m.pk}": "present" for m in world.current}
    statuses[f"member_{world.observer.pk}"] = "apologies"
    assert client.post(reverse("committees:attendance", args=[meeting.pk]),
                       statuses).status_code == 302
    assert client.post(reverse("committees:minutes", args=[meeting.pk]),
                       {"minutes": "The chair opened the call."}).status_code == 302
    assert client.post(reverse("committees:input_new", args=[meeting.pk]), {
        "stakeholder": world.member.stakeholder.pk,
        "text": "Clause 4.2 should allow language tags."}).status_code == 302
    assert client.post(reverse("committees:decision_new", args=[meeting.pk]), {
        "text": "Send comment 3 as drafted.", "outcome": "adopted"}).status_code == 302
    page = client.get(reverse("committees:meeting", args=[meeting.pk])).content.decode()
    assert "Mia Member</strong>: Clause 4.2 should allow language tags." in page
    assert "apologies" in page and "The chair opened the call." in page
    record = meeting.inputs.get()
    assert (record.source, record.recorded_by, record.CHANNEL) == (
        "Mia Member", world.secretary.user, "meeting")
    assert {e.verb for e in AuditEvent.objects.filter(object_type__startswith="committees.")} \
        >= {"meeting.input", "meeting.decision"}


def test_input_needs_exactly_one_source(world, coordinator):
    from django.core.exceptions import ValidationError

    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    with pytest.raises(ValidationError, match="Say who gave this input"):
        services.meeting_input_record(actor=coordinator, meeting=meeting, text="Anonymous")


def test_a_decision_can_be_linked_to_any_record(world, coordinator):
    meeting = services.meeting_schedule(actor=coordinator, committee=world.committee,
                                        **meeting_fields())
    decision = services.decision_record(actor=coordinator, meeting=meeting, text="Noted.",
                                        outcome="noted", subject=world.committee)
    decision.refresh_from_db()
    assert decision.subject == world.committee
