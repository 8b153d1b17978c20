"""Small builders shared by tests of several areas (each goes through the real services)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.projects import services as projects

#: The reason test set-ups give for opening a consultation without announcing it.
TRIAL = "test set-up: opened without notice"


def open_consultation_on_the_dis(org, coordinator, *, days: int = 10) -> Consultation:
    """An open call for comments on ISO/DIS 15836-2 (Dublin Core), due in ``days`` days."""
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/DIS 15836-2", title="Dublin Core",
                                      stage_code="40.20")
    return consultations.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
            deadline=timezone.now() + dt.timedelta(days=days)))
