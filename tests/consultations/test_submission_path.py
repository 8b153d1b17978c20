"""The comment submission path stays cheap and keeps its rules (issue 9, deadline rush).

The organization middleware reads the user's memberships once (working organization and
roles together); the comment insert looks nothing up twice. These tests hold the rules that
the fast path must keep: which organization a member of two works in, roles per
organization, the deadline under the lock, the audit event and an intact chain.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liaison.access.middleware import SESSION_ORG_KEY
from liaison.audit.models import AuditEvent
from liaison.consultations import services
from liaison.consultations.models import Comment
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.consultations.helpers import pass_deadline
from tests.snapshots import row_counts

#: Queries of one submission through the web form: session, user, memberships, saved
#: language, consultation, stakeholder profile; then the write transaction (lock, next
#: number, insert, audit head, audit event, head update) — plus BEGIN/COMMIT on PostgreSQL.
SUBMIT_QUERY_BUDGET = 14


def submit(client, consultation, text: str = "Clause 3 is ambiguous."):
    return client.post(reverse("consultations:comment_new", args=[consultation.pk]), {
        "mb": "", "line": "7", "clause": "3", "element": "", "type": "te", "comment": text,
        "proposed_change": "", "action": "submit"})


@pytest.fixture
def theirs(other_org):
    """An open consultation of ``other_org`` (its coordinator made it)."""
    boss = registry.user_create(actor=None, username="their-boss",
                                email="boss@example.net", password="x" * 20)
    registry.membership_grant(actor=None, user=boss, liaison_org=other_org,
                              role=Role.COORDINATOR)
    project = project_services.project_create(actor=boss, liaison_org=other_org,
                                               reference="ISO 690", title="Citations",
                                               stage_code="40.20")
    return services.consultation_open(
        actor=boss, without_notice_reason=TRIAL, consultation=services.consultation_create(
        actor=boss, liaison_org=other_org, project=project, title="Their consultation",
        deadline=timezone.now() + dt.timedelta(days=3)))


def test_a_member_of_two_organizations_works_in_the_chosen_one_with_its_roles(
        client, consultation, theirs, org, other_org, alice):
    user, _profile = alice  # a stakeholder of ``org``; made a coordinator of ``other_org``
    registry.membership_grant(actor=None, user=user, liaison_org=other_org,
                              role=Role.COORDINATOR)
    client.force_login(user)
    ours_edit = reverse("consultations:edit", args=[consultation.pk])
    ours_page = reverse("consultations:detail", args=[consultation.pk])
    theirs_edit = reverse("consultations:edit", args=[theirs.pk])
    theirs_page = reverse("consultations:detail", args=[theirs.pk])
    # No choice: the first organization, where alice is a stakeholder only.
    assert client.get(ours_page).status_code == 200
    assert client.get(ours_edit).status_code == 403
    assert client.get(theirs_page).status_code == 404
    # Chosen: the other organization, where she coordinates.
    session = client.session
    session[SESSION_ORG_KEY] = other_org.pk
    session.save()
    assert client.get(theirs_edit).status_code == 200
    assert client.get(ours_page).status_code == 404
    # A choice she is no longer a member of falls back to the first organization.
    session[SESSION_ORG_KEY] = other_org.pk + 1000
    session.save()
    assert client.get(ours_edit).status_code == 403
    assert client.get(theirs_page).status_code == 404
    assert submit(client, consultation).status_code == 302


def test_a_submission_stores_one_comment_and_one_event_and_the_chain_verifies(
        client, consultation, alice, django_assert_max_num_queries):
    user, profile = alice
    client.force_login(user)
    with django_assert_max_num_queries(SUBMIT_QUERY_BUDGET):
        response = submit(client, consultation)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.entered_by, comment.number, comment.status) == (
        profile, user, 1, Comment.Status.SUBMITTED)
    event = AuditEvent.objects.get(verb="comment.create")
    assert (event.actor, event.object_id, event.liaison_org) == (
        user, str(comment.pk), consultation.liaison_org)
    assert submit(client, consultation, "Second one.").status_code == 302
    assert sorted(Comment.objects.values_list("number", flat=True)) == [1, 2]
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("audit trail intact:")


def test_the_deadline_read_under_the_lock_wins_over_the_page_the_writer_loaded(
        client, consultation, alice):
    """The page's copy of the consultation is stale once the deadline passes; the service
    re-reads the deadline under the row lock and refuses, storing nothing."""
    user, profile = alice
    loaded = consultation.__class__.objects.get(pk=consultation.pk)
    pass_deadline(consultation)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        services.comment_create(actor=user, consultation=loaded, author=profile,
                                comment="Too late", type="ed", submit=True)
    assert "deadline" in str(refused.value).lower()
    assert row_counts() == before
