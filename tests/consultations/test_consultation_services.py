"""Consultations: created as drafts, opened and closed only along the declared transitions,
a past deadline refused, every change audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.consultations import services
from liaison.consultations.models import Consultation
from liaison.consultations.states import State
from tests.consultations.helpers import pass_deadline
from tests.snapshots import row_counts


def test_a_consultation_is_created_as_a_draft_and_audited(org, coordinator, project):
    consultation = services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Call",
        deadline=timezone.now() + dt.timedelta(days=3))
    assert consultation.state == State.DRAFT
    assert AuditEvent.objects.filter(verb="consultation.create",
                                     object_id=str(consultation.pk)).exists()


def test_a_deadline_in_the_past_is_refused(org, coordinator, project):
    before = row_counts()
    with pytest.raises(ValidationError, match="deadline is in the past"):
        services.consultation_create(actor=coordinator, liaison_org=org, project=project,
                                     title="Call", deadline=timezone.now() - dt.timedelta(hours=1))
    assert row_counts() == before


def test_open_then_close_follow_the_declared_transitions(coordinator, consultation):
    assert consultation.state == State.OPEN
    with pytest.raises(ValidationError, match="cannot become"):
        services.consultation_open(actor=coordinator, consultation=consultation,
                                   without_notice_reason="again")
    pass_deadline(consultation)
    closed = services.consultation_close(actor=coordinator, consultation=consultation)
    assert closed.state == State.CLOSED
    verbs = list(AuditEvent.objects.filter(object_id=str(consultation.pk),
                                           object_type="consultations.consultation")
                 .values_list("verb", "data__early").order_by("seq"))
    assert verbs == [("consultation.create", None), ("consultation.open", None),
                     ("consultation.close", False)]


def test_reopening_needs_a_deadline_still_to_come_and_a_reason(coordinator, consultation):
    pass_deadline(consultation)
    services.consultation_close(actor=coordinator, consultation=consultation)
    before = row_counts()
    with pytest.raises(ValidationError, match="reopened with a new deadline"):
        services.consultation_open(actor=coordinator, consultation=consultation,
                                   without_notice_reason="Forgot a document")
    with pytest.raises(ValidationError, match="deadline is in the past"):
        services.consultation_reopen(actor=coordinator, consultation=consultation,
                                     deadline=timezone.now() - dt.timedelta(hours=1),
                                     reason="Forgot a document")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.consultation_reopen(actor=coordinator, consultation=consultation,
                                     deadline=timezone.now() + dt.timedelta(days=2), reason=" ")
    assert row_counts() == before
    reopened = services.consultation_reopen(actor=coordinator, consultation=consultation,
                                            deadline=timezone.now() + dt.timedelta(days=2),
                                            reason="Forgot a document")
    assert reopened.state == State.OPEN
    event = AuditEvent.objects.filter(verb="consultation.open").latest("seq")
    assert event.data["reopen"] is True and event.data["reason"] == "Forgot a document"


def test_coordinator_creates_and_opens_a_consultation_through_the_pages(client, coordinator,
                                                                        project):
    client.force_login(coordinator)
    deadline = (timezone.localtime(timezone.now() + dt.timedelta(days=21))
                .strftime("%Y-%m-%dT%H:%M"))
    response = client.post(reverse("consultations:new", args=[project.pk]), {
        "title": "DCMI comments", "document": project.documents.first().pk,
        "opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "deadline": deadline,
        "late_policy": "refuse", "reminder_days": 3})
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:detail", args=[consultation.pk])
    before = row_counts()
    response = client.post(reverse("consultations:open", args=[consultation.pk]))
    assert response.status_code == 400
    assert "Announce and open" in response.content.decode()
    assert row_counts() == before
    response = client.post(reverse("consultations:open", args=[consultation.pk]),
                           {"without_notice_reason": "Internal trial with the committee"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "DCMI comments" in page and "open for input" in page


def test_a_past_deadline_in_the_page_is_refused_with_a_message(client, coordinator, project):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("consultations:new", args=[project.pk]), {
        "title": "Too late", "opens_at": "2020-01-01T10:00", "deadline": "2020-02-01T10:00",
        "late_policy": "refuse", "reminder_days": 3})
    assert response.status_code == 400
    assert "The deadline is in the past" in response.content.decode()
    assert row_counts() == before


def test_stakeholders_cannot_create_consultations(client, project, alice):
    client.force_login(alice[0])
    assert client.get(reverse("consultations:new", args=[project.pk])).status_code == 403


def test_another_organizations_consultation_is_a_404(client, consultation, other_org,
                                                     make_user):
    client.force_login(make_user("coordinator", username="other", liaison_org=other_org))
    assert client.get(reverse("consultations:detail", args=[consultation.pk])).status_code == 404
    assert client.get(reverse("consultations:export",
                              args=[consultation.pk, "docx"])).status_code == 404
