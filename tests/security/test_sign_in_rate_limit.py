"""Sign-in is rate limited per username and per client address; outcomes are audited."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.registry.models import Role
from liaison.security.models import SignInFailure
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_failures_lock_the_username_then_the_lock_lifts(client, make_user, settings):
    settings.LIAISON_SIGNIN_MAX_FAILURES = 3
    make_user(Role.EXPERT, username="erin")
    for _ in range(3):
        assert attempt(client, "erin", "wrong").status_code == 200
    refused = attempt(client, "Erin", PASSWORD)  # the right password, any case: still refused
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # another address does not help: the username is locked
    assert attempt(client, "erin", PASSWORD, address="198.51.100.7").status_code == 429
    SignInFailure.objects.update(at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # window passed
    assert attempt(client, "erin", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


def test_failed_and_successful_sign_ins_are_audited(client, make_user):
    user = make_user(Role.EXPERT, username="erin")
    attempt(client, "erin", "wrong")
    failed = AuditEvent.objects.get(verb="auth.sign_in_failed")
    assert failed.actor is None and failed.data["username"] == "erin"
    assert failed.data["address"] == "203.0.113.5"
    assert "wrong" not in str(failed.data) + failed.summary  # the password is never kept
    attempt(client, "erin", PASSWORD)
    signed_in = AuditEvent.objects.get(verb="auth.sign_in")
    assert signed_in.actor == user and signed_in.data["second_factor"] is False


def test_a_successful_sign_in_clears_the_username_count_not_the_address(client, make_user,
                                                                       settings):
    settings.LIAISON_SIGNIN_MAX_FAILURES = 3
    settings.LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS = 4
    make_user(Role.EXPERT, username="erin")
    attempt(client, "erin", "wrong")
    attempt(client, "erin", "wrong")
    assert attempt(client, "erin", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "erin", "wrong")
    attempt(client, "erin", "wrong")
    # username: 2 uncleared failures (< 3); address: 4 failures → locked
    assert attempt(client, "erin", PASSWORD).status_code == 429
    assert attempt(client, "erin", PASSWORD, address="198.51.100.7").status_code == 302


def test_one_address_guessing_many_usernames_is_locked(client, make_user, settings):
    settings.LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS = 3
    make_user(Role.EXPERT, username="erin")
    for name in ("a", "b", "c"):
        attempt(client, name, "guess")
    assert attempt(client, "erin", PASSWORD).status_code == 429
    assert attempt(client, "erin", PASSWORD, address="198.51.100.7").status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(client, make_user, settings):
    settings.LIAISON_TRUSTED_PROXIES = 1
    settings.LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS = 2
    for name in ("a", "b"):
        client.post(LOGIN, {"username": name, "password": "x"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9")
    assert set(SignInFailure.objects.values_list("address", flat=True)) == {"203.0.113.9"}
    locked = client.post(LOGIN, {"username": "c", "password": "x"}, REMOTE_ADDR="10.0.0.1",
                         HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429
    other = client.post(LOGIN, {"username": "c", "password": "x"}, REMOTE_ADDR="10.0.0.1",
                        HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_the_admin_sign_in_goes_through_the_rate_limited_one(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/"
