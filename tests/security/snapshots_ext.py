"""``changes_nothing()``: every stored row of the project, users and devices unchanged.

``tests/snapshots.row_counts`` proves that nothing was added or removed; a refused write must
not alter a row either (a state moved, a field overwritten), so this also compares a digest
of every row's values, table by table, and names the tables that differ.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth import get_user_model

from tests.snapshots import row_counts


def _watched() -> list:
    """The models ``row_counts`` counts, plus the accounts' second factors and API tokens."""
    return [m for m in apps.get_models()
            if m._meta.app_config.name.startswith("liaison.")
            or m._meta.app_label in ("auth", "otp_totp")]


def counts() -> dict[str, int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {**row_counts(), "users": get_user_model().objects.count(),
            "totp": TOTPDevice.objects.count()}


def contents() -> dict[str, str]:
    """``{model label: SHA-256 of all its rows' values in primary-key order}``."""
    return {m._meta.label: hashlib.sha256(
        repr(list(m._default_manager.order_by("pk").values_list())).encode()).hexdigest()
        for m in _watched()}


@contextmanager
def changes_nothing():
    before, rows = counts(), contents()
    yield
    assert counts() == before, "the request added or removed stored rows"
    after = contents()
    altered = sorted(label for label in rows if after.get(label) != rows[label])
    assert not altered, f"the request altered stored rows of {', '.join(altered)}"
