"""TOTP second factor: enrol, then sign-in asks for a code; a wrong code is refused, a right
one (computed here with django-otp's RFC 6238 implementation) lets the user in."""

from __future__ import annotations

import time
from binascii import unhexlify

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.audit.models import AuditEvent
from liaison.registry.models import Role
from tests.conftest import PASSWORD


def code(key: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key), 30, 0, 6, 0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code(key: str) -> str:
    valid = {code(key, steps_ahead=s) for s in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in valid)


def enrol(client, user) -> str:
    client.force_login(user)
    page = client.get("/accounts/2fa/").content.decode()
    key = client.session["security_totp_key"]
    assert "otpauth://totp/liaison%3A" in page and "<svg" in page
    response = client.post("/accounts/2fa/", {"code": code(key)})
    assert response["Location"] == "/accounts/2fa/"
    client.logout()
    return key


def sign_in(client, username: str):
    return client.post("/accounts/login/?next=/projects/",
                       {"username": username, "password": PASSWORD})


@pytest.fixture
def enrolled(client, make_user):
    user = make_user(Role.COORDINATOR, username="cora")
    return user, enrol(client, user)


def test_enrolment_stores_a_confirmed_device_and_records_it(enrolled):
    user, key = enrolled
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    event = AuditEvent.objects.get(verb="auth.totp_enrol")
    assert event.actor == user and key not in str(event.data) + event.summary


def test_a_wrong_code_at_enrolment_stores_nothing(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    client.get("/accounts/2fa/")
    key = client.session["security_totp_key"]
    response = client.post("/accounts/2fa/", {"code": wrong_code(key)})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_sign_in_asks_for_the_code_after_the_password(client, enrolled):
    response = sign_in(client, "cora")
    assert response["Location"] == "/accounts/2fa/verify/"
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get("/projects/")["Location"].startswith("/accounts/login/")


def test_a_wrong_code_is_refused(client, enrolled):
    _, key = enrolled
    sign_in(client, "cora")
    response = client.post("/accounts/2fa/verify/", {"code": wrong_code(key)})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="auth.sign_in_failed")
    assert event.data["reason"] == "second factor"


def test_the_right_code_lets_the_user_in(client, enrolled):
    user, key = enrolled
    sign_in(client, "cora")
    # the enrolment code's time step is used up: the next step's code (within tolerance)
    response = client.post("/accounts/2fa/verify/", {"code": code(key, steps_ahead=1)})
    assert response["Location"] == "/projects/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/projects/").status_code == 200
    event = AuditEvent.objects.get(verb="auth.sign_in")
    assert event.actor == user and event.data["second_factor"] is True


def test_a_code_cannot_be_replayed(client, enrolled):
    _, key = enrolled
    sign_in(client, "cora")
    used = code(key, steps_ahead=1)
    client.post("/accounts/2fa/verify/", {"code": used})
    client.logout()
    sign_in(client, "cora")
    assert client.post("/accounts/2fa/verify/", {"code": used}).status_code == 400


def test_the_second_step_expires(client, enrolled, settings):
    _, key = enrolled
    settings.LIAISON_2FA_PENDING_SECONDS = 0
    sign_in(client, "cora")
    time.sleep(0.01)
    response = client.post("/accounts/2fa/verify/", {"code": code(key, steps_ahead=1)})
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_users_without_a_device_sign_in_with_the_password_alone(client, make_user):
    make_user(Role.EXPERT, username="erin")
    assert sign_in(client, "erin")["Location"] == "/projects/"


def test_required_for_coordinators_sends_them_to_enrol_first(client, make_user, settings):
    settings.LIAISON_REQUIRE_2FA = True
    user = make_user(Role.COORDINATOR, username="cora")
    make_user(Role.EXPERT, username="erin")
    assert sign_in(client, "cora")["Location"] == "/projects/"
    assert client.get("/projects/")["Location"] == "/accounts/2fa/"
    key = client.get("/accounts/2fa/") and client.session["security_totp_key"]
    client.post("/accounts/2fa/", {"code": code(key)})
    assert client.get("/projects/").status_code == 200  # verified by enrolling
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    client.logout()
    assert sign_in(client, "erin")["Location"] == "/projects/"  # experts are not required
    assert client.get("/projects/").status_code == 200


def test_required_and_enrolled_but_unverified_session_must_sign_in_again(client, enrolled,
                                                                        settings):
    settings.LIAISON_REQUIRE_2FA = True
    user, _ = enrolled
    client.force_login(user)  # a session opened without the code
    assert client.get("/projects/")["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_turning_it_off_needs_a_current_code(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    user, key = enrolled
    client.force_login(user)
    assert client.post("/accounts/2fa/remove/", {"code": wrong_code(key)}).status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()
    client.post("/accounts/2fa/remove/", {"code": code(key, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(verb="auth.totp_remove").exists()
