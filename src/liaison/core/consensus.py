"""Positions on statements, the participant x statement matrix, and the consensus figures.

A position is stored as a small integer code so that the Pol.is convention still reads right:
``agree = 1``, ``disagree = -1``, ``pass = 0``.

=====================  ====  =========================
position               code  Pol.is equivalent
=====================  ====  =========================
support                 1    agree
can live with it        2    (counted as agree)
abstain                 0    pass
oppose                 -1    disagree
fundamental objection  -2    (counted as disagree)
=====================  ====  =========================

So ``code > 0`` is "in favour", ``code < 0`` is "against", ``code == 0`` is "took no position".

Figures per interest category *g* (see ``docs/analysis.md``):

- support share ``s_g = (support + can live with) / (all but abstain)``
- opposition share ``o_g = (oppose + fundamental objection) / (all but abstain)``
- group-informed consensus ``GIC = prod_g (A_g + 1) / (S_g + 2)`` (Pol.is), A = in favour,
  S = every position seen in g (abstentions included); its geometric mean ``GIC ** (1 / G)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from scipy import sparse

UNCATEGORIZED = "uncategorized"


class Position(IntEnum):
    """The five positions of the consensus model (see the module docstring for the codes)."""

    FUNDAMENTAL_OBJECTION = -2
    OPPOSE = -1
    ABSTAIN = 0
    SUPPORT = 1
    CAN_LIVE_WITH = 2


_WORDS: dict[str, Position] = {
    "support": Position.SUPPORT,
    "supports": Position.SUPPORT,
    "agree": Position.SUPPORT,
    "1": Position.SUPPORT,
    "+1": Position.SUPPORT,
    "1.0": Position.SUPPORT,
    "can live with it": Position.CAN_LIVE_WITH,
    "can live with": Position.CAN_LIVE_WITH,
    "can_live_with_it": Position.CAN_LIVE_WITH,
    "can_live_with": Position.CAN_LIVE_WITH,
    "can-live-with-it": Position.CAN_LIVE_WITH,
    "2": Position.CAN_LIVE_WITH,
    "abstain": Position.ABSTAIN,
    "pass": Position.ABSTAIN,
    "0": Position.ABSTAIN,
    "0.0": Position.ABSTAIN,
    "oppose": Position.OPPOSE,
    "disagree": Position.OPPOSE,
    "-1": Position.OPPOSE,
    "-1.0": Position.OPPOSE,
    "fundamental objection": Position.FUNDAMENTAL_OBJECTION,
    "fundamental_objection": Position.FUNDAMENTAL_OBJECTION,
    "fundamental-objection": Position.FUNDAMENTAL_OBJECTION,
    "-2": Position.FUNDAMENTAL_OBJECTION,
}


def parse_position(text: str) -> Position:
    """Read a position word or code (case and surrounding blanks ignored).

    Raises ``ValueError`` for anything else, including ``nan`` and the empty string.
    """
    key = " ".join(str(text).strip().lower().split())
    try:
        return _WORDS[key]
    except KeyError:
        raise ValueError(f"unknown position {text!r}") from None


@dataclass(frozen=True)
class PositionMatrix:
    """Participants x statements, stored as one entry per position taken (COO triplets).

    ``rows[k]`` took position ``codes[k]`` on statement ``cols[k]``; a cell without an entry is
    "not seen". At most one entry per cell. ``categories`` maps a participant id to the interest
    categories it belongs to (possibly several, possibly none).
    """

    participants: tuple[str, ...]
    statements: tuple[str, ...]
    rows: np.ndarray
    cols: np.ndarray
    codes: np.ndarray
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rows = np.asarray(self.rows, dtype=np.int64)
        cols = np.asarray(self.cols, dtype=np.int64)
        codes = np.asarray(self.codes, dtype=np.int8)
        if not (rows.shape == cols.shape == codes.shape) or rows.ndim != 1:
            raise ValueError("rows, cols and codes must be 1-D arrays of one length")
        n, m = len(self.participants), len(self.statements)
        if len(set(self.participants)) != n:
            raise ValueError("participant ids must be unique")
        if len(set(self.statements)) != m:
            raise ValueError("statement ids must be unique")
        if rows.size:
            if rows.min() < 0 or rows.max() >= n or cols.min() < 0 or cols.max() >= m:
                raise ValueError("a position refers to a participant or statement out of range")
            if codes.min() < -2 or codes.max() > 2:
                raise ValueError("position codes must lie in -2..2")
            cell = np.sort(rows * max(m, 1) + cols)  # sorting: faster than np.unique here
            if (cell[1:] == cell[:-1]).any():
                raise ValueError("at most one position per participant and statement")
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "cols", cols)
        object.__setattr__(self, "codes", codes)

    @property
    def shape(self) -> tuple[int, int]:
        """(number of participants, number of statements)."""
        return len(self.participants), len(self.statements)

    @property
    def n_positions(self) -> int:
        """How many positions were taken (cells seen, abstentions included)."""
        return int(self.codes.size)

    def indicator(self, mask: np.ndarray) -> sparse.csr_matrix:
        """0/1 CSR matrix (participants x statements) of the entries selected by ``mask``."""
        sel = np.asarray(mask, dtype=bool)
        data = np.ones(int(sel.sum()), dtype=np.float64)
        return sparse.csr_matrix((data, (self.rows[sel], self.cols[sel])), shape=self.shape)

    def to_dense(self) -> np.ndarray:
        """Dense float matrix with the position codes and NaN where not seen."""
        out = np.full(self.shape, np.nan)
        out[self.rows, self.cols] = self.codes
        return out

    def category_names(self) -> tuple[str, ...]:
        """Sorted names of every category some participant belongs to."""
        return tuple(sorted({c for cats in self.categories.values() for c in cats}))

    def with_categories(self, categories: Mapping[str, Iterable[str]]) -> PositionMatrix:
        """A copy with ``categories`` (participant -> categories) attached."""
        cats = {str(p): tuple(dict.fromkeys(str(c) for c in cs)) for p, cs in categories.items()}
        return PositionMatrix(
            self.participants, self.statements, self.rows, self.cols, self.codes, cats
        )

    @classmethod
    def from_dense(
        cls,
        values: Sequence[Sequence[float]] | np.ndarray,
        participants: Sequence[str] | None = None,
        statements: Sequence[str] | None = None,
        categories: Mapping[str, Iterable[str]] | None = None,
    ) -> PositionMatrix:
        """Build from a dense array of codes with NaN for "not seen".

        Raises ``ValueError`` if a value is neither NaN nor one of the codes -2..2.
        """
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 2:
            if arr.size == 0:
                arr = arr.reshape(0, 0)
            else:
                raise ValueError("a position matrix must be 2-D")
        n, m = arr.shape
        seen = ~np.isnan(arr)
        vals = arr[seen]
        if vals.size and (np.any(vals != np.round(vals)) or vals.min() < -2 or vals.max() > 2):
            raise ValueError("position codes must be integers in -2..2 (NaN for not seen)")
        rows, cols = np.nonzero(seen)
        pids = (
            tuple(str(p) for p in participants)
            if participants is not None
            else tuple(str(i) for i in range(n))
        )
        sids = (
            tuple(str(s) for s in statements)
            if statements is not None
            else tuple(str(j) for j in range(m))
        )
        if len(pids) != n or len(sids) != m:
            raise ValueError("ids do not match the matrix shape")
        cats = {
            str(p): tuple(dict.fromkeys(str(c) for c in cs)) for p, cs in (categories or {}).items()
        }
        return cls(pids, sids, rows, cols, vals.astype(np.int8), cats)

    @classmethod
    def from_triplets(
        cls,
        triplets: Iterable[tuple[str, str, Position | int]],
        categories: Mapping[str, Iterable[str]] | None = None,
        extra_participants: Iterable[str] = (),
    ) -> PositionMatrix:
        """Build from ``(participant, statement, position)``; a later triplet for the same cell
        replaces an earlier one (the participant changed their mind)."""
        last: dict[tuple[str, str], int] = {}
        pids: dict[str, int] = {}
        sids: dict[str, int] = {}
        for p, s, code in triplets:
            p, s = str(p), str(s)
            pids.setdefault(p, len(pids))
            sids.setdefault(s, len(sids))
            last[(p, s)] = int(code)
        for p in extra_participants:
            pids.setdefault(str(p), len(pids))
        for p in categories or {}:
            pids.setdefault(str(p), len(pids))
        rows = np.fromiter((pids[p] for p, _ in last), dtype=np.int64, count=len(last))
        cols = np.fromiter((sids[s] for _, s in last), dtype=np.int64, count=len(last))
        codes = np.fromiter(last.values(), dtype=np.int8, count=len(last))
        cats = {
            str(p): tuple(dict.fromkeys(str(c) for c in cs)) for p, cs in (categories or {}).items()
        }
        return cls(tuple(pids), tuple(sids), rows, cols, codes, cats)


#: Column order of the count arrays in :class:`CategoryFigures`.
COUNT_ORDER: tuple[Position, ...] = (
    Position.SUPPORT,
    Position.CAN_LIVE_WITH,
    Position.ABSTAIN,
    Position.OPPOSE,
    Position.FUNDAMENTAL_OBJECTION,
)


@dataclass(frozen=True)
class Tally:
    """How many took each position on one statement (in one category, or overall)."""

    support: int = 0
    can_live_with: int = 0
    abstain: int = 0
    oppose: int = 0
    fundamental_objection: int = 0

    @property
    def taking_position(self) -> int:
        """Everyone but the abstainers: the denominator of both shares."""
        return self.support + self.can_live_with + self.oppose + self.fundamental_objection

    @property
    def in_favour(self) -> int:
        """support + can live with it."""
        return self.support + self.can_live_with

    @property
    def against(self) -> int:
        """oppose + fundamental objection."""
        return self.oppose + self.fundamental_objection

    @property
    def support_share(self) -> float | None:
        """``s = (support + can live with) / (all but abstain)``; None if nobody took a position."""
        n = self.taking_position
        return self.in_favour / n if n else None

    @property
    def opposition_share(self) -> float | None:
        """``o = (oppose + fundamental objection) / (all but abstain)``; None if nobody did."""
        n = self.taking_position
        return self.against / n if n else None

    def as_dict(self) -> dict[str, int | float | None]:
        """Counts and shares, JSON-ready."""
        return {
            "support": self.support,
            "can_live_with": self.can_live_with,
            "abstain": self.abstain,
            "oppose": self.oppose,
            "fundamental_objection": self.fundamental_objection,
            "support_share": self.support_share,
            "opposition_share": self.opposition_share,
        }


def _tally(row: np.ndarray) -> Tally:
    return Tally(*(int(x) for x in row))


@dataclass(frozen=True)
class CategoryFigures:
    """Counts per statement, overall (``overall[j, k]``) and per category (``by_category[g, j,
    k]``), with ``k`` in :data:`COUNT_ORDER`. A participant in several categories counts in
    each; a participant in none counts in the category ``"uncategorized"``."""

    statements: tuple[str, ...]
    categories: tuple[str, ...]
    overall: np.ndarray
    by_category: np.ndarray

    def tally(self, statement: int, category: int | None = None) -> Tally:
        """The :class:`Tally` of statement index ``statement`` (overall or in one category)."""
        if category is None:
            return _tally(self.overall[statement])
        return _tally(self.by_category[category, statement])


def membership_matrix(
    matrix: PositionMatrix, categories: Sequence[str] | None = None
) -> tuple[tuple[str, ...], sparse.csr_matrix]:
    """0/1 participant x category matrix (CSR); participants with no category go in
    ``"uncategorized"`` (which is added only when someone needs it)."""
    names = list(categories) if categories is not None else list(matrix.category_names())
    index = {c: i for i, c in enumerate(names)}
    rows: list[int] = []
    cols: list[int] = []
    uncategorized: list[int] = []
    for i, p in enumerate(matrix.participants):
        cats = [c for c in matrix.categories.get(p, ()) if c in index]
        if not cats:
            uncategorized.append(i)
        for c in cats:
            rows.append(i)
            cols.append(index[c])
    if uncategorized:
        if UNCATEGORIZED not in index:
            index[UNCATEGORIZED] = len(names)
            names.append(UNCATEGORIZED)
        rows.extend(uncategorized)
        cols.extend([index[UNCATEGORIZED]] * len(uncategorized))
    data = np.ones(len(rows), dtype=np.float64)
    shape = (matrix.shape[0], len(names))
    return tuple(names), sparse.csr_matrix((data, (rows, cols)), shape=shape)


def category_figures(matrix: PositionMatrix) -> CategoryFigures:
    """Count each position per statement, overall and per interest category.

    Vectorised: for each position code c, ``counts_c = Gᵀ · M_c`` where G is the participant x
    category membership and M_c the 0/1 matrix of entries with code c.
    """
    names, member = membership_matrix(matrix)
    m = matrix.shape[1]
    overall = np.zeros((m, len(COUNT_ORDER)), dtype=np.int64)
    by_cat = np.zeros((len(names), m, len(COUNT_ORDER)), dtype=np.int64)
    member_t = member.T.tocsr()
    for k, code in enumerate(COUNT_ORDER):
        sel = matrix.codes == code
        overall[:, k] = np.bincount(matrix.cols[sel], minlength=m)[:m]
        if len(names):
            by_cat[:, :, k] = np.rint((member_t @ matrix.indicator(sel)).toarray())
    return CategoryFigures(matrix.statements, names, overall, by_cat)


@dataclass(frozen=True)
class GroupInformedConsensus:
    """Pol.is group-informed consensus per statement.

    ``agree[j] = prod_g (A_gj + 1) / (S_gj + 2)``, ``disagree[j]`` the same with D (against)
    in place of A, ``geometric_mean[j] = agree[j] ** (1 / G)``. Participants outside every
    group are left out.
    """

    statements: tuple[str, ...]
    groups: tuple[str, ...]
    agree: np.ndarray
    disagree: np.ndarray
    geometric_mean: np.ndarray


def group_informed_consensus(
    matrix: PositionMatrix,
    membership: sparse.spmatrix | np.ndarray,
    groups: Sequence[str] | None = None,
) -> GroupInformedConsensus:
    """GIC with groups given either as labels (one int per participant, -1 for "no group") or
    as a 0/1 participant x group membership matrix (a participant may be in several).

    With no group at all (every label -1, or zero columns) everyone is put in one group, so the
    figure is the Laplace-smoothed share in favour ``(A + 1) / (S + 2)``.
    """
    member = _as_membership(membership, matrix.shape[0])
    if member.shape[1] == 0 or member.nnz == 0:
        member = sparse.csr_matrix(np.ones((matrix.shape[0], 1)))
    n_groups = member.shape[1]
    names = tuple(groups) if groups is not None else tuple(str(g) for g in range(n_groups))
    if len(names) != n_groups:
        raise ValueError("one name per group is needed")
    member_t = member.T.tocsr()
    seen = np.asarray((member_t @ matrix.indicator(np.ones_like(matrix.codes, bool))).todense())
    agree = np.asarray((member_t @ matrix.indicator(matrix.codes > 0)).todense())
    against = np.asarray((member_t @ matrix.indicator(matrix.codes < 0)).todense())
    p_agree = np.prod((agree + 1.0) / (seen + 2.0), axis=0)
    p_against = np.prod((against + 1.0) / (seen + 2.0), axis=0)
    return GroupInformedConsensus(
        statements=matrix.statements,
        groups=names,
        agree=p_agree,
        disagree=p_against,
        geometric_mean=p_agree ** (1.0 / n_groups),
    )


def _as_membership(membership: sparse.spmatrix | np.ndarray, n: int) -> sparse.csr_matrix:
    if sparse.issparse(membership):
        member = sparse.csr_matrix(membership, dtype=np.float64)
    else:
        arr = np.asarray(membership)
        if arr.ndim == 1:
            labels = arr.astype(np.int64)
            if labels.shape[0] != n:
                raise ValueError("one group label per participant is needed")
            keep = labels >= 0
            n_groups = int(labels.max()) + 1 if keep.any() else 0
            data = np.ones(int(keep.sum()))
            member = sparse.csr_matrix(
                (data, (np.nonzero(keep)[0], labels[keep])), shape=(n, n_groups)
            )
        else:
            member = sparse.csr_matrix(arr, dtype=np.float64)
    if member.shape[0] != n:
        raise ValueError("membership must have one row per participant")
    return member
