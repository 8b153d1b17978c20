"""Writes of the security app: sign-in outcomes and second-factor enrolment.

Each runs in one transaction and records an audit event (actor ``None`` for a failed
sign-in: nobody is signed in). Passwords and TOTP secrets are never recorded.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.audit.services import audit_record
from liaison.security import conf
from liaison.security.models import SignInFailure
from liaison.security.ratelimit import normalize_username


@transaction.atomic
def sign_in_failure_record(*, username: str, address: str, reason: str) -> SignInFailure:
    """Count one failed sign-in toward the rate limit and record it in the audit trail.

    Failures older than twice the window are pruned here: nothing else needs them.
    """
    now = timezone.now()
    SignInFailure.objects.filter(
        at__lt=now - dt.timedelta(seconds=2 * conf.window_seconds())).delete()
    failure = SignInFailure.objects.create(at=now, username=normalize_username(username),
                                           address=address, reason=reason)
    audit_record(actor=None, verb="auth.sign_in_failed",
                 summary=f"failed sign-in ({reason}) for “{failure.username}” "
                         f"from {address or 'unknown address'}",
                 data={"username": failure.username, "address": address, "reason": reason})
    return failure


@transaction.atomic
def sign_in_record(*, user, address: str, second_factor: bool) -> None:
    """A successful sign-in clears the username's failures (not the address's) and is
    recorded in the audit trail."""
    SignInFailure.objects.filter(username=normalize_username(user.get_username()),
                                 cleared=False).update(cleared=True)
    audit_record(actor=user, verb="auth.sign_in", target=user,
                 summary=f"{user.get_username()} signed in from {address or 'unknown address'}"
                         + (" with a second factor" if second_factor else ""),
                 data={"address": address, "second_factor": second_factor})


@transaction.atomic
def totp_device_add(*, user, key: str, last_t: int) -> TOTPDevice:
    """Enrol a confirmed TOTP device (the code was checked by the caller; ``last_t`` is its
    time step, so the same code cannot be replayed to sign in). Replaces earlier devices."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator app", key=key,
                                       confirmed=True, last_t=last_t)
    audit_record(actor=user, verb="auth.totp_enrol", target=user,
                 summary=f"{user.get_username()} enrolled a TOTP second factor")
    return device


@transaction.atomic
def totp_device_remove(*, actor, user) -> int:
    """Remove ``user``'s TOTP devices; returns how many were removed."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(actor=actor, verb="auth.totp_remove", target=user,
                     summary=f"TOTP second factor of {user.get_username()} removed")
    return removed


@transaction.atomic
def password_reset_record(*, user) -> None:
    """A password set through a reset link; it also lifts the username's sign-in lock."""
    SignInFailure.objects.filter(username=normalize_username(user.get_username()),
                                 cleared=False).update(cleared=True)
    audit_record(actor=user, verb="auth.password_reset", target=user,
                 summary=f"{user.get_username()} set a new password through a reset link")
