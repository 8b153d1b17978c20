"""Readable diffs of a draft's text, field by field (difflib's unified format)."""

from __future__ import annotations

import difflib
import re
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


def word_diff(base: str, other: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Two texts side by side, word by word: each side as ``(text, differs)`` runs, where
    ``differs`` marks the words the other side does not have at that place (whitespace is
    kept with the word before it, so the runs join back into the text)."""
    a, b = re.findall(r"\S+\s*", base or ""), re.findall(r"\S+\s*", other or "")
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        same = op == "equal"
        if i2 > i1:
            left.append(("".join(a[i1:i2]), not same))
        if j2 > j1:
            right.append(("".join(b[j1:j2]), not same))
    return left, right
