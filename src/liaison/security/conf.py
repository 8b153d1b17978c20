"""The security app's settings and their defaults (set them in ``config/settings.py``).

- ``LIAISON_SIGNIN_MAX_FAILURES`` (5): failed sign-ins for one username within the window
  after which that username is refused.
- ``LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS`` (20): the same for one client address.
- ``LIAISON_SIGNIN_WINDOW_SECONDS`` (900): the window; a lock lifts when enough failures
  have aged out of it, so the cool-down is at most this long.
- ``LIAISON_TRUSTED_PROXIES`` (0): reverse proxies in front of the app; when > 0 the client
  address is taken from ``X-Forwarded-For`` that many hops from the right.
- ``LIAISON_REQUIRE_2FA`` (False): coordinators, administrators and superusers must sign in
  with a TOTP second factor (and enrol first).
- ``LIAISON_2FA_PENDING_SECONDS`` (300): how long the second step waits after the password.
"""

from __future__ import annotations

from django.conf import settings


def max_failures() -> int:
    return int(getattr(settings, "LIAISON_SIGNIN_MAX_FAILURES", 5))


def max_failures_per_address() -> int:
    return int(getattr(settings, "LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20))


def window_seconds() -> int:
    return int(getattr(settings, "LIAISON_SIGNIN_WINDOW_SECONDS", 900))


def trusted_proxies() -> int:
    return int(getattr(settings, "LIAISON_TRUSTED_PROXIES", 0))


def require_second_factor() -> bool:
    return bool(getattr(settings, "LIAISON_REQUIRE_2FA", False))


def pending_seconds() -> int:
    return int(getattr(settings, "LIAISON_2FA_PENDING_SECONDS", 300))
