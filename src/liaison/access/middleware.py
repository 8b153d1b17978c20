"""Request context: the current liaison organization and the viewer's time zone."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from liaison.registry.models import LiaisonOrganization

SESSION_ORG_KEY = "liaison_org_id"


def current_liaison_org(request) -> LiaisonOrganization | None:
    """The organization the signed-in user works in: the one chosen in the session if the
    user is a member of it, else the first one they are a member of. Superusers without a
    membership work in the first organization."""
    user = request.user
    if not user.is_authenticated:
        return None
    orgs = LiaisonOrganization.objects.order_by("pk")
    if not user.is_superuser:
        orgs = orgs.filter(memberships__user=user).distinct()
    chosen = request.session.get(SESSION_ORG_KEY)
    if chosen:
        org = orgs.filter(pk=chosen).first()
        if org:
            return org
    return orgs.first()


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
