"""Redundancy clusters and contradictory pairs among a consultation's submitted comments,
from the analysis core (``liaison.core.similarity`` / ``liaison.core.contradiction``).

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

    return CommentText(id=str(row["pk"]), clause=row["clause"], line=row["line"],
                       element=row["element"], type=row["type"], comment=row["comment"],
                       proposed_change=row["proposed_change"])


def analyse(rows: Sequence[dict]) -> tuple[list[dict], list[dict], float]:
    """(clusters, contradictions, seconds) for the comments in ``rows``, JSON-ready."""
    from liaison.core.contradiction import find_contradictions
    from liaison.core.similarity import find_redundancy

    start = time.perf_counter()
    texts = [comment_text(r) for r in rows]
    clusters = [c.as_dict() for c in find_redundancy(texts)] if len(texts) > 1 else []
    for c in clusters:
        c.pop("pairs", None)  # the reason and score are enough to show
    contradictions = ([{"a": c.a, "b": c.b, "score": round(c.score, 3), "kind": c.kind,
                        "reason": c.reason} for c in find_contradictions(texts)]
                      if len(texts) > 1 else [])
    return clusters, contradictions, time.perf_counter() - start
