"""The token page (/api/tokens/) and ``liaison api token``: create (secret shown once),
list, revoke (own tokens only), audited; bad input stores nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from liaison.api.models import ApiToken
from liaison.api.services import api_token_create
from liaison.audit.models import AuditEvent
from liaison.registry.models import Role
from tests.api.conftest import Api, counts


@pytest.fixture
def signed_in(make_user):
    def sign_in(role: str = Role.STAKEHOLDER, username: str | None = None):
        user = make_user(role, username=username)
        browser = Client()
        browser.force_login(user)
        return user, browser

    return sign_in


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_create_shows_the_secret_once_and_it_works(signed_in, org):
    user, browser = signed_in()
    page = browser.get("/api/tokens/")
    assert page.status_code == 200 and b"You have no tokens yet" in page.content
    response = browser.post("/api/tokens/", {"name": "nightly export"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("lia_") and secret.encode() in response.content
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.liaison_org) == ("nightly export", org)
    again = browser.get("/api/tokens/")
    assert secret.encode() not in again.content and b"nightly export" in again.content
    assert Api(Client(), secret).get("/me").json()["username"] == user.username
    assert AuditEvent.objects.filter(verb="api_token.create", actor=user).count() == 1


def test_a_nameless_token_is_refused_and_nothing_is_stored(signed_in):
    _, browser = signed_in()
    before = counts()
    response = browser.post("/api/tokens/", {"name": ""})
    assert response.status_code == 400
    assert counts() == before


def test_revoke_own_token(signed_in, org):
    user, browser = signed_in()
    token, secret = api_token_create(actor=user, user=user, liaison_org=org, name="x")
    response = browser.post("/api/tokens/revoke/", {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Api(Client(), secret).get("/me").status_code == 401
    assert AuditEvent.objects.filter(verb="api_token.revoke", actor=user).count() == 1
    assert b"revoked" in browser.get("/api/tokens/").content


def test_another_users_token_is_a_404_and_stays_active(signed_in, make_user, org):
    owner = make_user(Role.EXPERT, username="owner")
    token, _ = api_token_create(actor=owner, user=owner, liaison_org=org, name="theirs")
    _, browser = signed_in(Role.ADMIN)
    before = counts()
    assert browser.post("/api/tokens/revoke/", {"token": token.pk}).status_code == 404
    assert counts() == before
    token.refresh_from_db()
    assert token.revoked_at is None
    assert b"theirs" not in browser.get("/api/tokens/").content


def test_revoke_without_a_token_is_400(signed_in):
    _, browser = signed_in()
    assert browser.post("/api/tokens/revoke/", {}).status_code == 400


def test_the_menu_links_to_the_token_page(signed_in):
    _, browser = signed_in()
    assert b'href="/api/tokens/"' in browser.get("/api/tokens/").content


def test_command_creates_lists_and_revokes(make_user, org):
    user = make_user(Role.EXPERT, username="script")
    out, err = io.StringIO(), io.StringIO()
    call_command("api", "token", "create", "--user", "script", "--name", "ci", stdout=out,
                 stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("lia_") and "shown only now" in err.getvalue()
    token = ApiToken.objects.get(user=user)
    assert token.liaison_org == org and token.name == "ci"
    assert Api(Client(), secret).get("/me").status_code == 200
    listing = io.StringIO()
    call_command("api", "token", "list", "--user", "script", stdout=listing)
    assert "ci" in listing.getvalue() and secret not in listing.getvalue()
    call_command("api", "token", "revoke", str(token.pk), stdout=io.StringIO())
    assert Api(Client(), secret).get("/me").status_code == 401
    assert AuditEvent.objects.filter(verb__startswith="api_token.").count() == 2


def test_command_refuses_an_organization_the_user_is_not_in(make_user, other_org):
    make_user(Role.EXPERT, username="script")
    with pytest.raises(CommandError, match="not a member"):
        call_command("api", "token", "create", "--user", "script", "--org", other_org.slug,
                     stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="no user"):
        call_command("api", "token", "create", "--user", "nobody", stdout=io.StringIO(),
                     stderr=io.StringIO())
    assert not ApiToken.objects.exists()
