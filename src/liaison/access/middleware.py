"""Request context: the current liaison organization, the viewer's time zone and language."""

from __future__ import annotations

import contextlib
import zoneinfo

from django.utils import timezone, translation

from liaison.access.language import saved_language
from liaison.access.rules import remember_roles
from liaison.registry.models import LiaisonOrganization, Membership

SESSION_ORG_KEY = "liaison_org_id"


def current_liaison_org(request) -> LiaisonOrganization | None:
    """The organization the signed-in user works in: the one chosen in the session if the
    user is a member of it, else the first one they are a member of. Superusers without a
    membership work in the first organization."""
    user = request.user
    if not user.is_authenticated:
        return None
    chosen = request.session.get(SESSION_ORG_KEY)
    if not user.is_superuser:
        return _member_org(user, chosen)
    orgs = LiaisonOrganization.objects.order_by("pk")
    if chosen:
        org = orgs.filter(pk=chosen).first()
        if org:
            return org
    return orgs.first()


def _member_org(user, chosen) -> LiaisonOrganization | None:
    """The rule above for a member, from one query over their memberships, which also gives
    their roles in each organization (remembered for this request's permission checks)."""
    orgs: dict[int, LiaisonOrganization] = {}
    roles: dict[int, set[str]] = {}
    for membership in (Membership.objects.filter(user_id=user.pk).select_related("liaison_org")
                       .order_by("liaison_org_id", "pk")):
        orgs.setdefault(membership.liaison_org_id, membership.liaison_org)
        roles.setdefault(membership.liaison_org_id, set()).add(membership.role)
    remember_roles(user, roles)
    with contextlib.suppress(TypeError, ValueError, KeyError):
        return orgs[int(chosen)]
    return next(iter(orgs.values()), None)


class LiaisonOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.liaison_org = current_liaison_org(request)
        return self.get_response(request)


class UserTimezoneMiddleware:
    """Show times in the viewer's zone: their stakeholder profile's, else the session's
    (set by the time-zone picker), else the organization's; times are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get("time_zone") if hasattr(request, "session") else None
        if not name and getattr(request, "liaison_org", None):
            name = request.liaison_org.time_zone
        try:
            timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class UserLanguageMiddleware:
    """Answer a signed-in user in their saved language (``access.language``), whatever the
    browser asks; runs after ``LocaleMiddleware`` (cookie, then ``Accept-Language``), whose
    choice stands for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = saved_language(getattr(request, "user", None),
                              getattr(request, "liaison_org", None))
        if code and code != translation.get_language():
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
