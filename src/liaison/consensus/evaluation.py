"""The verdict on a consultation's drafts under its consensus rule, fast enough to recompute
after every new position.

Rules:

* the participant x draft matrix is kept per consultation in this process and checked against
  the database on every evaluation by a stamp (number of positions, sum of their versions):
  every write to a position increments its version, so any change is seen. When the stamp
  moved, only the positions changed since the last load (``updated_at`` from a few seconds
  before the newest one seen) are read; if the stamp still disagrees, everything is reloaded.
  The cache is an optimisation only: a result never differs from a full reload;
* only active drafts are statements; a participant's categories are the interest categories
  of their stakeholder profile in the organization (none: ``uncategorized``);
* a draft's fundamental objections count as resolved when it has at least one and none is
  still open or disputed;
* the whole position has consensus when there is at least one active draft and every one
  has consensus.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Sum

from liaison.consensus.models import Draft, Objection, Position
from liaison.consensus.rule import rule_for
from liaison.core.consensus import PositionMatrix, Tally, category_figures
from liaison.core.rules import ConsensusRule, Verdict, evaluate

#: Positions updated this long before the newest one seen are read again on a delta load
#: (two transactions may commit in the opposite order of their timestamps).
SLACK = dt.timedelta(seconds=5)


@dataclass
class _Cells:
    """(user id, draft id) -> (code, version, needs review), with the stamp it matches."""

    cells: dict[tuple[int, int], tuple[int, int, bool]] = field(default_factory=dict)
    count: int = 0
    version_sum: int = 0
    newest: dt.datetime | None = None
    generation: int = field(default_factory=lambda: next(_GENERATIONS))


_GENERATIONS = itertools.count(1)
_CACHE: dict[int, _Cells] = {}
_LOCK = threading.Lock()


def _apply(entry: _Cells, rows) -> None:
    for user_id, draft_id, value, version, review, updated in rows:
        key = (user_id, draft_id)
        old = entry.cells.get(key)
        if old is not None:
            entry.version_sum -= old[1]
        entry.cells[key] = (value, version, review)
        entry.version_sum += version
        if entry.newest is None or updated > entry.newest:
            entry.newest = updated
    entry.count = len(entry.cells)


_FIELDS = ("user_id", "draft_id", "value", "version", "needs_review", "updated_at")


def position_cells(consultation_id: int) -> _Cells:
    """Every position of the consultation, current as of this call (module rules); a new
    ``generation`` whenever something changed."""
    stamp = Position.objects.filter(consultation_id=consultation_id).aggregate(
        n=Count("id"), v=Sum("version"))
    n, v = stamp["n"], stamp["v"] or 0
    with _LOCK:
        entry = _CACHE.get(consultation_id)
        if entry is not None and (entry.count, entry.version_sum) == (n, v):
            return entry
        if entry is not None and entry.newest is not None:
            fresh = _Cells(dict(entry.cells), entry.count, entry.version_sum, entry.newest)
            _apply(fresh, Position.objects.filter(
                consultation_id=consultation_id, updated_at__gte=entry.newest - SLACK)
                .values_list(*_FIELDS))
            if (fresh.count, fresh.version_sum) == (n, v):
                _CACHE[consultation_id] = fresh
                return fresh
        fresh = _Cells()
        _apply(fresh, Position.objects.filter(consultation_id=consultation_id)
               .values_list(*_FIELDS))
        _CACHE[consultation_id] = fresh
        return fresh


def forget(consultation_id: int | None = None) -> None:
    """Drop the cached matrix (of one consultation, or all): tests and benchmarks."""
    with _LOCK:
        if consultation_id is None:
            _CACHE.clear()
            _MATRICES.clear()
        else:
            _CACHE.pop(consultation_id, None)
            _MATRICES.pop(consultation_id, None)


def participant_categories(consultation, user_ids) -> dict[str, tuple[str, ...]]:
    """user id (as text) -> codes of their stakeholder profile's interest categories."""
    from liaison.registry.models import Stakeholder

    through = Stakeholder.categories.through
    out: dict[str, list[str]] = {}
    for user_id, code in (through.objects.filter(
            stakeholder__liaison_org_id=consultation.liaison_org_id,
            stakeholder__user_id__in=list(user_ids))
            .values_list("stakeholder__user_id", "interestcategory__code")):
        out.setdefault(str(user_id), []).append(code)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


_MATRICES: dict[int, tuple[tuple, PositionMatrix, int]] = {}


def build_matrix(consultation, draft_ids: list[int]) -> tuple[PositionMatrix, int]:
    """The participant x active-draft matrix and how many positions await review (kept
    while neither the positions, the drafts nor the participants' categories change)."""
    entry = position_cells(consultation.pk)
    cells = entry.cells
    if cells:
        keys = np.fromiter((k for pair in cells for k in pair), dtype=np.int64,
                           count=2 * len(cells)).reshape(-1, 2)
        vals = np.fromiter((x for v in cells.values() for x in (v[0], v[2])),
                           dtype=np.int64, count=2 * len(cells)).reshape(-1, 2)
    else:
        keys = vals = np.zeros((0, 2), dtype=np.int64)
    draft_index = np.asarray(draft_ids, dtype=np.int64)
    order = np.argsort(draft_index)
    pos = np.searchsorted(draft_index[order], keys[:, 1])
    pos = np.minimum(pos, max(len(draft_ids) - 1, 0))
    keep = (len(draft_ids) > 0) & (draft_index[order][pos] == keys[:, 1]) if len(
        draft_ids) else np.zeros(len(keys), dtype=bool)
    users, rows = np.unique(keys[keep, 0], return_inverse=True)
    cats = participant_categories(consultation, users.tolist()) if users.size else {}
    stamp = (entry.generation, tuple(draft_ids), tuple(sorted(cats.items())))
    cached = _MATRICES.get(consultation.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    matrix = PositionMatrix(tuple(str(u) for u in users.tolist()),
                            tuple(str(d) for d in draft_ids), rows.astype(np.int64),
                            order[pos[keep]].astype(np.int64),
                            vals[keep, 0].astype(np.int8), cats)
    review = int(vals[keep, 1].sum())
    _MATRICES[consultation.pk] = (stamp, matrix, review)
    return matrix, review


@dataclass(frozen=True)
class DraftVerdict:
    draft_id: int
    verdict: Verdict
    overall: Tally
    by_category: dict[str, Tally]
    blocking_objections: int


@dataclass(frozen=True)
class PositionVerdict:
    """The verdict on every active draft and on the position as a whole."""

    rule: ConsensusRule
    drafts: list[DraftVerdict]
    consensus: bool
    reasons: list[str]
    participants: int
    categories: tuple[str, ...]
    awaiting_review: int
    matrix: PositionMatrix

    def of(self, draft_id: int) -> DraftVerdict | None:
        return next((d for d in self.drafts if d.draft_id == draft_id), None)


def evaluate_consultation(consultation, rule: ConsensusRule | None = None) -> PositionVerdict:
    """Per-category figures and the rule's verdict for each active draft and overall."""
    rule = rule or rule_for(consultation)
    drafts = list(Draft.objects.filter(consultation=consultation, status=Draft.Status.ACTIVE)
                  .order_by("order", "number").values_list("pk", "mb", "number"))
    draft_ids = [pk for pk, _mb, _n in drafts]
    matrix, review = build_matrix(consultation, draft_ids)
    figures = category_figures(matrix)
    blocking = dict(Objection.objects.filter(consultation=consultation,
                                             state__in=Objection.BLOCKING)
                    .values_list("draft_id").annotate(n=Count("id")).values_list("draft_id", "n"))
    resolved = [str(d) for j, d in enumerate(draft_ids)
                if figures.overall[j, 4] > 0 and not blocking.get(d)]
    verdicts = evaluate(figures, rule, resolved)
    out = []
    for j, (draft_id, verdict) in enumerate(zip(draft_ids, verdicts, strict=True)):
        out.append(DraftVerdict(
            draft_id=draft_id, verdict=verdict, overall=figures.tally(j),
            by_category={name: figures.tally(j, g) for g, name in enumerate(figures.categories)},
            blocking_objections=blocking.get(draft_id, 0)))
    labels = {pk: f"{mb or 'C'}-{n:03d}" for pk, mb, n in drafts}
    failing = [labels[d.draft_id] for d in out if not d.verdict.consensus]
    if not out:
        reasons = ["there is no draft consensus comment yet"]
    elif failing:
        reasons = [f"{len(out) - len(failing)} of {len(out)} drafts reach consensus; not yet: "
                   + ", ".join(failing)]
    else:
        reasons = [f"all {len(out)} drafts reach consensus under rule {rule.version}"]
    if review:
        reasons.append(f"{review} position(s) were given on an earlier text and await review")
    return PositionVerdict(rule=rule, drafts=out, consensus=bool(out) and not failing,
                           reasons=reasons, participants=matrix.shape[0],
                           categories=figures.categories, awaiting_review=review,
                           matrix=matrix)

