"""The "Markdown-ish" text of a process section, parsed once and rendered to HTML, .docx and
PDF alike.

Supported, and nothing else: paragraphs separated by blank lines, ``### `` sub-headings,
``- `` or ``* `` bullet items, ``1. `` numbered items, and ``**bold**`` inside a line. Text is
escaped before any markup is added, so a section can never inject HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Block:
    kind: str  # "p", "h", "ul" or "ol"
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def blocks(text: str) -> list[Block]:
    """Split ``text`` into paragraphs, headings and lists."""
    out: list[Block] = []
    current: Block | None = None
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        for kind, pattern in (("h", HEADING), ("ul", BULLET), ("ol", NUMBERED)):
            match = pattern.match(raw)
            if match:
                if kind == "h":
                    out.append(Block("h", [match.group(1).strip()]))
                    current = None
                elif current is not None and current.kind == kind:
                    current.lines.append(match.group(1).strip())
                else:
                    current = Block(kind, [match.group(1).strip()])
                    out.append(current)
                break
        else:
            if current is not None and current.kind in ("ul", "ol"):
                current.lines[-1] += " " + line  # continuation of the item
            elif current is not None:
                current.lines.append(line)
            else:
                current = Block("p", [line])
                out.append(current)
    return out


def runs(line: str) -> list[tuple[str, bool]]:
    """``(text, bold)`` pieces of one line."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in BOLD.finditer(line):
        if match.start() > pos:
            pieces.append((line[pos:match.start()], False))
        pieces.append((match.group(1), True))
        pos = match.end()
    if pos < len(line):
        pieces.append((line[pos:], False))
    return pieces


def plain(line: str) -> str:
    return "".join(text for text, _bold in runs(line))


def _inline(line: str) -> str:
    return "".join(f"<strong>{escape(t)}</strong>" if bold else str(escape(t))
                   for t, bold in runs(line))


def to_html(text: str, heading_level: int = 3) -> SafeString:
    """Escaped HTML for ``text``; sub-headings at ``heading_level``."""
    parts = []
    for block in blocks(text):
        if block.kind == "h":
            parts.append(f"<h{heading_level}>{_inline(block.text)}</h{heading_level}>")
        elif block.kind == "p":
            parts.append(f"<p>{_inline(block.text)}</p>")
        else:
            items = "".join(f"<li>{_inline(item)}</li>" for item in block.lines)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
    return mark_safe("\n".join(parts))  # every piece of text was escaped
