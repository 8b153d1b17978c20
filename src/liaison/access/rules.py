"""Who may do what, declared as data and checked in one place.

Each action names the roles that may take it within a liaison organization. Superusers may
take every action. Object-level rules (a stakeholder edits only their own comments) live in
the app that owns the object and call :func:`has_role` for the role part.
"""

from __future__ import annotations

from liaison.registry.models import Membership, Role

STAFF = (Role.COORDINATOR, Role.ADMIN)

ACTIONS: dict[str, tuple[str, ...]] = {
    "registry.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "registry.edit": STAFF,
    "stakeholders.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER),
    "stakeholders.edit": STAFF,
    "projects.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                      Role.APPEALS_PANEL),
    "projects.edit": (*STAFF, Role.EXPERT),
    "audit.view": (*STAFF, Role.APPEALS_PANEL),
}


def roles_of(user, liaison_org) -> set[str]:
    """The roles ``user`` holds in ``liaison_org`` (cached on the user object per request)."""
    if not getattr(user, "is_authenticated", False) or liaison_org is None:
        return set()
    cache = user.__dict__.setdefault("_liaison_roles", {})
    if liaison_org.pk not in cache:
        cache[liaison_org.pk] = set(
            Membership.objects.filter(user=user, liaison_org=liaison_org)
            .values_list("role", flat=True)
        )
    return cache[liaison_org.pk]


def has_role(user, liaison_org, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, liaison_org) & set(roles))


def can(user, action: str, liaison_org) -> bool:
    """Whether ``user`` may take ``action`` (a key of :data:`ACTIONS`) in ``liaison_org``."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    if liaison_org is None:
        return False
    return has_role(user, liaison_org, *ACTIONS[action])
