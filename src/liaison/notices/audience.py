"""Who an announcement reaches: the audience criteria and the stakeholders they match.

A stakeholder matches when any chosen criterion holds (a union): they follow the project's
committee, or one of its topics, or belong to a group the proposer declared as one that must be
involved, or to one of the chosen interest categories.

A matching stakeholder is *left out* (and the reason recorded) when they have not consented to be
contacted: they get neither an e-mail nor an in-app notice. A consenting stakeholder without an
e-mail address is told in the app only (and that is recorded too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.projects.models import DeclaredGroup, Project
from liaison.registry.models import Stakeholder

NO_CONSENT = "no_consent"
NO_EMAIL = "no_email"
REASONS = {
    NO_CONSENT: _("has not consented to be contacted"),
    NO_EMAIL: _("has no e-mail address: told in the app only"),
}


@dataclass(frozen=True)
class Criteria:
    """What makes a stakeholder part of the audience (any of them suffices)."""

    committee: bool = True
    topics: bool = True
    required_groups: bool = True
    categories: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {"committee": self.committee, "topics": self.topics,
                "required_groups": self.required_groups,
                "categories": sorted(self.categories)}

    @classmethod
    def from_dict(cls, data: dict) -> Criteria:
        return cls(committee=bool(data.get("committee")), topics=bool(data.get("topics")),
                   required_groups=bool(data.get("required_groups")),
                   categories=tuple(sorted(int(c) for c in data.get("categories", ()))))

    @property
    def empty(self) -> bool:
        return not (self.committee or self.topics or self.required_groups or self.categories)


@dataclass(frozen=True)
class Member:
    """One matching stakeholder, as the preview and the send see them."""

    pk: int
    name: str
    email: str
    has_user: bool
    reason: str = ""  # "" when told by e-mail and in the app

    @property
    def excluded(self) -> bool:
        return self.reason == NO_CONSENT

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.reason, ""))


@dataclass
class Audience:
    members: list[Member] = field(default_factory=list)

    @property
    def recipients(self) -> list[Member]:
        return [m for m in self.members if not m.excluded]

    @property
    def excluded(self) -> list[Member]:
        return [m for m in self.members if m.excluded]

    @property
    def app_only(self) -> list[Member]:
        return [m for m in self.members if m.reason == NO_EMAIL]

    def fingerprint(self) -> str:
        """Changes whenever who is told, or how, changes (the preview must match the send)."""
        text = ";".join(f"{m.pk}:{m.reason}" for m in self.members)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def matching_filter(project: Project, criteria: Criteria) -> Q:
    q = Q(pk__in=[])
    if criteria.committee and project.committee_id:
        q |= Q(subscriptions__organization_id=project.committee_id)
    if criteria.topics:
        q |= Q(subscriptions__topic__in=project.topics.values("pk"))
    if criteria.required_groups:
        required = DeclaredGroup.objects.filter(project=project,
                                                kind=DeclaredGroup.Kind.REQUIRED)
        q |= Q(categories__in=required.values("category_id"))
    if criteria.categories:
        q |= Q(categories__in=list(criteria.categories))
    return q


def audience(project: Project, criteria: Criteria) -> Audience:
    """Every stakeholder of the project's organization matching ``criteria``, by name, each
    with the reason they are left out or told in the app only (if any)."""
    ids = (Stakeholder.objects.filter(liaison_org_id=project.liaison_org_id)
           .filter(matching_filter(project, criteria)).values("pk"))
    rows = (Stakeholder.objects.filter(pk__in=ids).order_by("name", "pk")
            .values_list("pk", "name", "email", "consent_to_contact", "user_id"))
    members = []
    for pk, name, email, consent, user_id in rows:
        reason = NO_CONSENT if not consent else (NO_EMAIL if not email.strip() else "")
        members.append(Member(pk=pk, name=name, email=email.strip(), has_user=bool(user_id),
                              reason=reason))
    return Audience(members=members)
