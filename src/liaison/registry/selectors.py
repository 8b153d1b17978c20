"""Reads from the registry, always within one liaison organization."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from liaison.registry.models import Organization, Relationship, Stakeholder


def organizations_of(liaison_org) -> QuerySet[Organization]:
    return (Organization.objects.filter(liaison_org=liaison_org)
            .prefetch_related("relationships")
            .annotate(n_subscribers=Count("subscriptions", distinct=True)))


def organization_of(liaison_org, pk: int) -> Organization:
    return get_object_or_404(Organization, liaison_org=liaison_org, pk=pk)


def relationships_of(organization: Organization) -> QuerySet[Relationship]:
    return organization.relationships.prefetch_related("representatives", "communications")


def relationship_of(liaison_org, pk: int) -> Relationship:
    return get_object_or_404(Relationship.objects.select_related("organization"),
                             liaison_org=liaison_org, pk=pk)


def stakeholders_of(liaison_org, *, q: str = "", category=None,
                    willing: bool = False) -> QuerySet[Stakeholder]:
    qs = Stakeholder.objects.filter(liaison_org=liaison_org).prefetch_related("categories")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q)
                       | Q(affiliation__icontains=q))
    if category is not None:
        qs = qs.filter(categories=category)
    if willing:
        qs = qs.filter(willing_to_participate=True)
    return qs.distinct()


def stakeholder_of(liaison_org, pk: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.prefetch_related("categories", "subscriptions__organization",
                                             "subscriptions__topic",
                                             "engagements__project"),
        liaison_org=liaison_org, pk=pk)
