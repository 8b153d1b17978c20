"""``changes_nothing()``: the project's row counts, plus users, sessions' owners and devices."""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.auth import get_user_model

from tests.snapshots import row_counts


def counts() -> dict[str, int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {**row_counts(), "users": get_user_model().objects.count(),
            "totp": TOTPDevice.objects.count()}


@contextmanager
def changes_nothing():
    before = counts()
    yield
    assert counts() == before, "the request changed stored data"
