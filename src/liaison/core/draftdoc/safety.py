"""Limits on draft uploads: the comment-form upload limits (size, zip bombs, XML tricks,
embedded objects: :mod:`liaison.core.isoform.safety`) plus a page count and a reading time."""

from __future__ import annotations

from dataclasses import dataclass, field

from liaison.core.isoform.safety import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class DraftLimits:
    upload: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    max_pages: int = 1000
    max_seconds: float = 60.0
    max_paragraphs: int = 50_000
