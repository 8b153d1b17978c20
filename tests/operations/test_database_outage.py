"""While the database is unreachable the app answers 503 "try again" with Retry-After (not a
500 with a traceback), stores nothing, and works again once the database is back.

The outage is simulated on the test's own connection with ``connection.execute_wrapper``
(every query, or only some, raise the ``OperationalError`` a restarting PostgreSQL gives), so
these run on SQLite and PostgreSQL alike; on PostgreSQL one more test points the connection at
a closed port, a real refused connection. ``benchmarks/bench_pg_restart.py`` restarts a real
server under load (docs/load-and-faults.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.consultations import services
from liaison.consultations.models import Comment
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.snapshots import row_counts

COMMENT = {"mb": "", "line": "12", "clause": "3.1", "element": "", "type": "te",
           "comment": "The definition is circular.", "proposed_change": "Reword it.",
           "action": "submit"}


@contextlib.contextmanager
def database_down(*, when=lambda sql: True, error=OperationalError):
    """Every query for which ``when(sql)`` holds fails as it does while PostgreSQL restarts."""

    def fail(execute, sql, params, many, context):
        if when(sql):
            raise error("terminating connection due to administrator command")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def assert_try_again(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    body = response.content.decode()
    assert "try again" in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.fixture
def consultation(org, coordinator):
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core", stage_code="40.20")
    consultation = services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        deadline=timezone.now() + dt.timedelta(days=10))
    return services.consultation_open(actor=coordinator, consultation=consultation,
                                      without_notice_reason=TRIAL)


@pytest.fixture
def signed_in(org, make_user, coordinator):
    """A stakeholder signed in; a 500 reaches the test as a response, not an exception."""
    user = make_user(Role.STAKEHOLDER, username="alice")
    registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Alice",
                                email="alice@example.org", user=user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_signed_in_page_answers_503_when_the_database_is_down(signed_in, consultation):
    # The session and the user are loaded by middleware, before any view runs.
    with database_down():
        response = signed_in.get(reverse("consultations:detail", args=[consultation.pk]))
    assert_try_again(response)
    # The database is back: the same page works again.
    assert signed_in.get(reverse("consultations:detail", args=[consultation.pk])
                         ).status_code == 200


def test_a_public_page_answers_503_when_the_database_is_down(db):
    client = Client(raise_request_exception=False)
    with database_down(error=InterfaceError):
        response = client.get(reverse("public:home"))
    assert_try_again(response)


def test_a_comment_interrupted_mid_transaction_is_not_stored(signed_in, consultation):
    # The comment's INSERT succeeds, then the connection drops before its audit event is
    # written: the whole transaction rolls back and the stakeholder is told to try again.
    before = row_counts()
    url = reverse("consultations:comment_new", args=[consultation.pk])
    with database_down(when=lambda sql: "audit_auditevent" in sql and "INSERT" in sql):
        response = signed_in.post(url, COMMENT)
    assert_try_again(response)
    assert row_counts() == before
    # Sent again once the database is back, it is stored once.
    response = signed_in.post(url, COMMENT)
    assert response.status_code == 302
    assert Comment.objects.filter(consultation=consultation).count() == 1


def test_other_errors_still_answer_500(signed_in, consultation):
    with database_down(error=RuntimeError):
        response = signed_in.get(reverse("consultations:detail", args=[consultation.pk]))
    assert response.status_code == 500


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="a real refused connection needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgresql_refusing_connections_answers_503(signed_in, consultation):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port))
    try:
        response = signed_in.get(reverse("consultations:detail", args=[consultation.pk]))
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert_try_again(response)
    assert signed_in.get(reverse("consultations:detail", args=[consultation.pk])
                         ).status_code == 200
