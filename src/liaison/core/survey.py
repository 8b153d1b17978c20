"""Interest-survey aggregation: pure Python, no Django.

Rules:

* every answer counts once in the **overall** figures, and once in **each** interest category
  its stakeholder belongs to (a stakeholder in two categories appears in both rows; a
  stakeholder in none is counted under :data:`NO_CATEGORY`), so category rows need not add up
  to the overall row;
* a share is ``count / answers`` in that row, rounded to 4 decimals (0 when nobody answered);
* the **willing** list names everyone who said they would take part in ongoing work, by name;
* the result is plain JSON (dicts, lists, str, int, float), so a decision can store it as the
  snapshot it rests on and show it again unchanged later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SUPPORT = ("yes", "no", "undecided")
INTEREST = ("none", "low", "medium", "high")
NO_CATEGORY = ("", "no interest category")


@dataclass(frozen=True)
class Answer:
    """One stakeholder's survey answer, as the aggregate needs it."""

    stakeholder_id: int
    name: str
    support: str
    interest: str
    willing: bool
    categories: tuple[tuple[str, str], ...] = field(default=())  # (code, name) pairs

    def __post_init__(self) -> None:
        if self.support not in SUPPORT:
            raise ValueError(f"support must be one of {SUPPORT}, not {self.support!r}")
        if self.interest not in INTEREST:
            raise ValueError(f"interest must be one of {INTEREST}, not {self.interest!r}")


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _row(code: str, name: str, answers: Sequence[Answer]) -> dict:
    n = len(answers)
    support = {key: sum(a.support == key for a in answers) for key in SUPPORT}
    interest = {key: sum(a.interest == key for a in answers) for key in INTEREST}
    willing = sum(a.willing for a in answers)
    return {
        "code": code, "name": name, "answers": n,
        "support": support,
        "support_share": {key: _share(v, n) for key, v in support.items()},
        "interest": interest,
        "interest_share": {key: _share(v, n) for key, v in interest.items()},
        "willing": willing, "willing_share": _share(willing, n),
    }


def aggregate(answers: Iterable[Answer],
              categories: Sequence[tuple[str, str]] = ()) -> dict:
    """Counts and shares overall and per interest category, and the willing list.

    ``categories`` lists ``(code, name)`` in display order; each listed category gets a row
    even with no answers; categories met only in answers follow in the order first seen.
    """
    answers = list(answers)
    order: dict[str, str] = dict(categories)
    by_category: dict[str, list[Answer]] = {code: [] for code in order}
    for answer in answers:
        for code, name in answer.categories or (NO_CATEGORY,):
            order.setdefault(code, name)
            by_category.setdefault(code, []).append(answer)
    willing = sorted((a for a in answers if a.willing), key=lambda a: (a.name, a.stakeholder_id))
    return {
        "overall": _row("*", "all respondents", answers),
        "categories": [_row(code, order[code], by_category[code]) for code in order],
        "willing": [{"stakeholder": a.stakeholder_id, "name": a.name,
                     "categories": [code for code, _ in a.categories]} for a in willing],
    }
