"""Reads for the consensus pages, scoped to one consultation of one liaison organization.

The consolidation view (:func:`consolidation`) reads everything it shows in a fixed number of
queries, whatever the number of comments: the comments with their authors, the authors'
interest categories, the dispositions, and the stored analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from liaison.consensus.analysis import fingerprint
from liaison.consensus.clauses import clause_key
from liaison.consensus.models import (
    Analysis,
    Disposition,
    Draft,
    Objection,
    Position,
    Revision,
    Submission,
    draft_reference,
)
from liaison.consultations.models import Comment, Consultation
from liaison.registry.models import Stakeholder

GROUPS_PER_PAGE = 50
CONTRADICTIONS_SHOWN = 100
SHOW = ("all", "clusters", "undrafted")


@dataclass
class Row:
    """One input comment as the consolidation view shows it."""

    pk: int
    reference: str
    author: str
    category_pairs: list[tuple[str, str]]
    line: str
    clause: str
    element: str
    type: str
    comment: str
    proposed_change: str
    disposition: str = ""
    draft_pk: int | None = None
    draft_ref: str = ""


@dataclass
class Group:
    """A redundancy cluster (``cluster`` set) or a single comment."""

    rows: list[Row]
    cluster: dict | None = None
    representative: int | None = None
    number: int | None = None  # a cluster's number, from 1, in the analysis's order

    @property
    def drafted(self) -> bool:
        return all(r.draft_pk is not None for r in self.rows)


@dataclass
class Consolidation:
    consultation: Consultation
    analysis: Analysis | None
    stale: bool
    n_comments: int
    n_clusters: int
    n_clustered: int
    page: Page
    contradictions: list[dict]
    n_contradictions: int
    categories: list[tuple[str, str]]
    filters: dict[str, str] = field(default_factory=dict)
    n_undrafted_clusters: int = 0  # clusters none of whose members is merged into a draft
    series: list[dict] = field(default_factory=list)  # {…, "rows": [Row]}: one disposition
    related: list[dict] = field(default_factory=list)  # {…, "rows": [Row, Row]}: resolve together


_COLUMNS = ("pk", "number", "mb", "version", "line", "clause", "element", "type", "comment",
            "proposed_change", "author_id", "author__name")


def _ref(mb: str, number: int) -> str:
    return f"{mb or 'C'}-{number:03d}"


def comment_rows(consultation: Consultation) -> tuple[list[Row], list[tuple[int, int]]]:
    """Every submitted comment as a :class:`Row` (3 queries), and the ``(pk, version)`` pairs
    the analysis fingerprint is made of."""
    raw = list(Comment.objects.filter(consultation=consultation,
                                      status=Comment.Status.SUBMITTED)
               .order_by("number").values_list(*_COLUMNS))
    cats: dict[int, list[tuple[str, str]]] = {}
    for sid, code, name in (Stakeholder.categories.through.objects
                            .filter(stakeholder__liaison_org_id=consultation.liaison_org_id,
                                    stakeholder_id__in={r[10] for r in raw if r[10]})
                            .values_list("stakeholder_id", "interestcategory__code",
                                         "interestcategory__name")):
        cats.setdefault(sid, []).append((code, name))
    disp = {c: (k, d, draft_reference(mb, n) if d else "") for c, k, d, mb, n in (
        Disposition.objects.filter(consultation=consultation)
        .values_list("comment_id", "kind", "draft_id", "draft__mb", "draft__number"))}
    labels = dict(Disposition.Kind.choices)
    rows = []
    for pk, number, mb, _v, line, clause, element, typ, text, change, author_id, name in raw:
        kind, draft_pk, draft_ref = disp.get(pk, ("", None, ""))
        mine = cats.get(author_id, [])
        rows.append(Row(pk=pk, reference=_ref(mb, number),
                        author=name or consultation.liaison_org.short_name,
                        category_pairs=sorted(mine, key=lambda p: p[1]),
                        line=line, clause=clause, element=element, type=typ, comment=text,
                        proposed_change=change, disposition=str(labels.get(kind, "")),
                        draft_pk=draft_pk if kind == Disposition.Kind.MERGED else None,
                        draft_ref=draft_ref))
    return rows, [(r[0], r[3]) for r in raw]


STATUSES = ("none", "disposed", "drafted")


def _status_ok(row: Row, status: str) -> bool:
    """``none``: no disposition yet; ``disposed``: a disposition that is not "merged into a
    draft"; ``drafted``: merged into a draft."""
    if status == "none":
        return not row.disposition
    if status == "disposed":
        return bool(row.disposition) and row.draft_pk is None
    if status == "drafted":
        return row.draft_pk is not None
    return True


def _keep(row: Row, clause: str, typ: str, category: str) -> bool:
    if clause and not (row.clause == clause or row.clause.startswith(clause + ".")
                       or row.clause.startswith(clause + " ")):
        return False
    if typ and row.type != typ:
        return False
    return not category or any(c == category for c, _n in row.category_pairs)


def consolidation(consultation: Consultation, *, clause: str = "", type: str = "",
                  category: str = "", show: str = "all", page: int | str = 1,
                  status: str = "", cluster: int | None = None,
                  contradicted: bool = False) -> Consolidation:
    """Comments grouped by the stored analysis, filtered, ordered by clause, one page.
    ``status`` keeps the comments without a disposition (``none``), disposed of otherwise
    than into a draft (``disposed``) or merged into a draft (``drafted``); ``cluster`` (its
    number, from 1, as shown) keeps that redundancy cluster only; ``contradicted`` keeps the
    comments of a stored contradictory pair."""
    rows, pairs = comment_rows(consultation)
    stored = Analysis.objects.filter(consultation=consultation).first()
    stale = stored is None or stored.fingerprint != fingerprint(pairs)
    by_pk = {r.pk: r for r in rows}
    groups: list[Group] = []
    seen: set[int] = set()
    relations = [] if stored is None else stored.clusters
    clusters = [c for c in relations if c.get("relation", "redundant") == "redundant"]
    for entry in clusters:
        members = [by_pk[int(m)] for m in entry["members"] if int(m) in by_pk]
        if len(members) < 2:
            continue
        seen.update(r.pk for r in members)
        groups.append(Group(rows=members, cluster=entry, number=len(groups) + 1,
                            representative=int(entry["representative"])))
    n_clustered = len(seen)
    n_undrafted = sum(1 for g in groups if not any(r.draft_pk for r in g.rows))
    if show != "clusters" and cluster is None:
        groups += [Group(rows=[r]) for r in rows if r.pk not in seen]
    clause, category = clause.strip(), category.strip()
    opposed = {int(p[side]) for p in ([] if stored is None else stored.contradictions)
               for side in ("a", "b")}
    kept = []
    for group in groups:
        if cluster is not None and group.number != cluster:
            continue
        group.rows = [r for r in group.rows if _keep(r, clause, type, category)
                      and _status_ok(r, status) and (not contradicted or r.pk in opposed)]
        if group.rows and not (show == "undrafted" and group.drafted):
            kept.append(group)
    kept.sort(key=lambda g: (clause_key(g.rows[0].clause), g.rows[0].pk))
    visible = {r.pk for g in kept for r in g.rows}
    contradictions = []
    for pair in ([] if stored is None else stored.contradictions):
        a, b = int(pair["a"]), int(pair["b"])
        if a in visible and b in visible:
            contradictions.append({**pair, "a_row": by_pk[a], "b_row": by_pk[b]})
    linked = {"series": [], "related": []}
    for entry in relations:
        kind = entry.get("relation")
        if kind in linked:
            members = [by_pk[int(m)] for m in entry["members"] if int(m) in by_pk]
            if len(members) > 1 and any(r.pk in visible for r in members):
                linked[kind].append({**entry, "rows": members})
    categories = sorted({pair for r in rows for pair in r.category_pairs},
                        key=lambda p: p[1])
    return Consolidation(
        consultation=consultation, analysis=stored, stale=stale, n_comments=len(rows),
        n_clusters=sum(1 for g in groups if g.cluster), n_clustered=n_clustered,
        n_undrafted_clusters=n_undrafted,
        page=Paginator(kept, GROUPS_PER_PAGE).get_page(page),
        contradictions=contradictions[:CONTRADICTIONS_SHOWN],
        n_contradictions=len(contradictions), categories=categories,
        filters={"clause": clause, "type": type, "category": category, "show": show,
                 "status": status, "cluster": "" if cluster is None else str(cluster),
                 "contradicted": "1" if contradicted else ""},
        series=linked["series"], related=linked["related"])


def analysed(consultation: Consultation) -> bool:
    """Whether the comments of ``consultation`` were analysed at least once."""
    return Analysis.objects.filter(consultation=consultation).exists()


def drafts_of(consultation: Consultation, *, active_only: bool = True) -> QuerySet[Draft]:
    qs = Draft.objects.filter(consultation=consultation)
    if active_only:
        qs = qs.filter(status=Draft.Status.ACTIVE)
    return qs.order_by("order", "number").prefetch_related(
        Prefetch("sources", queryset=Comment.objects.select_related("author")
                 .order_by("number")))


def draft_of(consultation: Consultation, pk: int) -> Draft:
    """One draft of ``consultation`` (``DoesNotExist`` otherwise, shown as 404)."""
    return (Draft.objects.select_related("consultation__liaison_org", "merged_into")
            .get(consultation=consultation, pk=pk))


def positions_on(draft: Draft) -> QuerySet[Position]:
    return (draft.positions.select_related("user", "stakeholder", "meeting", "entered_by")
            .order_by("stated_at"))


def decisions_on(draft: Draft) -> list:
    """Committee meeting decisions about ``draft``: those listing it among their drafts, and
    those whose generic subject is the draft; oldest meeting first."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from liaison.committees.models import Decision

    ctype = ContentType.objects.get_for_model(Draft)
    return list(Decision.objects.filter(
        Q(drafts=draft) | Q(subject_type=ctype, subject_id=str(draft.pk)))
        .distinct().select_related("meeting__committee").order_by("meeting__starts_at", "pk"))


def meeting_inputs_on(draft: Draft) -> list:
    """Input given at committee meetings about ``draft``, with its source."""
    from liaison.committees.models import MeetingInput

    return list(MeetingInput.objects.filter(draft=draft).select_related(
        "meeting__committee", "member__user", "member__stakeholder", "stakeholder",
        "recorded_by").order_by("meeting__starts_at", "pk"))


def meeting_inputs_of(consultation: Consultation) -> list:
    """Input given at committee meetings about ``consultation`` or one of its drafts (one
    query), for the consolidation view."""
    from django.db.models import Q

    from liaison.committees.models import MeetingInput

    return list(MeetingInput.objects.filter(Q(consultation=consultation)
                                            | Q(draft__consultation=consultation))
                .select_related("meeting__committee", "member__user", "member__stakeholder",
                                "stakeholder", "draft", "recorded_by")
                .order_by("meeting__starts_at", "pk"))


def disputes_of_objections(objections) -> dict[int, object]:
    """objection id → the dispute opened about it (appeals app), in one query."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ids = [str(o.pk) for o in objections]
    if not ids or not apps.is_installed("liaison.appeals"):
        return {}
    Dispute = apps.get_model("appeals", "Dispute")
    found = Dispute.objects.filter(subject_type=ContentType.objects.get_for_model(Objection),
                                   subject_id__in=ids).select_related("appeal")
    return {int(d.subject_id): d for d in found}


def objections_of(consultation: Consultation, *, blocking_only: bool = False
                  ) -> QuerySet[Objection]:
    qs = Objection.objects.filter(consultation=consultation).select_related(
        "draft", "raised_by", "resolved_by").order_by("raised_at")
    return qs.filter(state__in=Objection.BLOCKING) if blocking_only else qs


def objection_of(consultation: Consultation, pk: int) -> Objection:
    return objections_of(consultation).get(pk=pk)


def my_positions(user, consultation: Consultation) -> dict[int, Position]:
    """draft id → ``user``'s position."""
    return {p.draft_id: p for p in Position.objects.filter(consultation=consultation,
                                                           user=user)}


def revisions_of(draft: Draft) -> QuerySet[Revision]:
    return draft.revisions.select_related("by").order_by("-at")


def latest_submission(consultation: Consultation) -> Submission | None:
    return (Submission.objects.filter(consultation=consultation).order_by("-submitted_at")
            .first())


def input_comment(consultation: Consultation, pk: int) -> Comment:
    return Comment.objects.select_related("consultation__liaison_org").get(
        consultation=consultation, pk=pk, status=Comment.Status.SUBMITTED)


def input_comments(consultation: Consultation, pks) -> list[Comment]:
    return list(Comment.objects.filter(consultation=consultation, pk__in=list(pks),
                                       status=Comment.Status.SUBMITTED).order_by("number"))


def dispositions_table(consultation: Consultation) -> list[Comment]:
    """Every input comment with its disposition (None when missing) and author."""
    return list(Comment.objects.filter(consultation=consultation,
                                       status=Comment.Status.SUBMITTED)
                .select_related("author", "disposition__draft").order_by("number"))


@dataclass
class Outcome:
    comment: Comment
    disposition: Disposition | None
    draft: Draft | None


def outcome_of(stakeholder, consultation: Consultation) -> list[Outcome]:
    """What became of each of ``stakeholder``'s submitted comments."""
    if stakeholder is None:
        return []
    comments = (Comment.objects.filter(consultation=consultation, author=stakeholder,
                                       status=Comment.Status.SUBMITTED)
                .select_related("disposition__draft__merged_into").order_by("number"))
    out = []
    for c in comments:
        d = getattr(c, "disposition", None)
        draft = d.draft if d is not None else None
        while draft is not None and draft.merged_into_id:
            draft = draft.merged_into
        out.append(Outcome(comment=c, disposition=d, draft=draft))
    return out


def category_names(codes) -> list[tuple[str, str]]:
    """(code, name) for the interest category codes given (unknown codes keep their code)."""
    from liaison.registry.models import InterestCategory

    known = dict(InterestCategory.objects.filter(code__in=list(codes))
                 .values_list("code", "name"))
    return [(c, known.get(c, c)) for c in codes]


def disposition_groups(consultation: Consultation) -> list[dict]:
    """Groups a coordinator can select whole on the dispositions page, as ``{"key",
    "relation", "n", "members": [pk]}``: first every comment still without a disposition
    (key ``undisposed``, ``n`` their number), then the redundancy clusters and series of the
    stored analysis (``key`` is ``"<relation>-<n>"``, ``n`` counting from 1 within its
    relation; groups of fewer than two submitted comments are left out)."""
    stored = Analysis.objects.filter(consultation=consultation).only("clusters").first()
    submitted = set(Comment.objects.filter(consultation=consultation,
                                           status=Comment.Status.SUBMITTED)
                    .values_list("pk", flat=True))
    undisposed = list(Comment.objects.filter(consultation=consultation,
                                             status=Comment.Status.SUBMITTED,
                                             disposition__isnull=True)
                      .order_by("number").values_list("pk", flat=True))
    out: list[dict] = [{"key": "undisposed", "relation": "undisposed", "n": len(undisposed),
                        "members": undisposed}] if undisposed else []
    counts = {"redundant": 0, "series": 0}
    for entry in [] if stored is None else stored.clusters:
        relation = entry.get("relation", "redundant")
        if relation not in counts:
            continue
        members = [int(m) for m in entry["members"] if int(m) in submitted]
        if len(members) > 1:
            counts[relation] += 1
            out.append({"key": f"{relation}-{counts[relation]}", "relation": relation,
                        "n": counts[relation], "members": members})
    return out
