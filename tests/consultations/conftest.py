"""Fixtures for consultations: a project, an open consultation, stakeholders with accounts,
and real comment-form files built with liaison.core.isoform's writers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liaison.consultations import services
from liaison.consultations.models import Consultation
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL


@pytest.fixture
def project(org, coordinator):
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core — Part 2: DCMI Properties and classes", stage_code="40.20")
    project_services.document_add(actor=coordinator, project=project,
                                  title="DIS text", number="ISO/TC 46/SC 4 N 2260")
    return project


@pytest.fixture
def consultation(org, coordinator, project) -> Consultation:
    consultation = services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        document=project.documents.first(),
        deadline=timezone.now() + dt.timedelta(days=10))
    return services.consultation_open(actor=coordinator, consultation=consultation,
                                      without_notice_reason=TRIAL)


@pytest.fixture
def make_stakeholder(org, make_user, coordinator):
    """``make_stakeholder(username)``: a user with the stakeholder role and a linked profile."""

    def make(username: str, *, role: str = Role.STAKEHOLDER):
        user = make_user(role, username=username)
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=username.title(),
            email=f"{username}@example.org", user=user)
        return user, profile

    return make


@pytest.fixture
def alice(make_stakeholder):
    return make_stakeholder("alice")


@pytest.fixture
def bob(make_stakeholder):
    return make_stakeholder("bob")
