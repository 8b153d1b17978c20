"""Reads about the published process, and the consensus rule it puts in force.

The version **in force** at an instant is the last one published at or before it; before the
first publication there is none. A consultation is governed by the version recorded when it
opened (:class:`~liaison.process.models.ConsultationProcess`), else by the one in force at its
opening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from liaison.core.rules import ConsensusRule
from liaison.process.models import (
    RULE_FIELDS,
    SECTION_FIELDS,
    ConsultationProcess,
    ProcessVersion,
)
from liaison.registry.models import LiaisonOrganization

EDITABLE_FIELDS = ("title", *SECTION_FIELDS, *RULE_FIELDS)


def editable_values(version: ProcessVersion | None) -> dict:
    """What a new draft copies from ``version`` (its text and rule)."""
    if version is None:
        return {}
    return {name: getattr(version, name) for name in EDITABLE_FIELDS}


def versions_of(liaison_org) -> QuerySet[ProcessVersion]:
    """Every version, draft included, newest first (for the organization's staff)."""
    return ProcessVersion.objects.filter(liaison_org=liaison_org).order_by("-number")


def published_versions(liaison_org) -> QuerySet[ProcessVersion]:
    """Published versions, newest first (what the public sees)."""
    return (versions_of(liaison_org).filter(status=ProcessVersion.Status.PUBLISHED)
            .select_related("published_by"))


def published_version(liaison_org, number: int) -> ProcessVersion:
    """One published version; raises ``ProcessVersion.DoesNotExist`` for a draft."""
    return published_versions(liaison_org).get(number=number)


def draft_of(liaison_org) -> ProcessVersion | None:
    return versions_of(liaison_org).filter(status=ProcessVersion.Status.DRAFT).first()


def latest_version(liaison_org) -> ProcessVersion | None:
    return versions_of(liaison_org).first()


def public_organizations() -> QuerySet[LiaisonOrganization]:
    """Organizations that have published their process."""
    return (LiaisonOrganization.objects
            .filter(process_versions__status=ProcessVersion.Status.PUBLISHED)
            .distinct().order_by("name"))


def rule_in_force(liaison_org, at: dt.datetime | None = None) -> ProcessVersion | None:
    """The version in force at ``at`` (now by default): the last published at or before it."""
    at = at or timezone.now()
    return (published_versions(liaison_org).filter(published_at__lte=at)
            .order_by("-published_at", "-number").first())


def as_consensus_rule(version: ProcessVersion,
                      required_groups: Iterable[str] = ()) -> ConsensusRule:
    """The pure rule (:class:`liaison.core.rules.ConsensusRule`) a version publishes.

    ``required_groups`` are the codes of the interest categories the project requires. They
    count as important (and, if the version says so, must take a position) only when the
    version says required groups are always important; otherwise importance rests on ``m``
    alone and they are not passed on.
    """
    groups = frozenset(required_groups) if version.required_groups_important else frozenset()
    return ConsensusRule(
        version=f"{version.liaison_org.slug}-process-v{version.number}",
        opposition_threshold=float(version.theta),
        support_threshold=float(version.tau),
        min_members=version.min_members,
        required_groups=groups,
        fundamental_objections_block=version.fundamental_objections_block,
        required_groups_must_take_position=version.required_groups_must_take_position,
    )


def process_of_consultation(consultation) -> ProcessVersion | None:
    """The version governing ``consultation``: the one recorded when it opened, else the one
    in force at its opening time."""
    record = (ConsultationProcess.objects.select_related("process_version__liaison_org")
              .filter(consultation=consultation).first())
    if record is not None:
        return record.process_version
    return rule_in_force(consultation.liaison_org, at=consultation.opens_at)


def rule_for_consultation(consultation,
                          required_groups: Iterable[str] = ()) -> ConsensusRule | None:
    """The consensus rule governing ``consultation``, or None when no process was published."""
    version = process_of_consultation(consultation)
    return as_consensus_rule(version, required_groups) if version else None
