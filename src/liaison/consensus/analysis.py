"""Redundancy clusters, series, related pairs and contradictory pairs among a consultation's
submitted comments, from the analysis core (``liaison.core.relations`` /
``liaison.core.contradiction``).

The stored ``clusters`` list holds the three relations, each entry with its ``relation``:
``redundant`` (merge), ``series`` (one disposition for all, never merged) and ``related``
(resolve together, never merged); an entry without ``relation`` (stored before they were told
apart) is ``redundant``. Reasons name comments by their reference (``GB-005``), never by
database id.

Rules: the analysis reads every submitted comment (comment id = the comment's primary key as
text) and is stored with a fingerprint of what it read (SHA-256 of each comment's id and
version); a stored analysis whose fingerprint no longer matches is computed again. Comments
are frozen after the deadline, so in practice it is computed once per consultation.

The engines (numpy, SciPy, scikit-learn: about a second to import) are imported when an
analysis runs, not when a web process loads its URLs.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liaison.core.similarity import CommentText


def fingerprint(pairs: Iterable[tuple[int, int]]) -> str:
    """SHA-256 of the sorted ``(comment id, version)`` pairs."""
    digest = hashlib.sha256()
    for pk, version in sorted(pairs):
        digest.update(f"{pk}:{version};".encode())
    return digest.hexdigest()


def comment_text(row: dict) -> CommentText:
    """What the core needs of one comment (``row`` has the Comment's field values)."""
    from liaison.core.similarity import CommentText

    label = f"{row.get('mb') or 'C'}-{row['number']:03d}" if "number" in row else ""
    return CommentText(id=str(row["pk"]), clause=row["clause"], line=row["line"],
                       element=row["element"], type=row["type"], comment=row["comment"],
                       proposed_change=row["proposed_change"], label=label)


def analyse(rows: Sequence[dict]) -> tuple[list[dict], list[dict], float]:
    """(relations, contradictions, seconds) for the comments in ``rows``, JSON-ready;
    ``relations`` are the redundancy clusters, then the series, then the related pairs."""
    from liaison.core.contradiction import find_contradictions
    from liaison.core.relations import find_relations
    from liaison.core.similarity import Places

    start = time.perf_counter()
    texts = [comment_text(r) for r in rows]
    places = Places.of(texts)  # parsed once for both searches
    found = find_relations(texts, places=places)
    clusters = [{**c.as_dict(), "relation": "redundant"} for c in found.clusters]
    for c in clusters:
        c.pop("pairs", None)  # the reason and score are enough to show
    clusters += [s.as_dict() for s in found.series] + [r.as_dict() for r in found.related]
    contradictions = ([{"a": c.a, "b": c.b, "score": round(c.score, 3), "kind": c.kind,
                        "reason": c.reason} for c in find_contradictions(texts, places=places)]
                      if len(texts) > 1 else [])
    return clusters, contradictions, time.perf_counter() - start
