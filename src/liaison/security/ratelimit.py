"""Sign-in rate limiting: the rule, read from the database so all app processes agree.

Failures are keyed per account (the canonical user name,
:func:`liaison.core.usernames.canonical_username`) and per client address. A username is locked
when it has ``LIAISON_SIGNIN_MAX_FAILURES`` uncleared failures within
the last ``LIAISON_SIGNIN_WINDOW_SECONDS``; a client address is locked at
``LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS`` failures (cleared or not: a successful sign-in
with one account does not reset the count for an address guessing at others). Refused
attempts are not counted, so a lock lifts at most one window after the failure that set it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from liaison.core.usernames import canonical_username
from liaison.security import conf
from liaison.security.models import SignInFailure


@dataclass(frozen=True)
class Lock:
    """Why sign-in is refused and for how many more seconds."""

    key: str  # "username" or "address"
    retry_after: int


def normalize_username(username: str) -> str:
    """The key a username's failures are counted under: the account's canonical name
    (NFKC and case folding), the same one authentication looks the account up by, so
    ``Admin``, ``admin`` and a fullwidth ``ａdmin`` share one count."""
    return canonical_username(username)


def client_address(request: HttpRequest) -> str:
    """The client's IP address: ``REMOTE_ADDR``, or with ``LIAISON_TRUSTED_PROXIES`` = n > 0
    the n-th address from the right of ``X-Forwarded-For`` (the one our proxy saw)."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = conf.trusted_proxies()
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if a.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def _lock(failures, limit: int, key: str, now: dt.datetime) -> Lock | None:
    if limit <= 0:
        return None
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    lifts_at = times[-1] + dt.timedelta(seconds=conf.window_seconds())
    return Lock(key=key, retry_after=max(1, math.ceil((lifts_at - now).total_seconds())))


def lock_for(username: str, address: str, *, now: dt.datetime | None = None) -> Lock | None:
    """The lock that refuses a sign-in for ``username`` from ``address``, if any."""
    now = now or timezone.now()
    recent = SignInFailure.objects.filter(at__gt=now - dt.timedelta(seconds=conf.window_seconds()))
    username = normalize_username(username)
    if username:
        lock = _lock(recent.filter(username=username, cleared=False), conf.max_failures(),
                     "username", now)
        if lock:
            return lock
    if address:
        return _lock(recent.filter(address=address), conf.max_failures_per_address(),
                     "address", now)
    return None
