"""Contradictory comments: pairs to reconcile before a consensus comment is drafted.

Two comments are flagged when they are about the **same place** (same or nested clause, or
line ranges within ``line_window``; comments naming different paragraphs of one clause are not
the same place) and one of:

- **incompatible actions**: the proposed changes ask to *delete* vs. to *add / extend / keep*
  (or *keep* vs. *delete / replace*); the action is the first action verb of the proposed
  change (else of the comment);
- **opposite modal**: one says "X shall/must/should <verb>" and the other "X shall not /
  must not / should not <verb>" (or "may <verb>" vs. "shall not <verb>") for the same verb;
- **opposite positions**: given a positions matrix whose statements are the comments,
  stakeholders who took a side on both mostly took opposite sides:
  ``r = (same sides − opposite sides) / (both sides taken) ≤ −0.5`` over at least 3 people.

Score: 0.6 for an action conflict, 0.5 for a modal conflict (their sum, capped at 1, if both),
plus 0.4 × text similarity (shared subject makes the conflict likelier to be real);
for positions ``score = −r``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from liaison.core.consensus import PositionMatrix
from liaison.core.similarity import (
    NESTED,
    SAME,
    UNKNOWN,
    CommentText,
    Places,
    _row_dots,
    clause_relation,
    format_clause,
    line_distance,
    parse_clause,
    parse_element,
    parse_line,
    word_tfidf,
)

ACTIONS: dict[str, tuple[str, ...]] = {
    "delete": ("delete", "remove", "strike", "drop", "eliminate", "deprecate", "omit"),
    "add": (
        "add",
        "insert",
        "introduce",
        "include",
        "extend",
        "expand",
        "provide",
        "define",
        "allow",
        "permit",
        "require",
    ),
    "keep": ("keep", "retain", "leave", "preserve", "maintain", "no change", "do not change"),
    "replace": ("replace", "change", "modify", "rename", "reword", "revise", "rewrite"),
}
_INCOMPATIBLE = {
    frozenset(("delete", "add")),
    frozenset(("delete", "keep")),
    frozenset(("keep", "replace")),
}
_ACTION_RE = re.compile(
    r"\b("
    + "|".join(sorted({w for ws in ACTIONS.values() for w in ws}, key=len, reverse=True))
    + r")(?:s|d|ed|ing)?\b",
    re.I,
)
_MODAL_RE = re.compile(
    r"\b(shall|must|should|may|can|is required to|is allowed to)\s+(not\s+|never\s+)?(\w+)"
    r"(?:\s+(\w+))?",
    re.I,
)
_AUXILIARY = {"be", "have", "been", "also", "only", "still", "always", "then", "just", "both"}
_OBLIGATION = {"shall", "must", "should", "is required to"}


def action_of(comment: CommentText) -> str | None:
    """``delete`` / ``add`` / ``keep`` / ``replace``: the first action word of the proposed
    change, else of the comment; None if there is none."""
    for text in (comment.proposed_change, comment.comment):
        m = _ACTION_RE.search(text or "")
        if m:
            word = m.group(1).lower()
            for action, words in ACTIONS.items():
                if word in words:
                    return action
    return None


def modal_claims(text: str) -> set[tuple[str, bool]]:
    """``(verb, allowed)`` claims: "shall not throw" → ("throw", False), "may throw" →
    ("throw", True), "shall be empty" → ("be empty", True); bare auxiliaries are skipped."""
    out: set[tuple[str, bool]] = set()
    for _modal, neg, verb, after in _MODAL_RE.findall(text or ""):
        verb = verb.lower()
        if verb in _AUXILIARY:
            if not after or after.lower() in _AUXILIARY | {"a", "an", "the"}:
                continue
            verb = f"{verb} {after.lower()}"
        out.add((verb, not neg))
    return out


@dataclass(frozen=True)
class Contradiction:
    """A pair of comments that seem to pull in opposite directions."""

    a: str
    b: str
    score: float
    kind: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "kind": self.kind,
            "reason": self.reason,
        }


def same_place(a: CommentText, b: CommentText, line_window: int = 10) -> str | None:
    """A description of the shared place, or None if the comments are not about one place."""
    pa = (parse_element(a.element, a.comment), parse_clause(a.clause), parse_line(a.line))
    pb = (parse_element(b.element, b.comment), parse_clause(b.clause), parse_line(b.line))
    return _same_place(a, b, pa, pb, line_window)


def _same_place(a: CommentText, b: CommentText, pa: tuple, pb: tuple, line_window: int = 10):
    (ea, ra, la), (eb, rb, lb) = pa, pb
    if ea is not None and eb is not None and ea != eb:
        return None
    rel = clause_relation(ra, rb)
    if rel == "same":
        return "same clause " + ", ".join(format_clause(r) for r in sorted(ra & rb))
    if rel == "nested":
        return f"nested clauses {a.clause.strip()} / {b.clause.strip()}"
    gap = line_distance(la, lb)
    if rel == "unknown" and gap is not None and gap <= line_window:
        return "same line" if gap == 0 else f"lines {gap} apart"
    return None


def find_contradictions(
    comments: Sequence[CommentText], max_group: int = 200
) -> list[Contradiction]:
    """Text-based contradictions among comments about one place (module docstring). Pairs are
    only formed within a clause (by its first reference; comments with no clause are paired by
    line); a place with more than ``max_group`` comments is checked on its first ``max_group``.

    Every candidate pair is tested at once with integer codes: each comment's action as a code,
    its modal claims as a sparse comment × (verb, allowed) matrix, its place as ``Places``
    codes; readable reasons are written only for the pairs found."""
    if len(comments) < 2:
        return []
    actions = [action_of(c) for c in comments]
    claims = [modal_claims(c.text) for c in comments]
    places = Places.of(comments)
    i, j = _candidate_pairs(comments, places, actions, claims, max_group)
    if not len(i):
        return []
    # incompatible actions
    action_code = np.array([_ACTION_CODE.get(a, -1) for a in actions], dtype=np.int64)
    ai, aj = action_code[i], action_code[j]
    action_hit = (ai >= 0) & (aj >= 0) & _INCOMPATIBLE_TABLE[np.maximum(ai, 0), np.maximum(aj, 0)]
    # opposite modal claims: (verb, allowed) in a and (verb, not allowed) in b
    claim_ids: dict[tuple[str, bool], int] = {}
    rows, cols, flipped = [], [], []
    for k, cl in enumerate(claims):
        for verb, ok in cl:
            rows.append(k)
            cols.append(claim_ids.setdefault((verb, ok), len(claim_ids)))
            flipped.append(claim_ids.setdefault((verb, not ok), len(claim_ids)))
    shape = (len(comments), max(1, len(claim_ids)))
    has = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    flip = sparse.csr_matrix((np.ones(len(rows)), (rows, flipped)), shape=shape)
    modal_hit = _row_dots(has, i, j, other=flip) > 0
    # the same place: not two different elements; same or nested clause; else close lines
    rel = places.relation(i, j)
    gap = places.line_gap(i, j)
    place_ok = ~places.element_differs(i, j) & (
        (rel == SAME) | (rel == NESTED) | ((rel == UNKNOWN) & (gap >= 0) & (gap <= LINE_WINDOW))
    )
    hit = (action_hit | modal_hit) & place_ok
    i, j, rel, gap = i[hit], j[hit], rel[hit], gap[hit]
    if not len(i):
        return []
    vec = vectorise_words(comments)
    sims = _row_dots(vec, i, j)
    out = []
    rows = zip(i.tolist(), j.tolist(), rel.tolist(), gap.tolist(), sims.tolist(), strict=True)
    for a, b, r, g, t in rows:
        base, kind, why = _conflict(
            comments[a], comments[b], actions[a], actions[b], claims[a], claims[b]
        )
        if r == UNKNOWN:
            place = "same line" if g == 0 else f"lines {g} apart"
        else:
            place = places.clause_words(a, b, r)
        out.append(
            Contradiction(
                comments[a].id, comments[b].id, min(1.0, base + 0.4 * t), kind, f"{place}; {why}"
            )
        )
    out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out


LINE_WINDOW = 10
_ACTION_CODE = {name: k for k, name in enumerate(ACTIONS)}
_INCOMPATIBLE_TABLE = np.zeros((len(ACTIONS), len(ACTIONS)), dtype=bool)
for _pair in _INCOMPATIBLE:
    _x, _y = (_ACTION_CODE[a] for a in sorted(_pair))
    _INCOMPATIBLE_TABLE[_x, _y] = _INCOMPATIBLE_TABLE[_y, _x] = True


def _candidate_pairs(
    comments: Sequence[CommentText],
    places: Places,
    actions: list[str | None],
    claims: list[set[tuple[str, bool]]],
    max_group: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``i < j`` sharing a bucket (the first element of a clause reference, or
    "has lines but no clause"), among each bucket's first ``max_group`` comments that state an
    action or a modal claim; each pair once."""
    buckets: dict[str, list[int]] = {}
    for k, cid in enumerate(places.clause.tolist()):
        refs = places.clause_refs[cid]
        if refs:
            for head in {r[0] for r in refs}:
                buckets.setdefault("c:" + head, []).append(k)
        elif places.has_line[k]:
            buckets.setdefault("lines", []).append(k)
    n = len(comments)
    keys = []
    for members in buckets.values():
        m = np.array([k for k in members[:max_group] if actions[k] or claims[k]], dtype=np.int64)
        if len(m) < 2:
            continue
        a, b = np.triu_indices(len(m), k=1)
        keys.append(m[a] * n + m[b])
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key = np.unique(np.concatenate(keys))
    return key // n, key % n


def vectorise_words(comments: Sequence[CommentText]) -> sparse.csr_matrix:
    """Word TF-IDF rows (l2) of comment + proposed change."""
    docs = [" ".join(c.text.lower().split()) for c in comments]
    return word_tfidf(docs, ngram_max=1)


def _conflict(
    a: CommentText,
    b: CommentText,
    act_a: str | None,
    act_b: str | None,
    claims_a: set[tuple[str, bool]],
    claims_b: set[tuple[str, bool]],
) -> tuple[float, str, str] | None:
    base, kinds, why = 0.0, [], []
    if act_a and act_b and frozenset((act_a, act_b)) in _INCOMPATIBLE:
        base += 0.6
        kinds.append("action")
        why.append(f"{a.id} proposes to {act_a}, {b.id} to {act_b}")
    opposite = sorted({v for v, ok in claims_a if (v, not ok) in claims_b})
    if opposite:
        base += 0.5
        kinds.append("modal")
        why.append("opposite modal verbs on " + ", ".join(f"'{v}'" for v in opposite[:3]))
    if not kinds:
        return None
    return min(base, 1.0), "+".join(kinds), "; ".join(why)


def position_contradictions(
    matrix: PositionMatrix, threshold: float = -0.5, min_common: int = 3
) -> list[Contradiction]:
    """Statement pairs on which the stakeholders who took a side on both mostly took opposite
    sides: ``r = (same − opposite) / both ≤ threshold`` with ``both ≥ min_common``."""
    m = matrix.shape[1]
    if m < 2 or matrix.n_positions == 0:
        return []
    sign = np.sign(matrix.codes).astype(np.float64)
    side = sign != 0
    x = _signed(matrix, sign, side)
    both = (abs(x).T @ abs(x)).toarray()  # statements x statements: m is small
    agree = (x.T @ x).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(both > 0, agree / both, 0.0)
    iu = np.triu_indices(m, k=1)
    hit = (both[iu] >= min_common) & (r[iu] <= threshold)
    out = []
    for i, j in zip(iu[0][hit], iu[1][hit], strict=True):
        n, rr = int(both[i, j]), float(r[i, j])
        opposite = round(float(n - agree[i, j]) / 2)
        out.append(
            Contradiction(
                matrix.statements[i],
                matrix.statements[j],
                min(1.0, -rr),
                "positions",
                f"{opposite} of {n} stakeholders who took a side on both took opposite sides",
            )
        )
    out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out


def _signed(matrix: PositionMatrix, sign: np.ndarray, side: np.ndarray) -> sparse.csr_matrix:
    return sparse.csr_matrix(
        (sign[side], (matrix.rows[side], matrix.cols[side])), shape=matrix.shape
    )
