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


def display_name(user, liaison_org=None) -> str:
    """How a person is called on pages, in e-mails and in exports: the name of their
    stakeholder record (in ``liaison_org`` when given, else their first one), else their
    full name, else — last resort — their username. Usernames are for where an account is
    meant (sign-in, admin, the sign-out button), never to address or cite a person.

    The answer is kept on the user object, so a list naming the same person many times
    asks once; a ``stakeholder_profiles`` prefetch is used when present."""
    if user is None:
        return ""
    if isinstance(user, Stakeholder):
        return user.name
    if not getattr(user, "pk", None):
        return str(user)
    org_id = getattr(liaison_org, "pk", liaison_org)
    known = user.__dict__.setdefault("_display_names", {})
    if org_id not in known:
        known[org_id] = (_profile_name(user, org_id) or user.get_full_name().strip()
                         or user.get_username())
    return known[org_id]


def _profile_name(user, org_id) -> str:
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("stakeholder_profiles")
    profiles = (sorted(prefetched, key=lambda p: p.pk) if prefetched is not None else
                list(Stakeholder.objects.filter(user=user).order_by("pk")
                     .only("pk", "name", "liaison_org_id")))
    named = [p for p in profiles if p.name.strip()]
    in_org = [p for p in named if p.liaison_org_id == org_id]
    chosen = (in_org or named)[:1]
    return chosen[0].name.strip() if chosen else ""

