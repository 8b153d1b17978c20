"""An involvement decision under appeal, and the people around it.

* ``deputy`` (coordinator **and** appeals panel) recorded the decision: conflicted as the
  actor of its ``involvement.decide`` event;
* ``sam`` (appeals panel) answered the interest survey the decision rests on: conflicted
  through the built-in participants-of hook;
* ``pat`` and ``quinn`` (appeals panel) took no part: eligible;
* ``olga`` (stakeholder, from "Open Archives Group") appeals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.involvement import services as involvement
from liaison.involvement.models import InvolvementDecision
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.notices.conftest import IMMEDIATE


@pytest.fixture(autouse=True)
def _notices_delivered_at_once(settings):
    """Step notices go through the notices worker: run its tasks as they are enqueued."""
    settings.TASKS = IMMEDIATE
    settings.LIAISON_BASE_URL = "https://liaison.example.org"


@dataclass
class World:
    org: object
    coordinator: object
    deputy: object
    sam: object
    pat: object
    quinn: object
    olga: object
    decision: InvolvementDecision


def build_world(org, coordinator, make_user) -> World:
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/NP 24100", title="Metadata for surveys",
                                      stage_code="10.99")
    survey = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, kind=Consultation.Kind.SURVEY,
        title="Interest in ISO/NP 24100", deadline=timezone.now() + dt.timedelta(days=10))
    survey = consultations.consultation_open(actor=coordinator, consultation=survey,
                                             without_notice_reason=TRIAL)

    deputy = make_user(Role.COORDINATOR, username="deputy")
    registry.membership_grant(actor=None, user=deputy, liaison_org=org,
                              role=Role.APPEALS_PANEL)
    sam = make_user(Role.APPEALS_PANEL, username="sam")
    sam_profile = registry.stakeholder_create(actor=coordinator, liaison_org=org,
                                              name="Sam Surveyed", email="sam@example.org",
                                              user=sam, categories=[])
    involvement.survey_answer(actor=sam, consultation=survey, stakeholder=sam_profile,
                              support="no", interest="high", willing=True)
    olga = make_user(Role.STAKEHOLDER, username="olga")
    registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Olga Objector",
                                email="olga@example.org", user=olga,
                                affiliation="Open Archives Group", categories=[])
    decision = involvement.decision_record(actor=deputy, project=project, consultation=survey,
                                           level="observe",
                                           rationale="Little support in the survey.")
    return World(org=org, coordinator=coordinator, deputy=deputy, sam=sam,
                  pat=make_user(Role.APPEALS_PANEL, username="pat"),
                  quinn=make_user(Role.APPEALS_PANEL, username="quinn"),
                  olga=olga, decision=decision)


@pytest.fixture
def world(org, coordinator, make_user) -> World:
    return build_world(org, coordinator, make_user)


GROUNDS = {"summary": "The survey was open for too short a time to be fair.",
           "grounds": "Three of our members were told only two days before the deadline."}
