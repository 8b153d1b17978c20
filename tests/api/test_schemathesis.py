"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis),
in-process through Django's WSGI application, authenticated with a coordinator's token.

For every operation a bounded number of generated requests (valid and invalid) is sent;
each answer must not be a server error and must conform to the schema (documented status
code, content type, headers and body). Path ids are drawn half the time from the objects
that exist, so the successful answers are exercised too, not only the 404s.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks as builtin
from schemathesis.specs.openapi import checks as openapi

from liaison.api.main import api
from liaison.config.wsgi import application
from liaison.consensus import services as consensus
from liaison.consultations import services
from liaison.consultations.models import Consultation
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.api.conftest import make_consultation, make_project

MAX_EXAMPLES = 10
CHECKS = [builtin.not_a_server_error, openapi.status_code_conformance,
          openapi.content_type_conformance, openapi.response_headers_conformance,
          openapi.response_schema_conformance]


def _world(org, coordinator) -> dict[str, list[int]]:
    """Objects the generated requests can name: a project, an open consultation with
    comments, and a consolidating one with a draft."""
    profile = registry.stakeholder_create(actor=None, liaison_org=org, name="Coordinator",
                                          email="coordinator@example.org", user=coordinator)
    project = make_project(org, coordinator)
    open_one = make_consultation(org, coordinator, project)
    comment = services.comment_create(actor=coordinator, consultation=open_one,
                                      author=profile, comment="A draft of mine.")
    closing = make_consultation(org, coordinator, project)
    source = services.comment_create(actor=coordinator, consultation=closing, author=profile,
                                     submit=True, comment="Submitted.")
    now = timezone.now()
    Consultation.objects.filter(pk=closing.pk).update(
        opens_at=now - dt.timedelta(days=9), deadline=now - dt.timedelta(minutes=1))
    consensus.consolidation_start(actor=coordinator, consultation=closing)
    draft = consensus.draft_create(actor=coordinator, consultation=closing, comments=[source])
    return {"project_id": [project.pk], "consultation_id": [open_one.pk, closing.pk],
            "comment_id": [comment.pk, source.pk], "draft_id": [draft.pk]}


#: The objects of the current test's database, by path parameter (set by ``world``).
KNOWN: dict[str, list[int]] = {}

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time, name objects that exist (else the generated ids: mostly 404s)."""
    real = {name: st.sampled_from(KNOWN[name]) for name in path_parameters or ()
            if name in KNOWN}
    if not real:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters),
                     st.fixed_dictionaries(real).map(lambda ids: {**path_parameters, **ids}))


@pytest.fixture
def in_test_transaction():
    """Keep the test's database connection across in-process WSGI requests, as Django's test
    client does: the real handler closes "old" connections at each request's start and end,
    which on PostgreSQL would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(org, make_user, token_for, in_test_transaction) -> dict[str, str]:
    coordinator = make_user(Role.COORDINATOR, username="schemathesis")
    KNOWN.clear()
    KNOWN.update(_world(org, coordinator))
    yield {"Authorization": f"Bearer {token_for(coordinator)}"}
    KNOWN.clear()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


def test_every_operation_is_covered():
    """The parametrized test above runs once per operation of the schema (26)."""
    operations = [m for methods in api.get_openapi_schema()["paths"].values() for m in methods]
    assert len(schema) == len(operations) == 26
