"""The roles a trigger names (``Trigger.roles``) and who holds each for one step.

Rules:
- a role is resolved from the step's :class:`Scope` (the organization, and the consultation,
  drafts, positions, dispute or appeal the step concerns); a role the scope says nothing about
  (the panel of a step that has no appeal) holds nobody;
- a person is told once per step whatever the number of their roles: a user with a
  stakeholder record in the organization is told as that stakeholder (their language, time
  zone and in-app notices), a user without one as the user;
- those told because they were told of the consultation (``told``) must still consent to be
  contacted; the parties of a step (commenters, those who stated a position, the objector, the
  appellant, the panel, coordinators, committee members) are told of it as such.

Models of other apps are looked up by name: this module is called by them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from liaison.registry.models import Membership, Role, Stakeholder


@dataclass(frozen=True)
class Scope:
    """What a step concerns; every field but the organization is optional."""

    liaison_org: object
    consultation: object | None = None
    drafts: Sequence = ()
    positions: Sequence[int] | None = None  # position ids, when only some are concerned
    dispute: object | None = None
    appeal: object | None = None


@dataclass
class People:
    """Stakeholder ids and user ids holding a role."""

    stakeholders: set[int] = field(default_factory=set)
    users: set[int] = field(default_factory=set)


def _model(label: str):
    return apps.get_model(label)


def _members(role: str) -> Callable[[Scope], People]:
    def resolve(scope: Scope) -> People:
        return People(users=set(Membership.objects.filter(
            liaison_org=scope.liaison_org, role=role).values_list("user_id", flat=True)))
    return resolve


def _commenters(scope: Scope) -> People:
    """Authors of the drafts' source comments, or of every comment of the consultation."""
    comment = _model("consultations.Comment")
    if scope.drafts:
        rows = comment.objects.filter(consensus_drafts__in=list(scope.drafts))
    elif scope.consultation is not None:
        rows = comment.objects.filter(consultation=scope.consultation,
                                      status=comment.Status.SUBMITTED)
    else:
        return People()
    return People(stakeholders=set(rows.exclude(author__isnull=True)
                                   .values_list("author_id", flat=True)))


def _position_holders(scope: Scope) -> People:
    """Those who stated a position: the given positions, else on the drafts, else on any draft
    of the consultation."""
    position = _model("consensus.Position")
    if scope.positions is not None:
        rows = position.objects.filter(pk__in=list(scope.positions))
    elif scope.drafts:
        rows = position.objects.filter(draft__in=list(scope.drafts))
    elif scope.consultation is not None:
        rows = position.objects.filter(consultation=scope.consultation)
    else:
        return People()
    return People(users=set(rows.values_list("user_id", flat=True)))


def _objector(scope: Scope) -> People:
    dispute = scope.dispute or getattr(scope.appeal, "dispute", None)
    return People(users={dispute.objector_id}) if dispute is not None else People()


def _appellant(scope: Scope) -> People:
    return People(users={scope.appeal.appellant_id}) if scope.appeal is not None else People()


def _panel(scope: Scope) -> People:
    if scope.appeal is None:
        return People()
    return People(users=set(scope.appeal.panel.values_list("user_id", flat=True)))


def _told(scope: Scope) -> People:
    """Stakeholders told when the consultation opened, still consenting to be contacted."""
    if scope.consultation is None:
        return People()
    notice = _model("notices.Notice")
    told = (notice.objects.filter(announcement__consultation=scope.consultation,
                                  announcement__kind="consultation")
            .values_list("stakeholder_id", flat=True))
    return People(stakeholders=set(Stakeholder.objects.filter(
        pk__in=told, consent_to_contact=True).values_list("pk", flat=True)))


#: Role slug → (label, resolver). The trigger table names these slugs.
ROLES: dict[str, tuple[object, Callable[[Scope], People]]] = {
    "coordinators": (_("coordinators"), _members(Role.COORDINATOR)),
    "committee_members": (_("committee members"), _members(Role.COMMITTEE_MEMBER)),
    "commenters": (_("commenters on the consultation"), _commenters),
    "position_holders": (_("those who stated a position on the draft"), _position_holders),
    "objector": (_("the objector"), _objector),
    "appellant": (_("the appellant"), _appellant),
    "panel": (_("the appeals panel"), _panel),
    "told": (_("everyone told of the consultation"), _told),
}


@dataclass(frozen=True)
class Recipient:
    """One person told of a step: a stakeholder record, or a user without one."""

    stakeholder_id: int | None
    user_id: int | None
    email: str


def resolve(roles: Iterable[str], scope: Scope) -> list[Recipient]:
    """Everyone holding one of ``roles`` in ``scope``, each once (see the module rules)."""
    people = People()
    for role in roles:
        if role in ROLES:
            found = ROLES[role][1](scope)
            people.stakeholders |= found.stakeholders
            people.users |= found.users
    people.users.discard(None)
    profiles = dict(Stakeholder.objects.filter(liaison_org=scope.liaison_org,
                                               user_id__in=people.users)
                    .order_by("-pk").values_list("user_id", "pk"))
    stakeholders = people.stakeholders | set(profiles.values())
    users = people.users - set(profiles)
    out = [Recipient(pk, None, email.strip()) for pk, email in Stakeholder.objects.filter(
        pk__in=stakeholders).order_by("name", "pk").values_list("pk", "email")]
    out += [Recipient(None, pk, email.strip()) for pk, email in get_user_model().objects.filter(
        pk__in=users).order_by("username").values_list("pk", "email")]
    return out
