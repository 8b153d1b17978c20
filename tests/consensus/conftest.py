"""Fixtures for the consensus position: a consultation whose deadline has passed, stakeholders
with accounts in two interest categories, their comments (made through the consultations
services), and a started consolidation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liaison.consensus import evaluation, services
from liaison.consultations import services as consultation_services
from liaison.consultations.models import Consultation
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.notices.conftest import IMMEDIATE


@pytest.fixture(autouse=True)
def _notices_delivered_at_once(settings):
    """Step notices go through the notices worker: run its tasks as they are enqueued."""
    settings.TASKS = IMMEDIATE
    settings.LIAISON_BASE_URL = "https://liaison.example.org"


@pytest.fixture(autouse=True)
def _fresh_matrix_cache():
    evaluation.forget()
    yield
    evaluation.forget()


@pytest.fixture
def project(org, coordinator):
    return project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core — Part 2", stage_code="40.20")


@pytest.fixture
def consultation(org, coordinator, project) -> Consultation:
    c = consultation_services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        deadline=timezone.now() + dt.timedelta(days=10))
    return consultation_services.consultation_open(actor=coordinator, consultation=c,
                                                   without_notice_reason=TRIAL)


@pytest.fixture
def make_stakeholder(org, make_user, coordinator):
    """``make_stakeholder(username, *categories)``: a user with the stakeholder role and a
    linked profile in the given interest categories (codes)."""
    cats = ensure_iso_categories()

    def make(username: str, *codes: str, role: str = Role.STAKEHOLDER):
        user = make_user(role, username=username)
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=username.title(),
            email=f"{username}@example.org", user=user,
            categories=[cats[c] for c in codes])
        return user, profile

    return make


def comment(consultation, author, user, **fields):
    return consultation_services.comment_create(
        actor=user, consultation=consultation, author=author, submit=True, **fields)


def pass_deadline(consultation: Consultation) -> None:
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consultation.refresh_from_db()


REDUNDANT = ("The definition of 'creator' must cite ISO 8601-2 for approximate dates such "
             "as circa 1850.")


@pytest.fixture
def world(consultation, coordinator, make_stakeholder):
    """Three stakeholders (ana, ben: industry; cy: consumers), four comments: ana and ben say
    the same thing about 5.2.7, cy asks something else about 5.2.20, ana adds an editorial
    note on 1; deadline passed, consolidation started."""
    ana = make_stakeholder("ana", "industry")
    ben = make_stakeholder("ben", "industry")
    cy = make_stakeholder("cy", "consumers")
    c1 = comment(consultation, ana[1], ana[0], clause="5.2.7", type="te", comment=REDUNDANT,
                 proposed_change="Cite ISO 8601-2 (EDTF) in the definition.")
    c2 = comment(consultation, ben[1], ben[0], clause="5.2.7", type="ed", comment=REDUNDANT,
                 proposed_change="Cite ISO 8601-2 (EDTF) in the definition.")
    c3 = comment(consultation, cy[1], cy[0], clause="5.2.20", type="te",
                 comment="Language tags should follow BCP 47.",
                 proposed_change="Replace ISO 639-2 by BCP 47.")
    c4 = comment(consultation, ana[1], ana[0], clause="1", type="ed",
                 comment="Typo in the scope: 'metdata'.", proposed_change="Read 'metadata'.")
    pass_deadline(consultation)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    consultation.refresh_from_db()
    return {"consultation": consultation, "ana": ana, "ben": ben, "cy": cy,
            "comments": [c1, c2, c3, c4]}
