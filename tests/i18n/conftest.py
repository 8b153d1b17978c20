"""A public project with an open consultation (deadline 15 March 2031, 11:59 UTC), and signed-in
stakeholders whose saved language is chosen per test."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.consultations import services as consultations
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL

DEADLINE = dt.datetime(2031, 3, 15, 11, 59, tzinfo=dt.UTC)


@pytest.fixture
def public_project(org, coordinator):
    project = projects.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core part 2", stage_code="40.20", is_public=True)
    consultations.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=project,
            title="Comments on the DIS", deadline=DEADLINE))
    return project


@pytest.fixture
def stakeholder_client(client, org, make_user):
    """``stakeholder_client(language)``: the test client signed in as a stakeholder whose
    profile's saved language is ``language`` ("" for none: the browser's); returns
    (client, stakeholder)."""

    def sign_in(language: str):
        name = language or "browser"
        user = make_user(Role.STAKEHOLDER, username=f"member-{name}")
        stakeholder = registry.stakeholder_create(
            actor=None, liaison_org=org, name=f"Member {name}",
            email=f"member-{name}@example.org", language=language, user=user)
        client.force_login(user)
        return client, stakeholder

    return sign_in
