"""Ordering by clause: numbers compare as numbers (``5.2`` < ``5.10``), annexes after the
numbered clauses, and drafts naming no clause last."""

from __future__ import annotations

import re

_PART = re.compile(r"\d+|[A-Za-z]+")


def clause_key(clause: str) -> tuple:
    """A sort key for a clause reference such as ``5.2.10``, ``A.3`` or ``[any.class]``."""
    text = (clause or "").strip()
    if not text:
        return (2,)
    parts = _PART.findall(text)
    key = tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts)
    return (0 if parts and parts[0].isdigit() else 1, key)
