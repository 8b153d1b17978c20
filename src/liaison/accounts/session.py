"""The viewer's time zone in the session (read by ``access.middleware.UserTimezoneMiddleware``).

Rules: at sign-in, a stakeholder profile's zone is put in the session unless it is ``UTC``,
the field's default, which means "not chosen" (the organization's zone then applies); saving
one's profile always puts the chosen zone in the session. A zone that does not exist is never
stored (the form and the model refuse it).
"""

from __future__ import annotations

from liaison.registry.models import Stakeholder

SESSION_KEY = "time_zone"
UNCHOSEN = "UTC"


def remember_time_zone(request, stakeholder: Stakeholder | None, *, explicit: bool = False):
    if stakeholder is None or not hasattr(request, "session"):
        return
    if explicit or stakeholder.time_zone != UNCHOSEN:
        request.session[SESSION_KEY] = stakeholder.time_zone


def on_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the profile in the organization chosen in the session,
    else the user's first profile."""
    if request is None:
        return
    from liaison.access.middleware import SESSION_ORG_KEY

    profiles = Stakeholder.objects.filter(user=user).order_by("pk")
    chosen = request.session.get(SESSION_ORG_KEY)
    profile = (profiles.filter(liaison_org_id=chosen).first() if chosen else None) \
        or profiles.first()
    remember_time_zone(request, profile)
