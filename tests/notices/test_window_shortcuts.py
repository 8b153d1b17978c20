"""The announced input window has no side door: once a consultation is announced, its late
policy (like its deadline) is not edited — not by the service, the edit page or the admin. A
switch from "refuse" to "flag" after the deadline would take input again with no reason and
no notice; that is done by reopening, which asks both."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.consultations import services as consultations
from liaison.consultations.admission import admission
from liaison.consultations.models import Consultation
from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.registry import services as registry
from tests.snapshots import row_counts

REFUSE, FLAG = Consultation.LatePolicy.REFUSE, Consultation.LatePolicy.FLAG


@pytest.fixture
def announced(world, coordinator, django_capture_on_commit_callbacks) -> Consultation:
    """The world's consultation, refusing late input, opened by its announcement."""
    consultation = world.consultation()
    consultations.consultation_update(actor=coordinator, consultation=consultation,
                                      late_policy=REFUSE)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_announce(actor=coordinator, consultation=consultation,
                                       criteria=Criteria(), subject="Comments wanted")
    consultation.refresh_from_db()
    return consultation


def _past_deadline(consultation: Consultation) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now())
    consultation.refresh_from_db()


def test_the_service_refuses_to_change_an_announced_late_policy_and_nothing_changes(
        coordinator, announced):
    _past_deadline(announced)
    assert not admission(announced).allowed
    before = row_counts()
    with pytest.raises(ValidationError, match="changes only while the consultation is a draft"):
        consultations.consultation_update(actor=coordinator, consultation=announced,
                                          late_policy=FLAG)
    announced.refresh_from_db()
    assert announced.late_policy == REFUSE and not admission(announced).allowed
    assert row_counts() == before


def test_a_drafts_late_policy_is_still_edited(world, coordinator):
    draft = world.consultation()
    consultations.consultation_update(actor=coordinator, consultation=draft, late_policy=FLAG)
    draft.refresh_from_db()
    assert draft.late_policy == FLAG


def test_the_edit_page_refuses_the_switch_with_the_reason_on_the_field(client, coordinator,
                                                                       announced):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("consultations:edit", args=[announced.pk]), {
        "title": announced.title, "document": announced.document_id or "",
        "opens_at": timezone.localtime(announced.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "deadline": timezone.localtime(announced.deadline).strftime("%Y-%m-%dT%H:%M"),
        "late_policy": FLAG, "reminder_days": announced.reminder_days})
    assert response.status_code == 400
    assert "reopen it, with the reason" in response.content.decode()
    assert row_counts() == before


def test_the_admin_shows_an_announced_window_read_only(client, world, announced):
    root = registry.user_create(actor=None, username="root", email="root@example.org",
                                password="x-very-long-password-1", is_staff=True)
    root.is_superuser = True
    root.save()
    client.force_login(root)
    page = client.get(reverse("admin:consultations_consultation_change",
                              args=[announced.pk])).content.decode()
    assert 'name="late_policy"' not in page and 'name="deadline_0"' not in page
    draft = world.consultation()
    page = client.get(reverse("admin:consultations_consultation_change",
                              args=[draft.pk])).content.decode()
    assert 'name="late_policy"' in page and 'name="deadline_0"' in page
