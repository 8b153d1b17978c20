"""Three relations between comments, shown apart because each asks something else of the
coordinator:

- **redundant** (``similarity.find_redundancy``): the same point about the same place —
  merge them into one comment;
- **series**: the same request (text similarity ≥ the redundancy threshold, within
  ``TOLERANCE``) made on several places — different clauses, or different paragraphs / tables
  of one clause. One disposition answers them all, but each place keeps its own comment: never
  merged. A series is a connected group of such pairs that spans at least two places;
- **related**: one comment names another ("see GB 5", "together with UK 96") — they are
  resolved jointly; suggested, never merged. A reference counts when its member-body code and
  number match another comment's name (``GB-005``, ``GB 5`` and ``UK 5`` are one name: the
  United Kingdom's code is GB). Pairs already in one redundancy cluster or one series are not
  listed again.

Comments are scored once (``score_arrays``) for both redundancy and series.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from liaison.core.similarity import (
    TOLERANCE,
    CommentText,
    Places,
    RedundancyCluster,
    RedundancyConfig,
    check_ids,
    clusters_of,
    components,
    parse_element,
    score_arrays,
    vectorise,
)


@dataclass(frozen=True)
class Series:
    """The same request made on several places (ids in input order)."""

    members: tuple[str, ...]
    places: tuple[str, ...]  # each member's place, in the order of ``members``
    score: float  # mean text similarity of the pairs that join them
    reason: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "relation": "series",
            "members": list(self.members),
            "places": list(self.places),
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Related:
    """Comment ``a`` names comment ``b``: resolve them together."""

    a: str
    b: str
    reason: str
    quote: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "relation": "related",
            "members": [self.a, self.b],
            "reason": self.reason,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class CommentRelations:
    """Redundancy clusters, series and related pairs of one set of comments."""

    clusters: list[RedundancyCluster]
    series: list[Series]
    related: list[Related]


def find_relations(
    comments: Sequence[CommentText],
    config: RedundancyConfig | None = None,
    places: Places | None = None,
) -> CommentRelations:
    """The three relations (module docstring), with ``config`` (default: the shipped
    ``RedundancyConfig()``); ``places``: the comments' parsed places, when the caller has them
    (``find_contradictions`` takes the same). Comment ids must be unique."""
    config = config or RedundancyConfig()
    check_ids(comments)
    if len(comments) < 2:
        return CommentRelations([], [], [])
    vec = vectorise(comments, config.word_weight, char_rows=np.zeros(0))
    scored = score_arrays(
        comments, config, vec, floor=config.threshold, places=places, text_floor=config.threshold
    )
    clusters = clusters_of(comments, config, vec, scored)
    alike = scored.take(scored.text >= config.threshold - TOLERANCE)
    series = series_of(comments, alike.i, alike.j, alike.text, alike.same_place())
    cluster_of = {m: k for k, g in enumerate(clusters) for m in g.members}
    series_of_id = {m: k for k, g in enumerate(series) for m in g.members}

    def grouped(r: Related) -> bool:
        return any(
            r.a in index and index.get(r.a) == index.get(r.b)
            for index in (cluster_of, series_of_id)
        )

    related = [r for r in cross_references(comments) if not grouped(r)]
    return CommentRelations(clusters, series, related)


def place_of(comment: CommentText) -> str:
    """The clause and element as a reader writes them (``[vector.cons] Table 3``; an element
    named only at the start of the comment, "Paragraph 4: …", as ``p4``), or ``?``."""
    element = comment.element.strip() or parse_element("", comment.comment) or ""
    return " ".join(x for x in (comment.clause.strip(), element) if x) or "?"


def series_of(
    comments: Sequence[CommentText],
    i: np.ndarray,
    j: np.ndarray,
    text: np.ndarray,
    same_place: np.ndarray,
) -> list[Series]:
    """Connected groups of alike pairs (``i[k]``, ``j[k]``) that hold at least one pair at
    different places; largest first. The reason lists at most ``SHOWN`` members."""
    groups = components(len(comments), i, j)
    if not groups:
        return []
    group_of = np.full(len(comments), -1, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    g_of_pair = group_of[i]
    apart = np.bincount(g_of_pair, weights=~same_place, minlength=len(groups))
    mean = np.bincount(g_of_pair, weights=np.minimum(1.0, text), minlength=len(groups))
    mean /= np.maximum(1, np.bincount(g_of_pair, minlength=len(groups)))
    out = []
    for g, members in enumerate(groups):
        if not apart[g]:
            continue  # one place: a redundancy cluster, not a series
        ids = [comments[m] for m in members.tolist()]
        places = tuple(place_of(c) for c in ids)
        listed = ", ".join(f"{c.name} ({p})" for c, p in zip(ids[:SHOWN], places, strict=False))
        if len(ids) > SHOWN:
            listed += f" and {len(ids) - SHOWN} more"
        reason = (
            f"the same request on {len(set(places))} places: {listed}; "
            f"{mean[g]:.2f} text similarity"
        )
        out.append(Series(tuple(c.id for c in ids), places, float(mean[g]), reason))
    out.sort(key=lambda s: (-len(s.members), -s.score, s.members[0]))
    return out


#: Members named in a series' reason (the members list holds them all).
SHOWN = 12


# ---------------------------------------------------------------- cross-references

_REFERENCE = re.compile(r"\b([A-Z]{2,6})[ \u00a0-]?0*(\d{1,5})\b")
_ALIASES = {"UK": "GB"}


def name_key(name: str) -> tuple[str, int] | None:
    """``"GB-005"``, ``"GB 5"``, ``"UK 5"`` → ``("GB", 5)``; None for names of another shape."""
    m = _REFERENCE.match(name.strip())
    if not m:
        return None
    return _ALIASES.get(m.group(1), m.group(1)), int(m.group(2))


def _references_to(codes: set[str]) -> re.Pattern:
    """``_REFERENCE`` restricted to the member-body ``codes`` (and their aliases): it finds the
    same references to those codes (a code is a whole run of capitals either way) and scans
    text several times faster than the general pattern."""
    names = codes | {alias for alias, code in _ALIASES.items() if code in codes}
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return re.compile(r"\b(" + alternatives + r")[ \u00a0-]?0*(\d{1,5})\b")


def cross_references(comments: Sequence[CommentText], context: int = 60) -> list[Related]:
    """Pairs where one comment's text names another comment (by member body and number);
    each pair once, in input order."""
    index: dict[tuple[str, int], int] = {}
    for k, c in enumerate(comments):
        key = name_key(c.name)
        if key is not None:
            index.setdefault(key, k)
    codes = {key[0] for key in index}
    if not codes:
        return []  # no comment has a name another could cite
    reference = _references_to(codes)
    found: dict[tuple[int, int], Related] = {}
    for k, c in enumerate(comments):
        text = " ".join(c.text.split())
        for m in reference.finditer(text):
            code = _ALIASES.get(m.group(1), m.group(1))
            if code not in codes:
                continue
            other = index.get((code, int(m.group(2))))
            if other is None or other == k:
                continue
            pair = (min(k, other), max(k, other))
            if pair in found:
                continue
            start, stop = max(0, m.start() - context), min(len(text), m.end() + context)
            quote = ("…" if start else "") + text[start:stop] + ("…" if stop < len(text) else "")
            target = comments[other]
            found[pair] = Related(
                comments[pair[0]].id,
                comments[pair[1]].id,
                f"{c.name} refers to {target.name}: “{quote}”",
                quote,
            )
    return [found[p] for p in sorted(found)]
