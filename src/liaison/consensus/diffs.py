"""Readable diffs of a draft's text, field by field (difflib's unified format)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping


def field_diff(name: str, old: str, new: str) -> str:
    """Unified diff of one field, headed ``--- name (before)`` / ``+++ name (after)``."""
    lines = difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(),
                                 fromfile=f"{name} (before)", tofile=f"{name} (after)",
                                 lineterm="", n=2)
    return "\n".join(lines)


def text_diff(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """The diffs of every field whose value changed, in the order of ``after``."""
    parts = [field_diff(name, before.get(name, ""), value)
             for name, value in after.items() if (before.get(name) or "") != (value or "")]
    return "\n".join(p for p in parts if p)
