"""Reads about projects, including the coverage of the groups a project must involve."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from liaison.projects.models import DeclaredGroup, Engagement, Project
from liaison.registry.models import InterestCategory, Stakeholder


def projects_of(liaison_org) -> QuerySet[Project]:
    return (Project.objects.filter(liaison_org=liaison_org)
            .select_related("committee")
            .annotate(n_engaged=Count("engagements", filter=~Q(
                engagements__level=Engagement.Level.INFORMED), distinct=True)))


def project_of(liaison_org, pk: int) -> Project:
    return Project.objects.select_related("committee").get(liaison_org=liaison_org, pk=pk)


def potential_stakeholders(project: Project) -> QuerySet[Stakeholder]:
    """Stakeholders who may care about ``project``: they follow its committee or one of its
    topics (the people an announcement of the project reaches)."""
    return (Stakeholder.objects.filter(liaison_org=project.liaison_org)
            .filter(Q(subscriptions__organization_id=project.committee_id)
                    | Q(subscriptions__topic__in=project.topics.all()))
            .distinct())


@dataclass
class GroupCoverage:
    category: InterestCategory
    required: bool
    supporting: bool
    engaged: list[Stakeholder] = field(default_factory=list)
    potential: int = 0

    @property
    def covered(self) -> bool:
        return bool(self.engaged)


@dataclass
class Coverage:
    groups: list[GroupCoverage]

    @property
    def required(self) -> list[GroupCoverage]:
        return [g for g in self.groups if g.required]

    @property
    def uncovered_required(self) -> list[GroupCoverage]:
        return [g for g in self.required if not g.covered]

    @property
    def complete(self) -> bool:
        return not self.uncovered_required


def coverage(project: Project) -> Coverage:
    """For every declared group: the stakeholders of that category engaged with the project
    (interested or participating) and how many of its stakeholders follow the project's
    committee or topics (potential stakeholders).

    A required group is covered when at least one engaged stakeholder belongs to it.
    """
    declared = list(project.declared_groups.select_related("category"))
    categories = {d.category_id: d.category for d in declared}
    rows = {cid: GroupCoverage(category=cat,
                               required=any(d.kind == DeclaredGroup.Kind.REQUIRED
                                            and d.category_id == cid for d in declared),
                               supporting=any(d.kind == DeclaredGroup.Kind.SUPPORTING
                                              and d.category_id == cid for d in declared))
            for cid, cat in categories.items()}
    engaged = (Stakeholder.objects.filter(engagements__project=project)
               .exclude(engagements__level=Engagement.Level.INFORMED)
               .prefetch_related("categories").order_by("name"))
    for stakeholder in engaged:
        for category in stakeholder.categories.all():
            if category.pk in rows:
                rows[category.pk].engaged.append(stakeholder)
    followers = potential_stakeholders(project).values("pk")
    counts = (InterestCategory.objects.filter(pk__in=list(categories))
              .annotate(n=Count("stakeholders", filter=Q(stakeholders__in=followers),
                                distinct=True)))
    for category in counts:
        rows[category.pk].potential = category.n
    ordered = sorted(rows.values(), key=lambda g: (not g.required, g.category.order))
    return Coverage(groups=ordered)
