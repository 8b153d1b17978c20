"""Token and session authentication: valid, revoked, wrong, missing; CSRF for the session;
token creation and revocation are audited and the secret is never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from liaison.api.models import ApiToken
from liaison.api.services import api_token_create, api_token_revoke, digest_of
from liaison.audit.models import AuditEvent
from liaison.audit.selectors import verify_chain
from liaison.registry.models import Membership, Role
from tests.api.conftest import Api


@pytest.fixture
def coordinator_api(coordinator, token_for):
    return Api(Client(), token_for(coordinator))


def test_a_valid_token_works_as_its_user_in_its_organization(coordinator_api, org):
    response = coordinator_api.get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "coordinator"
    assert body["organization"] == org.slug
    assert body["roles"] == [Role.COORDINATOR]
    assert "comments.export" in body["actions"]
    assert body["token"] == "tests"


def test_the_token_works_in_its_own_organization_only(make_user, other_org, org, token_for):
    user = make_user(Role.COORDINATOR)
    Membership.objects.create(user=user, liaison_org=other_org, role=Role.STAKEHOLDER)
    api = Api(Client(), token_for(user, other_org))
    body = api.get("/me").json()
    assert body["organization"] == other_org.slug
    assert body["roles"] == [Role.STAKEHOLDER]
    assert "comments.export" not in body["actions"]


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Bearer lia_wrong", "Bearer not-even-ours",
    "Basic dXNlcjpwYXNz", "Token lia_x",
])
def test_no_or_wrong_credentials_answer_401(client, db, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get("/api/projects", **extra)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_answers_401(coordinator, org):
    token, secret = api_token_create(actor=coordinator, user=coordinator, liaison_org=org,
                                     name="old")
    api = Api(Client(), secret)
    assert api.get("/me").status_code == 200
    api_token_revoke(actor=coordinator, token=token)
    assert api.get("/me").status_code == 401


def test_an_inactive_user_token_answers_401(coordinator, coordinator_api):
    coordinator.is_active = False
    coordinator.save()
    assert coordinator_api.get("/me").status_code == 401


def test_a_user_who_lost_the_role_gets_403(coordinator, coordinator_api):
    Membership.objects.filter(user=coordinator).delete()
    response = coordinator_api.get("/projects")
    assert response.status_code == 403
    assert "projects.view" in response.json()["detail"]


def test_last_used_is_stamped(coordinator, org):
    token, secret = api_token_create(actor=coordinator, user=coordinator, liaison_org=org,
                                     name="stamp")
    assert token.last_used_at is None
    before = timezone.now()
    Api(Client(), secret).get("/me")
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at >= before - dt.timedelta(
        seconds=1)


def test_only_the_digest_is_stored_and_both_writes_are_audited(coordinator, org):
    token, secret = api_token_create(actor=coordinator, user=coordinator, liaison_org=org,
                                     name="nightly export")
    assert secret.startswith("lia_") and len(secret) > 40
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert not ApiToken.objects.filter(digest=secret).exists()
    api_token_revoke(actor=coordinator, token=token)
    events = list(AuditEvent.objects.filter(verb__startswith="api_token.").order_by("seq"))
    assert [e.verb for e in events] == ["api_token.create", "api_token.revoke"]
    assert all(e.actor == coordinator and e.liaison_org == org for e in events)
    for event in events:
        stored = str(event.data) + event.summary
        assert secret not in stored and token.digest not in stored
    assert verify_chain().intact


def test_a_token_needs_a_role_in_its_organization(make_user, other_org):
    from django.core.exceptions import ValidationError

    user = make_user(Role.STAKEHOLDER)
    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=user, liaison_org=other_org, name="x")


def test_the_session_works_for_reads_and_needs_csrf_for_writes(coordinator, consultation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    assert browser.get("/api/projects").status_code == 200
    url = f"/api/consultations/{consultation.pk}/comments"
    response = browser.post(url, data={"comment": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    browser.get("/api/tokens/")  # sets the CSRF cookie
    response = browser.post(url, data={"comment": "x"}, content_type="application/json",
                            HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert response.status_code == 403  # past CSRF: the coordinator has no profile
    assert "stakeholder profile" in response.json()["detail"]


def test_anonymous_writes_answer_401_not_a_csrf_failure(consultation):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"/api/consultations/{consultation.pk}/comments",
                            data={"comment": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_a_bearer_token_needs_no_csrf(person, consultation):
    _, _, api = person(Role.STAKEHOLDER)
    api.client = Client(enforce_csrf_checks=True)
    response = api.post(f"/consultations/{consultation.pk}/comments", {"comment": "Hello"})
    assert response.status_code == 201
