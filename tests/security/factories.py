"""One object of each kind a URL's keywords can name, built through the services in a given
liaison organization. A kind whose factory is missing or fails is reported, never guessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tests.security.urlmap import Route

# The fixed text before ``<int:pk>`` → the kind of object the pk names.
PK_KINDS = {
    "projects/": "project",
    "registry/organizations/": "organization",
    "registry/liaisons/": "relationship",
    "registry/stakeholders/": "stakeholder",
    "consultations/": "consultation",
    "notices/announce/project/": "project",
    "notices/announce/consultation/": "consultation",
    "notices/consultations/": "consultation",
    "notices/announcements/": "announcement",
    "committees/": "committee",
    "committees/members/": "member",
    "committees/meetings/": "meeting",
}
# Other keywords → the kind of object (or a fixed value).
KWARG_KINDS = {"project_pk": "project", "comment_pk": "comment", "consultation_pk":
               "consultation"}
FIXED = {"fmt": "xlsx"}


def _project(org, made):
    from liaison.projects import services
    return services.project_create(actor=None, liaison_org=org, reference="ISO/NP 24001",
                                   title="Matrix project", stage_code="10.99")


def _organization(org, made):
    from liaison.registry import services
    return services.organization_create(actor=None, liaison_org=org, name="Matrix SDO",
                                        acronym="ISO/TC 99")


def _relationship(org, made):
    from liaison.registry import services
    return services.relationship_create(actor=None, liaison_org=org,
                                        organization=build("organization", org, made),
                                        formality="informal")


def _stakeholder(org, made):
    from liaison.registry import services
    return services.stakeholder_create(actor=None, liaison_org=org, name="Matrix Person",
                                       email=f"person@{org.slug}.example.org")


def _consultation(org, made):
    from liaison.consultations import services
    consultation = services.consultation_create(
        actor=None, liaison_org=org, project=build("project", org, made),
        title="Matrix consultation", deadline=timezone.now() + dt.timedelta(days=30))
    return services.consultation_open(actor=None, consultation=consultation)


def _comment(org, made):
    from liaison.consultations import services
    return services.comment_create(actor=None, consultation=build("consultation", org, made),
                                   author=build("stakeholder", org, made), type="ed",
                                   comment="A matrix comment", proposed_change="Change it")


def _announcement(org, made):
    from liaison.notices.audience import Criteria
    from liaison.notices.services import announcement_send
    from liaison.registry import services
    from liaison.registry.models import InterestCategory
    category = InterestCategory.objects.order_by("pk").first()
    services.stakeholder_create(actor=None, liaison_org=org, name="Matrix Reader",
                                email=f"reader@{org.slug}.example.org", consent_to_contact=True,
                                categories=[category])
    return announcement_send(actor=None, project=build("project", org, made),
                             criteria=Criteria(committee=False, topics=False,
                                               required_groups=False,
                                               categories=(category.pk,)),
                             subject="Matrix announcement")


def _committee(org, made):
    from liaison.committees import services
    return services.committee_create(actor=None, liaison_org=org, name="Matrix committee")


def _member(org, made):
    from liaison.committees import services
    return services.member_add(actor=None, committee=build("committee", org, made),
                               stakeholder=build("stakeholder", org, made), role="member",
                               term_start=dt.date(2020, 1, 1))


def _meeting(org, made):
    from liaison.committees import services
    starts = timezone.now() + dt.timedelta(days=7)
    return services.meeting_schedule(actor=None, committee=build("committee", org, made),
                                     title="Matrix meeting", kind="teleconference",
                                     starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
                                     dial_in="https://meet.example.org/matrix")


FACTORIES: dict[str, Callable] = {
    "project": _project, "organization": _organization, "relationship": _relationship,
    "stakeholder": _stakeholder, "consultation": _consultation, "comment": _comment,
    "announcement": _announcement, "committee": _committee, "member": _member,
    "meeting": _meeting,
}


class Unbuildable(Exception):
    """A URL keyword this module cannot provide; the message says why."""


def build(kind: str, org, made: dict) -> object:
    """The object of ``kind`` in ``org`` (built once per ``made`` cache)."""
    if kind not in made:
        if kind not in FACTORIES:
            raise Unbuildable(f"no factory for a {kind!r} (add one to tests/security/factories)")
        try:
            made[kind] = FACTORIES[kind](org, made)
        except Exception as exc:  # a service changed under us: say so, skip the cell
            raise Unbuildable(f"the {kind!r} factory failed: {exc!r}") from exc
    return made[kind]


def kind_of(route: Route, kwarg: str) -> str:
    if kwarg == "pk":
        prefix = route.pk_prefix or ""
        if prefix not in PK_KINDS:
            raise Unbuildable(f"{route.route}: no kind declared for pk after {prefix!r} "
                              "(add it to PK_KINDS in tests/security/factories.py)")
        return PK_KINDS[prefix]
    if kwarg in KWARG_KINDS:
        return KWARG_KINDS[kwarg]
    raise Unbuildable(f"{route.route}: keyword {kwarg!r} is not known to the factories")


def url_kwargs(route: Route, org, made: dict) -> dict[str, str]:
    """Keyword values for ``route``, naming objects of ``org``; raises :class:`Unbuildable`."""
    values = {}
    for kwarg in route.kwargs:
        if kwarg in FIXED:
            values[kwarg] = FIXED[kwarg]
        else:
            values[kwarg] = str(build(kind_of(route, kwarg), org, made).pk)
    return values
