"""The self-assessment figures (MISSION capability 16): numbers in, numbers out.

No Django here: the metrics app's selectors read the database and hand plain values to these
functions, so every figure is checked by hand in ``tests/core/test_metrics.py``.

Definitions (docs/self-assessment-and-evidence.md):

* **approval → first notice**: whole days from the day ISO approved the project
  (``approved_on``) to the day of the first announcement about it (UTC date). A project not yet
  announced counts the days elapsed so far, marked *waiting*;
* **response rate** per interest category: of the stakeholders told (the audience), the share
  who responded; a stakeholder in two categories counts in both, one in none under
  :data:`UNCATEGORIZED`;
* **balance**: per interest category, the number of distinct participants, whether the project
  requires the group, and the share of required groups with at least one participant;
* **dispositions**: the share of submitted input comments that have a disposition;
* **consensus**: the share of active drafts whose latest verdict is consensus;
* **appeals**: counts per state or outcome, and per quarter filed.

Shares are fractions in [0, 1] rounded to 4 decimals; ``None`` when the whole is zero.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

UNCATEGORIZED = "uncategorized"


def share(part: int, whole: int) -> float | None:
    """``part / whole`` to 4 decimals, or None when ``whole`` is 0."""
    if whole < 0 or part < 0:
        raise ValueError("counts cannot be negative")
    if whole == 0:
        return None
    if part > whole:
        raise ValueError(f"part {part} exceeds whole {whole}")
    return round(part / whole, 4)


# --- approval → first notice --------------------------------------------------------------

@dataclass(frozen=True)
class LeadTime:
    label: str
    approved_on: dt.date
    first_notice_on: dt.date | None
    days: int
    waiting: bool  # not announced yet: ``days`` is the time elapsed up to ``today``


def lead_times(rows: Iterable[tuple[str, dt.date | None, dt.date | None]], *,
               today: dt.date) -> list[LeadTime]:
    """``(label, approved_on, first_notice_on)`` → lead times, oldest approval first.

    Projects without an approval date are left out (nothing to measure from). A notice
    before the approval (the project was announced while proposed) counts as 0 days.
    """
    out = []
    for label, approved, first in rows:
        if approved is None:
            continue
        end = first if first is not None else today
        out.append(LeadTime(label, approved, first, max(0, (end - approved).days),
                            first is None))
    out.sort(key=lambda r: (r.approved_on, r.label))
    return out


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


# --- response rate by interest category ---------------------------------------------------

@dataclass(frozen=True)
class Rate:
    category: str
    told: int
    responded: int
    share: float | None


def response_rates(audience: Iterable[tuple[Iterable[str], bool]]) -> tuple[Rate, list[Rate]]:
    """``(categories of a stakeholder told, responded?)`` per stakeholder → the overall rate
    and one rate per category (sorted by category code; uncategorized last)."""
    told: Counter[str] = Counter()
    responded: Counter[str] = Counter()
    n_told = n_responded = 0
    for categories, did in audience:
        codes = set(categories) or {UNCATEGORIZED}
        n_told += 1
        n_responded += bool(did)
        for code in codes:
            told[code] += 1
            responded[code] += bool(did)
    order = sorted(told, key=lambda c: (c == UNCATEGORIZED, c))
    return (Rate("overall", n_told, n_responded, share(n_responded, n_told)),
            [Rate(c, told[c], responded[c], share(responded[c], told[c])) for c in order])


# --- balance of participants against the required groups ----------------------------------

@dataclass(frozen=True)
class GroupBalance:
    category: str
    required: bool
    participants: int
    share_of_participants: float | None  # of all distinct participants


@dataclass(frozen=True)
class Balance:
    participants: int
    groups: list[GroupBalance]
    required: int
    required_covered: int
    coverage: float | None  # required groups with at least one participant / required groups


def balance(participants: Iterable[Iterable[str]], required: Iterable[str]) -> Balance:
    """One entry per distinct participant (their category codes) and the project's required
    groups → per-category counts (required groups first, then the others by code)."""
    counts: Counter[str] = Counter()
    n = 0
    for categories in participants:
        n += 1
        for code in set(categories) or {UNCATEGORIZED}:
            counts[code] += 1
    needed = list(dict.fromkeys(required))
    others = sorted((c for c in counts if c not in needed),
                    key=lambda c: (c == UNCATEGORIZED, c))
    groups = [GroupBalance(c, c in needed, counts[c], share(counts[c], n))
              for c in [*needed, *others]]
    covered = sum(1 for c in needed if counts[c] > 0)
    return Balance(n, groups, len(needed), covered, share(covered, len(needed)))


# --- dispositions and consensus -----------------------------------------------------------

@dataclass(frozen=True)
class Proportion:
    label: str
    part: int
    whole: int

    @property
    def share(self) -> float | None:
        return share(self.part, self.whole)


def disposition_share(label: str, comments: int, disposed: int) -> Proportion:
    """Share of a consultation's submitted comments that have a disposition."""
    return Proportion(label, disposed, comments)


def consensus_share(label: str, verdicts: Iterable[bool]) -> Proportion:
    """Share of a consultation's active drafts whose latest verdict is consensus."""
    values = list(verdicts)
    return Proportion(label, sum(1 for v in values if v), len(values))


# --- appeals ------------------------------------------------------------------------------

def quarter(day: dt.date) -> str:
    """``2026-Q1``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class AppealFigures:
    total: int
    by_result: dict[str, int]  # outcome when decided, else the state
    by_quarter: dict[str, int]  # filed per quarter, oldest first
    upheld_share: float | None  # (upheld + partly upheld) / decided


DECIDED_OUTCOMES = ("upheld", "partly_upheld", "dismissed")


def appeal_figures(appeals: Iterable[tuple[dt.date, str, str]]) -> AppealFigures:
    """``(filed_on, state, outcome or "")`` per appeal → counts. An appeal with an outcome
    counts under its outcome; one without under its state (filed, inadmissible, …)."""
    results: Counter[str] = Counter()
    quarters: Counter[str] = Counter()
    n = 0
    for filed_on, state, outcome in appeals:
        n += 1
        results[outcome or state] += 1
        quarters[quarter(filed_on)] += 1
    decided = sum(results[o] for o in DECIDED_OUTCOMES)
    upheld = results["upheld"] + results["partly_upheld"]
    return AppealFigures(n, dict(sorted(results.items())), dict(sorted(quarters.items())),
                         share(upheld, decided))


# --- chart geometry -----------------------------------------------------------------------

@dataclass(frozen=True)
class BarGeometry:
    label: str
    value: float | None
    x: float
    width: float


def bars(values: Iterable[tuple[str, float | None]], *, scale_max: float | None,
         width: float) -> list[BarGeometry]:
    """Horizontal bars from ``x = 0``: each ``value / scale_max`` of ``width`` (``scale_max``
    defaults to the largest value, at least 1). A missing value has no bar."""
    items = list(values)
    top = scale_max if scale_max is not None else max(
        [1.0, *(float(v) for _, v in items if v is not None)])
    return [BarGeometry(label, value, 0.0,
                        0.0 if value is None else round(min(float(value), top) / top * width, 2))
            for label, value in items]


def as_percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def merge_timeline(*series: Iterable[tuple[dt.date, str, str]]) -> list[tuple[dt.date, str, str]]:
    """``(date, kind, text)`` entries of several series, oldest first (stable within a day)."""
    merged = [entry for s in series for entry in s]
    merged.sort(key=lambda e: e[0])
    return merged


def counts_of(mapping: Mapping[str, int]) -> int:
    return sum(mapping.values())
