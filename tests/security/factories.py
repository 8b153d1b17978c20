"""One object of each kind a URL's keywords can name, built through the services in a given
liaison organization. A kind whose factory is missing or fails is reported, never guessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tests.builders import TRIAL
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
    "consensus/": "consolidating",  # the consensus pages of one consultation
    "appeals/": "appeal",
    "appeals/disputes/": "dispute",
    "metrics/reviews/": "review",
    "audit/packs/": "consultation",  # the evidence pack of one consultation
}
# Other keywords → the kind of object (or a fixed value).
KWARG_KINDS = {"project_pk": "project", "comment_pk": "comment", "consultation_pk":
               "consultation", "draft_pk": "draft", "objection_pk": "objection"}
# A keyword whose kind depends on the pk it follows: under ``consensus/<pk>`` a comment is
# one of that (consolidating) consultation's submitted comments.
# Under ``consultations/<pk>`` a draft is the consultation's draft document (issue 18), not a
# draft consensus comment.
KWARG_KINDS_UNDER = {("consensus/", "comment_pk"): "input_comment",
                     ("consultations/", "draft_pk"): "draft_document"}
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


def _draft_document(org, made):
    from liaison.consultations.models import DraftDocument
    return DraftDocument.objects.filter(
        consultation=build("consultation", org, made)).latest("pk")


def _consultation(org, made):
    from liaison.consultations import services
    consultation = services.consultation_create(
        actor=None, liaison_org=org, project=build("project", org, made),
        title="Matrix consultation", deadline=timezone.now() + dt.timedelta(days=30))
    consultation = services.consultation_open(actor=None, consultation=consultation,
                                              without_notice_reason=TRIAL)
    # its draft attached, so the pages reading the draft exist for every role to try
    from benchmarks.draftgen import pdf_bytes

    from tests.core.test_draftdoc import tiny_draft

    services.draft_attach(actor=None, consultation=consultation,
                          data=pdf_bytes(tiny_draft()), filename="draft.pdf")
    return consultation


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


def _participant(org, made):
    """A stakeholder with an account (role stakeholder) and a profile in ``org``."""
    from liaison.registry import services
    from liaison.registry.models import Role
    user = services.user_create(actor=None, username=f"participant-{org.slug}",
                                email=f"participant@{org.slug}.example.org",
                                password="matrix-participant-2026")
    services.membership_grant(actor=None, user=user, liaison_org=org, role=Role.STAKEHOLDER)
    return services.stakeholder_create(actor=None, liaison_org=org, name="Matrix Participant",
                                       email=f"participant@{org.slug}.example.org", user=user)


def _consolidating(org, made):
    """A consultation whose deadline has passed, with two submitted comments of the
    participant, in consolidation (the state in which the consensus pages work)."""
    from liaison.consensus import services as consensus
    from liaison.consultations import services
    from liaison.consultations.models import Consultation
    author = build("participant", org, made)
    consultation = services.consultation_open(
        actor=None, without_notice_reason=TRIAL, consultation=(
        services.consultation_create(actor=None, liaison_org=org,
                                     project=build("project", org, made),
                                     title="Matrix consolidation",
                                     deadline=timezone.now() + dt.timedelta(days=10))))
    for clause, text in (("5.2", "Cite ISO 8601-2 for approximate dates."),
                         ("1", "Typo in the scope: 'metdata'.")):
        services.comment_create(actor=author.user, consultation=consultation, author=author,
                                submit=True, clause=clause, type="te", comment=text,
                                proposed_change="Change it.")
    now = timezone.now()  # the deadline passes (as time would)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consultation.refresh_from_db()
    return consensus.consolidation_start(actor=None, consultation=consultation)


def _draft(org, made):
    from liaison.consensus import services
    consultation = build("consolidating", org, made)
    first = consultation.comments.order_by("pk").first()
    return services.draft_create(actor=None, consultation=consultation, comments=[first])


def _input_comment(org, made):
    """The consolidating consultation's comment that no draft took up yet."""
    build("draft", org, made)
    return build("consolidating", org, made).comments.order_by("pk").last()


def _objection(org, made):
    """The participant's fundamental objection to the draft."""
    from liaison.consensus import services
    from liaison.consensus.models import Objection
    author = build("participant", org, made)
    position = services.position_state(actor=author.user, draft=build("draft", org, made),
                                       value=-2, argument="Not acceptable to consumers.",
                                       stakeholder=author)
    return Objection.objects.get(position=position)


def _decision(org, made):
    """An involvement decision on the project, citing an interest survey."""
    from liaison.consultations import services
    from liaison.consultations.models import Consultation
    from liaison.involvement.services import decision_record
    project = build("project", org, made)
    survey = services.consultation_open(actor=None, without_notice_reason=TRIAL, consultation=(
        services.consultation_create(actor=None, liaison_org=org, project=project,
                                     kind=Consultation.Kind.SURVEY, title="Matrix survey",
                                     deadline=timezone.now() + dt.timedelta(days=10))))
    return decision_record(actor=None, project=project, consultation=survey, level="observe",
                           rationale="Little support in the survey.")


def _appeal(org, made):
    """The participant's appeal against the decision, just filed."""
    from liaison.appeals import services
    return services.appeal_file(actor=build("participant", org, made).user,
                                subject=build("decision", org, made),
                                summary="The survey was too short to be fair.",
                                grounds="Members were told two days before the deadline.")


def _dispute(org, made):
    """The participant's fundamental objection, opened as a dispute about the decision."""
    from liaison.appeals import services
    return services.dispute_open(actor=None, subject=build("decision", org, made),
                                 objector=build("participant", org, made).user,
                                 argument="Fundamentally wrong for consumers.")


def _review(org, made):
    from liaison.metrics.services import process_review_create
    return process_review_create(actor=None, liaison_org=org, held_on=dt.date(2026, 3, 1),
                                 title="Matrix review", reviewers="Ann\nBo",
                                 findings="Notices went out late.")


FACTORIES: dict[str, Callable] = {
    "project": _project, "organization": _organization, "relationship": _relationship,
    "stakeholder": _stakeholder, "consultation": _consultation, "comment": _comment,
    "announcement": _announcement, "committee": _committee, "member": _member,
    "meeting": _meeting, "participant": _participant, "consolidating": _consolidating,
    "draft": _draft, "draft_document": _draft_document, "input_comment": _input_comment,
    "objection": _objection,
    "decision": _decision, "appeal": _appeal, "dispute": _dispute, "review": _review,
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
    if (route.pk_prefix, kwarg) in KWARG_KINDS_UNDER:
        return KWARG_KINDS_UNDER[route.pk_prefix, kwarg]
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
