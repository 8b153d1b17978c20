"""The reasons a consensus verdict gives, as data that can be said in any language.

A :class:`Reason` is its English sentence (it *is* that string: the command line, the JSON
output and the records stored at finalization and submission see exactly the English they
always saw) and carries a ``code`` and its ``params``, from which the web pages say it in the
reader's language (``liaison.consensus.reasons``). Shares are kept as fractions in ``params``
and written as whole percentages only in the sentence.

The English sentence of each code is :data:`ENGLISH`; every code has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType


def pct(x: object) -> str:
    """A share as a whole percentage: 1/3 → ``33%``."""
    return f"{100 * float(x):.0f}%"


def _objections(p: Mapping[str, object]) -> str:
    return "objection" if p["count"] == 1 else "objections"


#: code → the English sentence built from the params.
ENGLISH: dict[str, Callable[[Mapping[str, object]], str]] = {
    "no_sustained_opposition": lambda p: "no sustained opposition in any category",
    "sustained_opposition_members": lambda p: (
        f"sustained opposition in '{p['category']}': {p['against']} of {p['taking']} "
        f"({pct(p['share'])}) oppose, at or above θ = {pct(p['theta'])} "
        f"({p['taking']} took a position)"),
    "sustained_opposition_required": lambda p: (
        f"sustained opposition in '{p['category']}': {p['against']} of {p['taking']} "
        f"({pct(p['share'])}) oppose, at or above θ = {pct(p['theta'])} "
        "(a required group)"),
    "required_group_silent": lambda p: f"required group '{p['category']}' took no position",
    "required_group_abstained": lambda p: (
        f"required group '{p['category']}' abstained (an abstention is a position)"),
    "objections_unresolved": lambda p: (
        f"{p['count']} unresolved fundamental {_objections(p)}"),
    "objections_not_blocking": lambda p: (
        f"{p['count']} fundamental {_objections(p)} (not blocking under this rule)"),
    "nobody_took_position": lambda p: "nobody took a position",
    "support_below": lambda p: (
        f"overall support {p['in_favour']} of {p['taking']} ({pct(p['share'])}) is "
        f"below τ = {pct(p['tau'])}"),
    "support_reached": lambda p: (
        f"overall support {p['in_favour']} of {p['taking']} ({pct(p['share'])}) is "
        f"at or above τ = {pct(p['tau'])}"),
    # the position as a whole (all its drafts)
    "no_drafts": lambda p: "there is no draft consensus comment yet",
    "drafts_not_all": lambda p: (
        f"{p['reaching']} of {p['total']} drafts reach consensus; not yet: "
        + ", ".join(map(str, p["failing"]))),
    "drafts_all": lambda p: f"all {p['total']} drafts reach consensus under rule {p['rule']}",
    "awaiting_review": lambda p: (
        f"{p['count']} position(s) were given on an earlier text and await review"),
}


class Reason(str):
    """One reason, equal to its English sentence, with ``code`` and ``params`` (read-only)."""

    code: str
    params: Mapping[str, object]

    def __new__(cls, code: str, **params: object) -> Reason:
        if code not in ENGLISH:
            raise ValueError(f"unknown reason code {code!r}")
        frozen = MappingProxyType(dict(params))
        self = super().__new__(cls, ENGLISH[code](frozen))
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", frozen)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Reason cannot be changed")

    def __reduce__(self):
        return (_rebuild, (self.code, dict(self.params)))

    def text(self) -> str:
        """The English sentence, as a plain ``str``."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {dict(self.params)!r})"


def _rebuild(code: str, params: dict[str, object]) -> Reason:
    return Reason(code, **params)
