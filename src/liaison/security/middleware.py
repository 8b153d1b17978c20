"""The second-factor requirement (``LIAISON_REQUIRE_2FA``).

When it is on, a coordinator, administrator or superuser whose session was not verified with
a TOTP code can reach only the pages in :data:`EXEMPT` (enrolment, sign-out, sign-in, password
reset, language): without a device they are sent to enrolment; with one (a session opened
before they enrolled) they are signed out and sent to sign in again with the code.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from liaison.access.rules import STAFF, remembered_roles
from liaison.security import conf, totp

EXEMPT = {
    "security:enrol", "security:verify", "login", "logout", "set_language",
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "admin_login",
}


def _needs_second_factor(user) -> bool:
    """:func:`totp.needs_second_factor`, from the memberships the organization middleware
    already read for this request when it did (no query on every page)."""
    known = remembered_roles(user)
    if known is None or getattr(user, "is_superuser", False):
        return totp.needs_second_factor(user)
    return any(roles & set(STAFF) for roles in known.values())


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not conf.require_second_factor():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in EXEMPT:
            return None
        verified = getattr(user, "is_verified", None)
        if (verified() if callable(verified) else False) or not _needs_second_factor(user):
            return None
        if totp.confirmed_device(user) is None:
            return redirect("security:enrol")
        path = request.get_full_path()
        logout(request)
        return redirect_to_login(path)
