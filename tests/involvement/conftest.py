"""Fixtures for surveys: a project, an open interest survey, stakeholders in categories."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Role
from tests.builders import TRIAL
from tests.snapshots import row_counts


def counts() -> dict[str, int]:
    return row_counts()


@contextmanager
def changes_nothing():
    before = counts()
    yield
    assert counts() == before, "the request changed stored data"


@pytest.fixture
def project(org, coordinator):
    return projects.project_create(actor=coordinator, liaison_org=org,
                                   reference="ISO/NP 24100", title="Metadata for surveys",
                                   stage_code="10.99")


@pytest.fixture
def survey(org, coordinator, project) -> Consultation:
    consultation = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, kind=Consultation.Kind.SURVEY,
        title="Interest in ISO/NP 24100", deadline=timezone.now() + dt.timedelta(days=10))
    return consultations.consultation_open(actor=coordinator, consultation=consultation,
                                           without_notice_reason=TRIAL)


@pytest.fixture
def person(org, make_user, coordinator):
    """``person(username, *categories)``: a stakeholder account with a linked profile."""

    def make(username: str, *codes: str, role: str = Role.STAKEHOLDER):
        user = make_user(role, username=username)
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=username.title(),
            email=f"{username}@example.org", user=user,
            categories=list(InterestCategory.objects.filter(code__in=codes)))
        return user, profile

    return make
