"""Writes to projects. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.projects.models import Ballot, DeclaredGroup, Engagement, Project, ProjectDocument


@transaction.atomic
def project_create(*, actor, liaison_org, topics=(), **fields: Any) -> Project:
    return create_recorded(Project, actor=actor, verb="project.create", liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, **fields},
                           m2m={"topics": list(topics)})


@transaction.atomic
def project_update(*, actor, project: Project, topics=None, **fields: Any) -> Project:
    m2m = {"topics": list(topics)} if topics is not None else None
    return update_recorded(project, actor=actor, verb="project.update",
                           liaison_org=project.liaison_org, fields=fields, m2m=m2m)


#: states of a consultation whose consensus position is being decided (positions are
#: stated, the verdict is read): its rule may not change under it
_DECIDING = ("consolidating", "finalized")


@transaction.atomic
def project_declare_groups(*, actor, project: Project, supporting, required) -> Project:
    """Replace the proposer's declared groups with ``supporting`` and ``required``.

    The groups that *must be involved* are part of the consensus rule of the project's
    consultations (a required group that took no position blocks consensus): while one of them
    is deciding its position (consolidating or finalized), they do not change — changing them
    then would turn a verdict without a reason or a trace on the verdict. The supporting
    groups, which the rule does not read, change at any time."""
    before = {
        kind: sorted(project.declared_groups.filter(kind=kind).values_list("category_id",
                                                                            flat=True))
        for kind in DeclaredGroup.Kind.values
    }
    after = {
        DeclaredGroup.Kind.SUPPORTING: sorted(c.pk for c in supporting),
        DeclaredGroup.Kind.REQUIRED: sorted(c.pk for c in required),
    }
    if before == after:
        return project
    if before[DeclaredGroup.Kind.REQUIRED] != after[DeclaredGroup.Kind.REQUIRED]:
        deciding = project.consultations.filter(state__in=_DECIDING).order_by("pk").first()
        if deciding is not None:
            raise ValidationError({"required": _(
                "The groups that must be involved are part of the consensus rule of "
                "“%(title)s”, whose position is being decided: they change once it is "
                "submitted.") % {"title": deciding.title}}, code="deciding")
    project.declared_groups.all().delete()
    DeclaredGroup.objects.bulk_create(
        [DeclaredGroup(project=project, category=c, kind=DeclaredGroup.Kind.SUPPORTING)
         for c in supporting]
        + [DeclaredGroup(project=project, category=c, kind=DeclaredGroup.Kind.REQUIRED)
           for c in required]
    )
    audit_record(actor=actor, verb="project.declare_groups", target=project,
                 liaison_org=project.liaison_org,
                 summary=f"declared groups of {project.reference} set",
                 data={"before": before, "after": after})
    return project


@transaction.atomic
def document_add(*, actor, project: Project, **fields: Any) -> ProjectDocument:
    return create_recorded(ProjectDocument, actor=actor, verb="project.document_add",
                           liaison_org=project.liaison_org,
                           fields={"project": project, **fields})


@transaction.atomic
def ballot_add(*, actor, project: Project, **fields: Any) -> Ballot:
    return create_recorded(Ballot, actor=actor, verb="project.ballot_add",
                           liaison_org=project.liaison_org, fields={"project": project, **fields})


@transaction.atomic
def engagement_record(*, actor, project: Project, stakeholder, level: str,
                      source: str = "") -> Engagement:
    """Record or raise a stakeholder's engagement with a project (never lowers it)."""
    order = list(Engagement.Level.values)
    engagement = Engagement.objects.filter(project=project, stakeholder=stakeholder).first()
    if engagement is None:
        return create_recorded(Engagement, actor=actor, verb="engagement.record",
                               liaison_org=project.liaison_org,
                               fields={"project": project, "stakeholder": stakeholder,
                                       "level": level, "source": source})
    if order.index(level) > order.index(engagement.level):
        return update_recorded(engagement, actor=actor, verb="engagement.raise",
                               liaison_org=project.liaison_org,
                               fields={"level": level, "source": source or engagement.source})
    return engagement
