"""API fixtures: a project and an open consultation, users of every role with stakeholder
profiles, and clients that call the API with a bearer token."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from liaison.api.models import ApiToken
from liaison.api.services import api_token_create
from liaison.consultations import services as consultation_services
from liaison.consultations.models import Consultation
from liaison.projects import services as project_services
from liaison.registry import services as registry
from tests.builders import TRIAL
from tests.snapshots import row_counts


def counts() -> dict[str, int]:
    """Every table the app writes, API tokens included (see tests/snapshots.py)."""
    return {**row_counts(), "api.ApiToken": ApiToken.objects.count()}


@dataclass
class Api:
    """The test client calling ``/api/…`` with a bearer token (or none)."""

    client: Client
    secret: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, **params: Any):
        return self.client.get("/api" + path, params, **self._headers())

    def send(self, method: str, path: str, body: Any):
        call = getattr(self.client, method)
        return call("/api" + path, data=json.dumps(body), content_type="application/json",
                    **self._headers())

    def post(self, path: str, body: Any):
        return self.send("post", path, body)

    def patch(self, path: str, body: Any):
        return self.send("patch", path, body)

    def put(self, path: str, body: Any):
        return self.send("put", path, body)


def make_project(org, actor, reference: str = "ISO/DIS 15836-2"):
    project = project_services.project_create(
        actor=actor, liaison_org=org, reference=reference,
        title="Dublin Core — Part 2: DCMI Properties and classes", stage_code="40.20")
    project_services.document_add(actor=actor, project=project, title="DIS text",
                                  number="ISO/TC 46/SC 4 N 2260")
    return project


def make_consultation(org, actor, project, **fields) -> Consultation:
    consultation = consultation_services.consultation_create(
        actor=actor, liaison_org=org, project=project, title="Comments on the DIS",
        document=project.documents.first(),
        deadline=timezone.now() + dt.timedelta(days=10), **fields)
    return consultation_services.consultation_open(actor=actor, consultation=consultation,
                                                   without_notice_reason=TRIAL)


def pass_deadline(consultation: Consultation, **fields) -> None:
    """The deadline is one minute past (time has passed)."""
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1),
        **fields)
    consultation.refresh_from_db()


@pytest.fixture
def project(org, coordinator):
    return make_project(org, coordinator)


@pytest.fixture
def consultation(org, coordinator, project) -> Consultation:
    return make_consultation(org, coordinator, project)


@pytest.fixture
def other_consultation(other_org):
    """An open consultation of another organization, with one submitted comment."""
    project = make_project(other_org, None, reference="ISO/NP 99999")
    consultation = make_consultation(other_org, None, project)
    consultation_services.comment_create(actor=None, consultation=consultation, author=None,
                                         submit=True, comment="Another organization's.")
    return consultation


@pytest.fixture
def token_for(org):
    """``token_for(user, liaison_org=org)``: a new token's secret."""

    def make(user, liaison_org=None) -> str:
        return api_token_create(actor=user, user=user, liaison_org=liaison_org or org,
                                name="tests")[1]

    return make


@pytest.fixture
def person(org, make_user, token_for):
    """``person(role, username=None, profile=True)``: (user, stakeholder profile, Api)."""

    def make(role: str, *, username: str | None = None, profile: bool = True):
        name = username or f"{role}-api"
        user = make_user(role, username=name)
        stakeholder = registry.stakeholder_create(
            actor=None, liaison_org=org, name=name.title(), email=f"{name}@example.org",
            user=user) if profile else None
        return user, stakeholder, Api(Client(), token_for(user))

    return make


@pytest.fixture
def api_as(person):
    """``api_as(role)``: an :class:`Api` for a new user with ``role`` and a profile."""
    return lambda role, **kw: person(role, **kw)[2]
