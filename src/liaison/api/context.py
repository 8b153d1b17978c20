"""Per-request helpers shared by the routers: the organization, the role check, and loading
objects through the apps' selectors (another organization's object is a 404)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext as _

from liaison.access.rules import can
from liaison.api.errors import ApiError
from liaison.consultations import selectors as consultation_selectors
from liaison.consultations.models import Consultation

#: Largest id accepted in a path or query (a bigint); larger ones would break the database.
MAX_ID = 2**63 - 1


def org_of(request: HttpRequest):
    """The organization the request works in (the token's, or the session's)."""
    return getattr(request, "liaison_org", None)


def require(request: HttpRequest, action: str) -> None:
    """403 unless the user's role allows ``action`` (``access.rules.ACTIONS``)."""
    if not can(request.user, action, org_of(request)):
        raise ApiError(403, _("Your role does not allow this (%(action)s).")
                       % {"action": action})


def require_any(request: HttpRequest, *actions: str) -> None:
    """403 unless one of ``actions`` is allowed."""
    if not any(can(request.user, a, org_of(request)) for a in actions):
        raise ApiError(403, _("Your role does not allow this (%(action)s).")
                       % {"action": " or ".join(actions)})


def found[T](load: Callable[[], T], *missing: type[Exception]) -> T:
    """``load()``, or 404 when it raises one of ``missing`` (``DoesNotExist``)."""
    try:
        return load()
    except missing as exc:
        raise ApiError(404, _("Not found.")) from exc


def consultation(request: HttpRequest, pk: int) -> Consultation:
    """One consultation of the request's organization, or 404."""
    return found(lambda: consultation_selectors.consultation_of(org_of(request), pk),
                 Consultation.DoesNotExist)
