"""Reads for disputes and appeals, scoped to one organization (public reads: decided
appeals only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from liaison.appeals import conflicts
from liaison.appeals.models import Appeal, Dispute
from liaison.appeals.services import eligible_members
from liaison.appeals.states import PUBLISHED
from liaison.registry.selectors import display_name


def appeals_of(liaison_org) -> QuerySet[Appeal]:
    return (Appeal.objects.filter(liaison_org=liaison_org)
            .select_related("appellant", "subject_type", "liaison_org"))


def appeal_of(liaison_org, pk: int) -> Appeal:
    """Raises ``Appeal.DoesNotExist`` for another organization's appeal."""
    return appeals_of(liaison_org).get(pk=pk)


def visible_appeals(user, liaison_org, *, all_of_them: bool) -> QuerySet[Appeal]:
    """Every appeal for those who may see them all; else one's own and those one judges."""
    found = appeals_of(liaison_org)
    if all_of_them:
        return found
    return found.filter(Q(appellant=user) | Q(panel__user=user)).distinct()


def disputes_of(liaison_org) -> QuerySet[Dispute]:
    return (Dispute.objects.filter(liaison_org=liaison_org)
            .select_related("objector", "subject_type"))


def dispute_of(liaison_org, pk: int) -> Dispute:
    return disputes_of(liaison_org).get(pk=pk)


def visible_disputes(user, liaison_org, *, all_of_them: bool) -> QuerySet[Dispute]:
    found = disputes_of(liaison_org)
    return found if all_of_them else found.filter(objector=user)


def disputes_about(obj) -> QuerySet[Dispute]:
    from liaison.appeals import subjects

    return Dispute.objects.filter(subject_type=subjects.content_type(obj),
                                  subject_id=str(obj.pk))


def published_appeals() -> QuerySet[Appeal]:
    """Decided (and closed after a decision) appeals of every organization, newest first."""
    return (Appeal.objects.filter(state__in=PUBLISHED).exclude(outcome="")
            .select_related("liaison_org").order_by("-decided_at", "-pk"))


@dataclass(frozen=True)
class Candidate:
    user: object
    reasons: list[str]

    @property
    def conflicted(self) -> bool:
        return bool(self.reasons)

    @property
    def name(self) -> str:
        return display_name(self.user)


def panel_candidates(appeal: Appeal) -> list[Candidate]:
    """Every holder of the appeals-panel role, with the reasons they are conflicted (none:
    eligible)."""
    found = conflicts.for_appeal(appeal)
    return [Candidate(user=u, reasons=found.get(u.pk, []))
            for u in eligible_members(appeal.liaison_org)]
