"""Meetings and the consensus workflow: a decision names the draft consensus comments it is
about and shows on their pages; a position given at a meeting is entered by the secretary on
the member's behalf and shown with the meeting as its source."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liaison.committees import services
from liaison.committees.models import Decision, MeetingInput
from liaison.consensus import services as consensus
from liaison.consensus.models import Position
from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.registry import services as registry
from tests.builders import open_consultation_on_the_dis
from tests.committees.conftest import meeting_fields
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, coordinator, make_user):
    consultation = open_consultation_on_the_dis(org, coordinator, days=5)
    author = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Ana",
                                         email="ana@example.org", categories=[])
    comment = consultations.comment_create(actor=coordinator, consultation=consultation,
                                           author=author, submit=True, clause="5.2.7",
                                           type="te", comment="Cite ISO 8601-2.")
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consensus.consolidation_start(actor=coordinator, consultation=consultation)
    return consensus.draft_create(actor=coordinator, consultation=consultation,
                                  comments=[comment])


@pytest.fixture
def meeting(world, coordinator):
    return services.meeting_schedule(actor=coordinator, committee=world.committee,
                                     **meeting_fields())


def _as(client, member):
    client.force_login(member.user)
    return client


def test_a_decision_names_drafts_and_shows_on_their_pages(world, meeting, draft, client):
    c = _as(client, world.secretary)
    response = c.post(f"/committees/meetings/{meeting.pk}/decisions/new/", {
        "text": "The committee supports TMI-001 as drafted.", "outcome": "adopted",
        "drafts": [draft.pk]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert list(decision.drafts.all()) == [draft]
    page = c.get(f"/consensus/{draft.consultation_id}/drafts/{draft.pk}/").content.decode()
    assert "The committee supports TMI-001 as drafted." in page
    assert f'href="/committees/meetings/{meeting.pk}/"' in page
    assert draft.reference in c.get(f"/committees/meetings/{meeting.pk}/").content.decode()


def test_a_draft_of_another_organization_cannot_be_named(world, meeting, draft, other_org,
                                                         client):
    c = _as(client, world.secretary)
    before = row_counts()
    response = c.post(f"/committees/meetings/{meeting.pk}/decisions/new/", {
        "text": "x", "outcome": "adopted", "drafts": [draft.pk + 999]})
    assert response.status_code == 400 and row_counts() == before


def test_a_position_given_at_the_meeting_is_entered_with_its_source(world, meeting, draft,
                                                                    client):
    c = _as(client, world.secretary)
    response = c.post(f"/committees/meetings/{meeting.pk}/inputs/new/", {
        "member": world.chair.pk, "text": "The chair opposes: EDTF is not widely supported.",
        "draft": draft.pk, "position": "-1"})
    assert response.status_code == 302
    position = Position.objects.get(draft=draft)
    assert position.user == world.chair.user and position.value == -1
    assert position.meeting == meeting and position.entered_by == world.secretary.user
    assert position.argument.startswith("The chair opposes")
    record = MeetingInput.objects.get()
    assert record.draft == draft and record.position == -1

    page = c.get(f"/consensus/{draft.consultation_id}/drafts/{draft.pk}/").content.decode()
    day = meeting.starts_at.strftime("%Y-%m-%d")
    assert f"given at meeting “{meeting.title}” on {day}, entered by secretary" in page
    consolidation = c.get(f"/consensus/{draft.consultation_id}/").content.decode()
    assert 'data-testid="meeting-inputs"' in consolidation
    assert f"given at meeting “{meeting.title}” on {day}" in consolidation

    # the chair restates it themselves: the meeting is no longer its source
    consensus.position_state(actor=world.chair.user, draft=draft, value=1)
    position.refresh_from_db()
    assert position.meeting is None and position.entered_by is None


def test_a_position_for_someone_without_an_account_is_refused(world, meeting, draft, client):
    c = _as(client, world.secretary)
    before = row_counts()
    response = c.post(f"/committees/meetings/{meeting.pk}/inputs/new/", {
        "member": world.member.pk, "text": "Mia supports it.", "draft": draft.pk,
        "position": "1"})
    assert response.status_code == 400
    assert "Mia Member has no account" in response.content.decode()
    assert row_counts() == before
