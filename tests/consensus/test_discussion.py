"""The discussion thread on a draft consensus comment: participants post, the page shows the
messages in order with author and time, bad input and outsiders are refused with nothing
stored."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from liaison.audit.models import AuditEvent
from liaison.committees import services as committees
from liaison.consensus import services
from liaison.consensus.models import Message
from liaison.consultations.models import Consultation
from liaison.registry.models import Role
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, coordinator):
    return services.draft_create(actor=coordinator, consultation=world["consultation"],
                                 comments=world["comments"][:2])


def url(draft, tail=""):
    return f"/consensus/{draft.consultation_id}/drafts/{draft.pk}/{tail}"


def test_participants_post_and_the_page_shows_the_thread_in_order(world, draft, coordinator,
                                                                  client):
    ana = world["ana"][0]
    client.force_login(ana)
    response = client.post(url(draft, "messages/"), {"text": "EDTF is hard to read for "
                                                             "consumers; add an example?"})
    assert response.status_code == 302 and response["Location"].endswith("#discussion")
    client.force_login(coordinator)
    client.post(url(draft, "messages/"), {"text": "Good idea: I will add one to the change."})

    thread = list(Message.objects.filter(draft=draft))
    assert [m.author for m in thread] == [ana, coordinator]
    event = AuditEvent.objects.filter(verb="draft.message").order_by("seq")
    assert [e.actor for e in event] == [ana, coordinator]
    assert event[0].data["text"].startswith("EDTF is hard")

    html = client.get(url(draft)).content.decode()
    first, second = html.index("EDTF is hard to read"), html.index("Good idea")
    assert first < second
    shown = thread[0].posted_at.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))  # org's zone
    # ana by her stakeholder name, not her username
    assert "<strong>Ana</strong>" in html and shown.strftime("%Y-%m-%d %H:%M") in html
    assert 'data-testid="thread"' in html and "Post the message" in html


def test_a_committee_seat_without_a_position_role_may_post(world, draft, org, coordinator,
                                                           make_user, client):
    panel = make_user(Role.APPEALS_PANEL, username="pia")  # may view, not state positions
    client.force_login(panel)
    assert client.post(url(draft, "messages/"), {"text": "Hello"}).status_code == 403
    committee = committees.committee_create(actor=coordinator, liaison_org=org,
                                            name="Metadata mirror committee")
    committees.member_add(actor=coordinator, committee=committee, user=panel,
                          role="member", term_start=dt.date(2025, 1, 1))
    assert client.post(url(draft, "messages/"), {"text": "As a member: agreed."}
                       ).status_code == 302
    assert Message.objects.get().author == panel


@pytest.mark.parametrize("text, status, expected", [
    ("   ", 400, "Write a message before posting it."),
    ("x" * (Message.MAX_LENGTH + 1), 400, "at most 4000 characters (this one has 4001)"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
        world, draft, client, text, status, expected):
    client.force_login(world["ana"][0])
    before = row_counts()
    response = client.post(url(draft, "messages/"), {"text": text})
    assert response.status_code == status
    assert expected in response.content.decode()
    assert row_counts() == before


def test_outsiders_and_other_organizations_are_refused(world, draft, other_org, make_user,
                                                      client):
    stranger = make_user(Role.COORDINATOR, username="stranger", liaison_org=other_org)
    before = row_counts()
    client.force_login(stranger)
    assert client.post(url(draft, "messages/"), {"text": "Hi"}).status_code == 404
    client.logout()
    assert client.post(url(draft, "messages/"), {"text": "Hi"}).status_code in (302, 403)
    assert row_counts() == before


def test_the_thread_closes_after_submission(world, draft, client):
    Consultation.objects.filter(pk=draft.consultation_id).update(state="submitted")
    client.force_login(world["ana"][0])
    before = row_counts()
    response = client.post(url(draft, "messages/"), {"text": "Too late?"})
    assert response.status_code == 409
    assert "The discussion is closed" in response.content.decode()
    assert row_counts() == before
    assert "Post the message" not in client.get(url(draft)).content.decode()
