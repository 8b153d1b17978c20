"""View guards: sign-in and role checks that answer 403 without touching any record."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from liaison.access.rules import can


def requires(action: str):
    """Anonymous users go to sign-in; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action, request.liaison_org):
                raise PermissionDenied(
                    _("Your role does not allow this (%(action)s).") % {"action": action})
            return view(request, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator
