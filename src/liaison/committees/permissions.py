"""Object-level rules for committees (the role part comes from ``access.rules``).

- **schedule a meeting**: the organization's coordinators and administrators, or a current
  chair of that committee;
- **run a meeting** (agenda, attendance, minutes, decisions, input, sending invitations again):
  the same, plus a current secretary of the committee.
"""

from __future__ import annotations

from django.utils import timezone

from liaison.access.rules import STAFF, has_role
from liaison.committees.models import Committee, Member


def _holds_seat(user, committee: Committee, roles: tuple[str, ...]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.now().date()
    return any(m.is_current(today) for m in committee.members.filter(user=user, role__in=roles))


def can_schedule(user, committee: Committee) -> bool:
    return (has_role(user, committee.liaison_org, *STAFF)
            or _holds_seat(user, committee, (Member.Role.CHAIR,)))


def can_run(user, committee: Committee) -> bool:
    return (has_role(user, committee.liaison_org, *STAFF)
            or _holds_seat(user, committee, (Member.Role.CHAIR, Member.Role.SECRETARY)))
