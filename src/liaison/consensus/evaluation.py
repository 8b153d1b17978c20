"""The verdict on a consultation's drafts under its consensus rule, fast enough to recompute
after every new position.

Rules:

* only active drafts are statements; a participant's categories are the interest categories
  of their stakeholder profile in the organization (none: ``uncategorized``);
* a draft's fundamental objections count as resolved when it has at least one and none is
  still open or disputed;
* the whole position has consensus when there is at least one active draft and every one
  has consensus;
* reasons name categories by their label (``InterestCategory.name``), not their code.

Speed (the results never differ from a full recomputation):

* every write to a consultation's positions goes through :func:`positions_written` in its
  transaction (the services do it): the consultation's ``PositionCounter`` row is bumped,
  and stays locked until commit, so writes commit in counter order; the rows written carry
  the new value in ``Position.seq``;
* each process keeps the consultation's positions as numpy arrays, checked on every
  evaluation against the counter (one row by primary key): unchanged, nothing is read;
  moved on, only the rows with ``seq`` above the value seen are read; another ``token``
  (counter re-created) or a lower value, everything is read again. What a transaction reads
  after writing positions itself (not committed yet) is used but not kept;
* counts per draft, category and position are one ``bincount``; the rule is applied again
  only to the drafts whose counts, objections, the categories or the rule changed, the
  others keep their cached result;
* the participant x draft :class:`PositionMatrix` (for the opinion map, which is cached
  separately) is built only when asked for, once per state of the positions.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Sum

from liaison.consensus.models import (
    Draft,
    Objection,
    Position,
    PositionCounter,
    draft_reference,
)
from liaison.consensus.recent import Recent
from liaison.consensus.rule import rule_for
from liaison.core.consensus import UNCATEGORIZED, PositionMatrix, Tally
from liaison.core.reasons import Reason
from liaison.core.rules import ConsensusRule, Verdict, evaluate_statement

#: Column of each position code in the count arrays (``COUNT_ORDER``: 1, 2, 0, -1, -2),
#: indexed by ``code + 2``.
_COLUMN = np.array([4, 3, 2, 0, 1], dtype=np.int64)
_K = 5
#: Draft and user ids share one int64 key: ``draft << 32 | user``.
_SHIFT = 32

_GENERATIONS = itertools.count(1)
_LOCAL = threading.local()


# ------------------------------------------------------------------ writes


def positions_written(consultation_id: int) -> int:
    """Call in the transaction of any write to ``consultation_id``'s positions, before it;
    store the value returned in the written rows' ``seq``. Locks the counter until commit."""
    PositionCounter.objects.get_or_create(consultation_id=consultation_id)
    PositionCounter.objects.filter(pk=consultation_id).update(value=F("value") + 1)
    value = PositionCounter.objects.values_list("value", flat=True).get(pk=consultation_id)
    dirty = _dirty()
    if consultation_id not in dirty:
        dirty.add(consultation_id)
        transaction.on_commit(lambda: dirty.discard(consultation_id))
    return value


def _dirty() -> set[int]:
    dirty = getattr(_LOCAL, "dirty", None)
    if dirty is None:
        dirty = _LOCAL.dirty = set()
    return dirty


def _uncommitted(consultation_id: int) -> bool:
    """Has this thread's open transaction written the consultation's positions?"""
    dirty = _dirty()
    if consultation_id not in dirty:
        return False
    if connection.in_atomic_block:
        return True
    dirty.discard(consultation_id)  # the transaction ended without commit
    return False


# ------------------------------------------------------------------ positions in memory


@dataclass(frozen=True)
class _Positions:
    """Every position of a consultation, sorted by ``keys`` (``draft << 32 | user``), as of
    counter ``version`` under ``token``."""

    version: int
    token: object
    keys: np.ndarray
    codes: np.ndarray
    review: np.ndarray
    generation: int = field(default_factory=lambda: next(_GENERATIONS))


_EMPTY = np.zeros(0, dtype=np.int64)
_POSITIONS: Recent[int, _Positions] = Recent()


#: One text value holding every row, ``user,draft,value,review`` comma-joined, built by the
#: database: the rows reach Python as one string, not as one tuple and four ints per position.
_AGGREGATE = {
    "postgresql": "string_agg(concat_ws(',', q.user_id, q.draft_id, q.value,"
                  " q.needs_review::int), ',')",
    "sqlite": "group_concat(q.user_id || ',' || q.draft_id || ',' || q.value || ','"
              " || q.needs_review, ',')",
}


def _rows(queryset) -> np.ndarray:
    """(user, draft, value, needs_review) rows of ``queryset`` as an (n, 4) int64 array.

    On PostgreSQL and SQLite the database joins the rows into one text value that numpy
    parses (no Python object per position: 200,000 positions in ``bench_positions_db``);
    elsewhere the rows are fetched one tuple each."""
    sql, params = queryset.order_by().values_list("user_id", "draft_id", "value",
                                                  "needs_review").query.sql_with_params()
    aggregate = _AGGREGATE.get(connection.vendor)
    with connection.cursor() as cursor:
        if aggregate is None:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            return np.array(rows, dtype=np.int64).reshape(-1, 4)
        cursor.execute(f"SELECT {aggregate} FROM ({sql}) AS q", params)
        (text,) = cursor.fetchone()
    if not text:
        return np.zeros((0, 4), dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, 4)


def _merge(base: _Positions | None, rows: np.ndarray, version: int,
           token: object) -> _Positions:
    if rows.size and int(rows[:, 0].max()) >> _SHIFT:
        raise OverflowError("user ids must stay below 2**32 for the position keys")
    keys = (rows[:, 1] << _SHIFT) | rows[:, 0]
    codes = rows[:, 2].astype(np.int8)
    review = rows[:, 3].astype(bool)
    if base is None or not base.keys.size:
        order = np.argsort(keys, kind="stable")
        return _Positions(version, token, keys[order], codes[order], review[order])
    at = np.searchsorted(base.keys, keys)
    found = at < base.keys.size
    found[found] = base.keys[at[found]] == keys[found]
    new_codes, new_review = base.codes.copy(), base.review.copy()
    new_codes[at[found]] = codes[found]
    new_review[at[found]] = review[found]
    fresh = ~found
    if not fresh.any():
        return _Positions(version, token, base.keys, new_codes, new_review)
    add = np.argsort(keys[fresh], kind="stable")
    add_keys, add_codes, add_review = keys[fresh][add], codes[fresh][add], review[fresh][add]
    where = np.searchsorted(base.keys, add_keys)
    return _Positions(version, token, np.insert(base.keys, where, add_keys),
                      np.insert(new_codes, where, add_codes),
                      np.insert(new_review, where, add_review))


def current_positions(consultation_id: int) -> _Positions:
    """The consultation's positions, current as of this call (see the module docstring)."""
    counter = (PositionCounter.objects.filter(pk=consultation_id)
               .values_list("value", "token").first())
    if counter is not None:
        version, token = counter
    else:  # positions never written through the services: (count, sum of versions)
        stamp = Position.objects.filter(consultation_id=consultation_id).order_by().aggregate(
            n=Count("id"), v=Sum("version"))
        version, token = 0, ("stamp", stamp["n"], stamp["v"] or 0)
    keep = not _uncommitted(consultation_id)
    cached = _POSITIONS.get(consultation_id)
    if cached is not None and cached.token == token and cached.version == version:
        return cached
    everything = Position.objects.filter(consultation_id=consultation_id)
    if cached is not None and cached.token == token and cached.version < version:
        fresh = _merge(cached, _rows(everything.filter(seq__gt=cached.version)), version,
                       token)
    else:
        fresh = _merge(None, _rows(everything), version, token)
    if keep:
        _POSITIONS[consultation_id] = fresh
    return fresh


def forget(consultation_id: int | None = None) -> None:
    """Drop what is kept in memory (of one consultation, or all): tests and benchmarks."""
    for store in (_POSITIONS, _FIGURES):
        if consultation_id is None:
            store.clear()
        else:
            store.pop(consultation_id)


def categories_by_user(consultation) -> dict[int, tuple[str, ...]]:
    """user id -> sorted codes of the interest categories of their stakeholder profile(s) in
    the consultation's organization (users without any category are left out)."""
    from liaison.registry.models import Stakeholder

    out: dict[int, set[str]] = {}
    for user_id, code in (Stakeholder.categories.through.objects.filter(
            stakeholder__liaison_org_id=consultation.liaison_org_id,
            stakeholder__user_id__isnull=False)
            .values_list("stakeholder__user_id", "interestcategory__code")):
        out.setdefault(user_id, set()).add(code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def category_labels(names) -> dict[str, str]:
    """code -> label of the interest categories ``names`` (a code without a category, such as
    ``uncategorized``, is its own label)."""
    from liaison.registry.models import InterestCategory

    found = dict(InterestCategory.objects.filter(code__in=list(names))
                 .values_list("code", "name"))
    return {name: found.get(name, name) for name in names}


# ------------------------------------------------------------------ figures


@dataclass(frozen=True)
class _Figures:
    """The counts of one state of the positions, drafts and categories."""

    stamp: tuple
    users: np.ndarray  # participants' user ids, sorted
    rows: np.ndarray
    cols: np.ndarray
    codes: np.ndarray
    review: int
    categories: dict[str, tuple[str, ...]]
    names: tuple[str, ...]
    overall: np.ndarray  # (drafts, 5)
    by_category: np.ndarray  # (categories, drafts, 5)
    matrix_box: list = field(default_factory=list)

    def matrix(self, draft_ids: tuple[int, ...]) -> PositionMatrix:
        if not self.matrix_box:
            self.matrix_box.append(PositionMatrix(
                tuple(str(u) for u in self.users.tolist()), tuple(str(d) for d in draft_ids),
                self.rows, self.cols, self.codes, self.categories))
        return self.matrix_box[0]


@dataclass(frozen=True)
class _Memo:
    """The figures last computed and each draft's result with the inputs it came from."""

    figures: _Figures
    rule: ConsensusRule
    labels: dict[str, str]
    drafts: dict[int, tuple[bytes, int, DraftVerdict]]


_FIGURES: Recent[int, _Memo] = Recent()


def _figures(stamp: tuple, positions: _Positions, draft_ids: tuple[int, ...],
             by_user: dict[int, tuple[str, ...]]) -> _Figures:
    m = len(draft_ids)
    drafts = np.asarray(draft_ids, dtype=np.int64)
    order = np.argsort(drafts, kind="stable")
    draft_of = positions.keys >> _SHIFT
    if m:
        at = np.minimum(np.searchsorted(drafts[order], draft_of), m - 1)
        keep = drafts[order][at] == draft_of
        cols = order[at[keep]].astype(np.int64)
    else:
        keep = np.zeros(positions.keys.size, dtype=bool)
        cols = _EMPTY
    user_of = positions.keys[keep] & ((1 << _SHIFT) - 1)
    codes = positions.codes[keep]
    users, rows = np.unique(user_of, return_inverse=True)
    rows = rows.astype(np.int64).reshape(-1)
    user_list = users.tolist()
    categories = {str(u): by_user[u] for u in user_list if u in by_user}
    names = sorted({c for cats in categories.values() for c in cats})
    if len(categories) < len(user_list) and UNCATEGORIZED not in names:
        names.append(UNCATEGORIZED)
    index = {c: g for g, c in enumerate(names)}
    member = np.zeros((len(user_list), len(names)), dtype=bool)
    for i, u in enumerate(user_list):
        cats = by_user.get(u)
        if cats:
            member[i, [index[c] for c in cats]] = True
        else:
            member[i, index[UNCATEGORIZED]] = True
    cell = cols * _K + _COLUMN[codes.astype(np.int64) + 2]
    overall = np.bincount(cell, minlength=m * _K).reshape(m, _K).astype(np.int64)
    pos, grp = np.nonzero(member[rows]) if rows.size else (_EMPTY, _EMPTY)
    by_cat = np.bincount(grp * (m * _K) + cell[pos], minlength=len(names) * m * _K)
    return _Figures(
        stamp=stamp, users=users, rows=rows, cols=cols, codes=codes,
        review=int(positions.review[keep].sum()), categories=categories, names=tuple(names),
        overall=overall, by_category=by_cat.reshape(len(names), m, _K).astype(np.int64))


def _tally(row: np.ndarray) -> Tally:
    return Tally(*row.tolist())


# ------------------------------------------------------------------ verdict


@dataclass(frozen=True)
class DraftVerdict:
    draft_id: int
    verdict: Verdict
    overall: Tally
    by_category: dict[str, Tally]
    blocking_objections: int


@dataclass(frozen=True)
class PositionVerdict:
    """The verdict on every active draft and on the position as a whole; ``matrix`` (the
    participant x draft positions) is built on first use."""

    rule: ConsensusRule
    drafts: list[DraftVerdict]
    consensus: bool
    reasons: list[Reason]
    participants: int
    categories: tuple[str, ...]
    awaiting_review: int
    build_matrix: object = field(repr=False, compare=False)

    @cached_property
    def matrix(self) -> PositionMatrix:
        return self.build_matrix()

    def of(self, draft_id: int) -> DraftVerdict | None:
        return next((d for d in self.drafts if d.draft_id == draft_id), None)


def evaluate_consultation(consultation, rule: ConsensusRule | None = None) -> PositionVerdict:
    """Per-category figures and the rule's verdict for each active draft and overall."""
    rule = rule or rule_for(consultation)
    drafts = list(Draft.objects.filter(consultation=consultation, status=Draft.Status.ACTIVE)
                  .order_by("order", "number").values_list("pk", "mb", "number"))
    draft_ids = tuple(pk for pk, _mb, _n in drafts)
    positions = current_positions(consultation.pk)
    by_user = categories_by_user(consultation)
    blocking = dict(Objection.objects.filter(consultation=consultation,
                                             state__in=Objection.BLOCKING)
                    .values_list("draft_id").annotate(n=Count("id")).values_list("draft_id", "n"))
    stamp = (positions.generation, draft_ids, by_user)
    memo = _FIGURES.get(consultation.pk)
    if memo is not None and memo.figures.stamp == stamp:
        figures = memo.figures
    else:
        figures = _figures(stamp, positions, draft_ids, by_user)
    labels = category_labels((*figures.names, *rule.required_groups))
    earlier = (memo.drafts if memo is not None and memo.rule == rule
               and memo.labels == labels else {})
    m = len(draft_ids)
    blocks = np.concatenate([figures.overall[None], figures.by_category]).transpose(1, 0, 2) \
        .reshape(m, (1 + len(figures.names)) * _K)
    out = []
    kept: dict[int, tuple[bytes, int, DraftVerdict]] = {}
    for j, draft_id in enumerate(draft_ids):
        key, n_blocking = blocks[j].tobytes(), blocking.get(draft_id, 0)
        old = earlier.get(draft_id)
        if old is not None and old[0] == key and old[1] == n_blocking:
            result = old[2]
        else:
            overall = _tally(figures.overall[j])
            by_category = {name: _tally(figures.by_category[g, j])
                           for g, name in enumerate(figures.names)}
            resolved = overall.fundamental_objection > 0 and not n_blocking
            result = DraftVerdict(
                draft_id=draft_id,
                verdict=evaluate_statement(str(draft_id), overall, by_category, rule, resolved,
                                           labels),
                overall=overall, by_category=by_category, blocking_objections=n_blocking)
        kept[draft_id] = (key, n_blocking, result)
        out.append(result)
    if not _uncommitted(consultation.pk):
        _FIGURES[consultation.pk] = _Memo(figures, rule, labels, kept)
    review = figures.review
    labels = {pk: draft_reference(mb, n) for pk, mb, n in drafts}
    failing = [labels[d.draft_id] for d in out if not d.verdict.consensus]
    if not out:
        reasons = [Reason("no_drafts")]
    elif failing:
        reasons = [Reason("drafts_not_all", reaching=len(out) - len(failing), total=len(out),
                          failing=tuple(failing))]
    else:
        reasons = [Reason("drafts_all", total=len(out), rule=rule.version)]
    if review:
        reasons.append(Reason("awaiting_review", count=review))
    return PositionVerdict(rule=rule, drafts=out, consensus=bool(out) and not failing,
                           reasons=reasons, participants=int(figures.users.size),
                           categories=figures.names, awaiting_review=review,
                           build_matrix=lambda: figures.matrix(draft_ids))
