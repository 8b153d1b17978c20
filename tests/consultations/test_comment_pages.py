"""Comments through the web form: drafts and submissions, who sees what, frozen after the
deadline, late input per policy, optimistic locking, safe numbering."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.consultations import services
from liaison.consultations.models import Comment
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.consultations.helpers import pass_deadline
from tests.snapshots import row_counts


def comment_data(**overrides):
    data = {"mb": "", "line": "412", "clause": "5.2.7", "element": "Usage note", "type": "te",
            "comment": "ISO 8601-1 cannot express approximate dates.",
            "proposed_change": "Recommend EDTF.", "action": "draft"}
    data.update(overrides)
    return data


def write(client, consultation, **overrides):
    return client.post(reverse("consultations:comment_new", args=[consultation.pk]),
                       comment_data(**overrides))


def detail(client, consultation) -> str:
    return client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()


def test_a_stakeholder_writes_a_draft_then_submits_it(client, consultation, alice):
    user, profile = alice
    client.force_login(user)
    response = write(client, consultation)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.status, comment.mb, comment.number) == (
        profile, Comment.Status.DRAFT, "TMI", 1)  # MB/NC defaults to the org's short name
    assert "ISO 8601-1 cannot express" in detail(client, consultation)
    response = client.post(reverse("consultations:comment_edit",
                                   args=[consultation.pk, comment.pk]),
                           comment_data(version=comment.version, action="submit"))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SUBMITTED and comment.version == 2
    assert not comment.is_late
    assert list(AuditEvent.objects.filter(object_type="consultations.comment")
                .values_list("verb", flat=True).order_by("seq")) == ["comment.create",
                                                                     "comment.submit"]


def test_a_user_without_a_stakeholder_profile_gets_a_clear_message(client, consultation,
                                                                   make_user):
    client.force_login(make_user(Role.STAKEHOLDER, username="nobody"))
    response = write(client, consultation)
    assert response.status_code == 403
    assert "not linked to a stakeholder profile" in response.content.decode()
    assert not Comment.objects.exists()


def test_drafts_and_comments_are_private_until_the_deadline(client, consultation, alice, bob,
                                                            coordinator):
    services.comment_create(actor=alice[0], consultation=consultation, author=alice[1],
                            comment="Alice's draft", type="te")
    services.comment_create(actor=alice[0], consultation=consultation, author=alice[1],
                            comment="Alice's submitted comment", type="te", submit=True)
    client.force_login(bob[0])
    page = detail(client, consultation)
    assert "Alice&#x27;s" not in page and "Alice's" not in page
    assert "once the deadline has passed" in page
    client.force_login(coordinator)  # coordinators see submitted comments, never drafts
    page = detail(client, consultation)
    assert "Alice&#x27;s submitted comment" in page
    assert "Alice&#x27;s draft" not in page
    client.force_login(alice[0])
    page = detail(client, consultation)
    assert "Alice&#x27;s draft" in page and "Alice&#x27;s submitted comment" in page
    pass_deadline(consultation)
    client.force_login(bob[0])  # after the deadline: submitted ones, never drafts
    page = detail(client, consultation)
    assert "Alice&#x27;s submitted comment" in page
    assert "Alice&#x27;s draft" not in page


def test_someone_elses_comment_cannot_be_edited(client, consultation, alice, bob):
    comment = services.comment_create(actor=alice[0], consultation=consultation,
                                      author=alice[1], comment="Mine", type="ed")
    client.force_login(bob[0])
    url = reverse("consultations:comment_edit", args=[consultation.pk, comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, comment_data(version=1)).status_code == 404
    comment.refresh_from_db()
    assert comment.comment == "Mine"


def test_after_the_deadline_submitted_comments_are_frozen(client, consultation, alice):
    comment = services.comment_create(actor=alice[0], consultation=consultation,
                                      author=alice[1], comment="Before", type="te",
                                      submit=True)
    pass_deadline(consultation)
    client.force_login(alice[0])
    before = row_counts()
    response = client.post(reverse("consultations:comment_edit",
                                   args=[consultation.pk, comment.pk]),
                           comment_data(version=comment.version, comment="After"))
    assert response.status_code == 409
    assert "has passed: submitted comments are frozen" in response.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Before"
    assert row_counts() == before


def test_late_comments_are_refused_under_the_refuse_policy(client, consultation, alice):
    pass_deadline(consultation)
    client.force_login(alice[0])
    before = row_counts()
    response = write(client, consultation, action="submit")
    assert response.status_code == 409
    assert "late comments are not accepted" in response.content.decode()
    assert row_counts() == before


def test_late_comments_are_accepted_and_flagged_under_the_flag_policy(client, consultation,
                                                                      alice):
    pass_deadline(consultation, late_policy="flag")
    client.force_login(alice[0])
    response = write(client, consultation, action="submit")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.is_late and comment.status == Comment.Status.SUBMITTED
    assert "late" in detail(client, consultation)


def test_a_closed_consultation_takes_no_comment(client, consultation, coordinator, alice):
    services.consultation_close(actor=coordinator, consultation=consultation,
                                reason="Input ends early for this test.")
    client.force_login(alice[0])
    before = row_counts()
    response = write(client, consultation)
    assert response.status_code == 409
    assert "consultation is closed" in response.content.decode()
    assert row_counts() == before


def test_a_stale_edit_is_refused_showing_the_other_text_and_keeping_yours(client, consultation,
                                                                          alice):
    comment = services.comment_create(actor=alice[0], consultation=consultation,
                                      author=alice[1], comment="First text", type="te")
    # The same person edits in another tab, which saves first.
    services.comment_update(actor=alice[0], comment=comment, version=1,
                            changes={"comment": "Text saved in the other tab"})
    client.force_login(alice[0])
    url = reverse("consultations:comment_edit", args=[consultation.pk, comment.pk])
    before = row_counts()
    response = client.post(url, comment_data(version=1, comment="My stale edit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed by someone else while you were editing" in page
    assert "Text saved in the other tab" in page  # their text shown
    assert "My stale edit" in page  # yours kept in the form
    assert 'name="version" value="2"' in page  # the next save starts from the current one
    assert row_counts() == before
    comment.refresh_from_db()
    assert comment.comment == "Text saved in the other tab"
    response = client.post(url, comment_data(version=2, comment="Merged text"))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.comment, comment.version) == ("Merged text", 3)


def test_comment_type_is_required_and_must_be_known(client, consultation, alice):
    client.force_login(alice[0])
    before = row_counts()
    response = write(client, consultation, type="major")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_numbers(org, coordinator, project, make_stakeholder):
    """Threads number comments at the same time; the row lock gives each its own number.
    (SQLite's in-memory test database uses shared-cache table locks that fail instead of
    waiting, so this runs on PostgreSQL; file-backed SQLite serializes writers itself.)"""
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL (CI runs it)")
    consultation = services.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=services.consultation_create(
            actor=coordinator, liaison_org=org, project=project, title="Race",
            deadline=timezone.now() + dt.timedelta(days=1)))
    users = [make_stakeholder(f"writer{i}") for i in range(4)]
    errors = []

    def worker(user, profile):
        try:
            for n in range(3):
                services.comment_create(actor=user, consultation=consultation, author=profile,
                                        comment=f"{profile.name} {n}", type="ed", submit=True)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(consultation.comments.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
