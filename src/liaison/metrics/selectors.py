"""Reads for the self-assessment: plain values out of the database, handed to the pure
:mod:`liaison.core.metrics` for the figures. Everything is scoped to one organization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.consultations.models import Comment, Consultation
from liaison.consultations.states import State
from liaison.core import metrics as m
from liaison.metrics.models import ProcessReview
from liaison.process.models import ProcessVersion
from liaison.projects.models import DeclaredGroup, Engagement, Project
from liaison.registry.models import InterestCategory, Stakeholder


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def category_names() -> dict[str, str]:
    names = dict(InterestCategory.objects.values_list("code", "name"))
    names[m.UNCATEGORIZED] = _("no interest category")
    names["overall"] = _("overall")
    return names


def _categories_of(stakeholder_ids) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {pk: [] for pk in stakeholder_ids}
    through = Stakeholder.categories.through
    for sid, code in through.objects.filter(stakeholder_id__in=out).values_list(
            "stakeholder_id", "interestcategory__code"):
        out[sid].append(code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


# --- approval → first notice --------------------------------------------------------------

def lead_times(liaison_org, *, today: dt.date | None = None) -> list[m.LeadTime]:
    announcement = _model("notices.Announcement")
    projects = Project.objects.filter(liaison_org=liaison_org, approved_on__isnull=False)
    first: dict[int, dt.datetime] = {}
    if announcement is not None:
        first = dict(announcement.objects.filter(project__in=projects)
                     .values_list("project_id").annotate(at=Min("sent_at"))
                     .values_list("project_id", "at"))
    rows = [(p.reference, p.approved_on,
             first[p.pk].astimezone(dt.UTC).date() if p.pk in first else None)
            for p in projects]
    return m.lead_times(rows, today=today or timezone.now().astimezone(dt.UTC).date())


# --- consultations ------------------------------------------------------------------------

def consultations_over_time(liaison_org) -> QuerySet[Consultation]:
    """Consultations that were opened, oldest first."""
    return (Consultation.objects.filter(liaison_org=liaison_org).exclude(state=State.DRAFT)
            .select_related("project").order_by("opens_at", "pk"))


@dataclass(frozen=True)
class ResponseRates:
    consultation: Consultation
    basis: str  # "told" (notices of the opening announcement) or "engaged" (no announcement)
    overall: m.Rate
    categories: list[m.Rate]


def response_rates(consultation: Consultation) -> ResponseRates:
    """The response rate by interest category (core/metrics.py). The audience is everyone
    told by an announcement of the consultation; a consultation never announced here falls
    back to the project's engaged stakeholders plus whoever responded."""
    from liaison.notices.selectors import responded_stakeholder_ids

    responded = responded_stakeholder_ids(consultation)
    notice = _model("notices.Notice")
    told: set[int] = set()
    if notice is not None:
        told = set(notice.objects.filter(
            announcement__consultation=consultation,
            announcement__kind="consultation").values_list("stakeholder_id", flat=True))
    basis = "told"
    if not told:
        basis = "engaged"
        told = set(Engagement.objects.filter(project_id=consultation.project_id).exclude(
            level=Engagement.Level.INFORMED).values_list("stakeholder_id", flat=True))
        told |= responded
    cats = _categories_of(told)
    overall, rows = m.response_rates((cats[s], s in responded) for s in sorted(told))
    return ResponseRates(consultation, basis, overall, rows)


def participants_of(project: Project) -> set[int]:
    """Stakeholders who took part in any consultation of the project: a submitted comment, a
    survey answer (the notices app's definition of responding) or a position on a draft."""
    from liaison.notices.selectors import responded_stakeholder_ids

    ids: set[int] = set()
    for consultation in Consultation.objects.filter(project=project).exclude(
            state=State.DRAFT):
        ids |= responded_stakeholder_ids(consultation)
    position = _model("consensus.Position")
    if position is not None:
        ids |= set(position.objects.filter(consultation__project=project,
                                           stakeholder__isnull=False)
                   .values_list("stakeholder_id", flat=True))
    return ids


@dataclass(frozen=True)
class ProjectBalance:
    project: Project
    balance: m.Balance


def balances(liaison_org) -> list[ProjectBalance]:
    out = []
    for project in Project.objects.filter(liaison_org=liaison_org).order_by("reference_key"):
        required = list(DeclaredGroup.objects.filter(
            project=project, kind=DeclaredGroup.Kind.REQUIRED)
            .order_by("category__order").values_list("category__code", flat=True))
        people = participants_of(project)
        cats = _categories_of(people)
        out.append(ProjectBalance(project, m.balance((cats[p] for p in sorted(people)),
                                                     required)))
    return out


def disposition_shares(liaison_org) -> list[tuple[Consultation, m.Proportion]]:
    """Per consultation of comments with at least one submitted comment, oldest first."""
    disposition = _model("consensus.Disposition")
    qs = (consultations_over_time(liaison_org).filter(kind=Consultation.Kind.COMMENTS)
          .annotate(n=Count("comments", filter=Q(comments__status=Comment.Status.SUBMITTED),
                            distinct=True)).filter(n__gt=0))
    out = []
    for c in qs:
        disposed = 0
        if disposition is not None:
            disposed = disposition.objects.filter(
                consultation=c, comment__status=Comment.Status.SUBMITTED).count()
        out.append((c, m.disposition_share(c.title, c.n, disposed)))
    return out


def consensus_shares(liaison_org) -> list[tuple[Consultation, m.Proportion, bool]]:
    """Per consultation with draft consensus comments: the share of active drafts whose
    verdict (under the rule in force for it, evaluated now) is consensus, and the overall
    verdict."""
    draft = _model("consensus.Draft")
    if draft is None:
        return []
    from liaison.consensus.evaluation import evaluate_consultation

    with_drafts = set(draft.objects.filter(consultation__liaison_org=liaison_org,
                                           status="active")
                      .values_list("consultation_id", flat=True))
    out = []
    for c in consultations_over_time(liaison_org).filter(pk__in=with_drafts):
        verdict = evaluate_consultation(c)
        out.append((c, m.consensus_share(c.title, (d.verdict.consensus
                                                   for d in verdict.drafts)),
                    verdict.consensus))
    return out


def appeal_figures(liaison_org) -> m.AppealFigures | None:
    """None when the appeals app is not installed."""
    appeal = _model("appeals.Appeal")
    if appeal is None:
        return None
    rows = appeal.objects.filter(liaison_org=liaison_org).values_list(
        "filed_at", "state", "outcome")
    return m.appeal_figures((at.astimezone(dt.UTC).date(), state, outcome or "")
                            for at, state, outcome in rows)


# --- process reviews and the timeline -----------------------------------------------------

def reviews_of(liaison_org) -> QuerySet[ProcessReview]:
    return (ProcessReview.objects.filter(liaison_org=liaison_org)
            .prefetch_related("led_to"))


def review_of(liaison_org, pk: int) -> ProcessReview:
    return reviews_of(liaison_org).get(pk=pk)


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str  # "review" or "version"
    text: str
    review: ProcessReview | None = None
    version: ProcessVersion | None = None


def timeline(liaison_org) -> list[TimelineEntry]:
    """Published process versions and process reviews, oldest first."""
    entries = []
    for v in ProcessVersion.objects.filter(liaison_org=liaison_org,
                                           status=ProcessVersion.Status.PUBLISHED):
        entries.append(TimelineEntry(timezone.localtime(v.published_at).date(), "version",
                                     _("Version %(n)s published") % {"n": v.number}, version=v))
    for r in reviews_of(liaison_org):
        entries.append(TimelineEntry(r.held_on, "review", str(r.title), review=r))
    entries.sort(key=lambda e: (e.on, e.kind == "version"))
    return entries
