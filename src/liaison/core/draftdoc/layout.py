"""From the printed lines of a draft, in reading order, to its clauses and elements.

Rules (ISO/IEC Directives, Part 2, as drafts are laid out):

* a heading is a bold line ``4.2 Title`` (or ``A.1 Title``, ``Annex B (informative)``) that
  does not end with a full stop, or one of the unnumbered ISO headings (Foreword,
  Introduction, Bibliography); it opens a clause;
* a caption ``Table 3 - Title`` opens a table: the caption and the lines after it, up to the next
  gap, are the table; a caption ``Figure 2 - Title`` is the figure;
* any other line continues the current paragraph, unless a vertical gap wider than
  ``PARAGRAPH_GAP`` times the usual line pitch, a heading or a caption comes before it; at the
  top of a page (no gap to measure) a new paragraph starts when the last line before it ended
  a sentence well short of the usual line length (``SHORT_LINE``);
* where the draft has line numbers, a line without one (running header, footer, page number)
  is not part of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Clause, Element, Line, squash

PARAGRAPH_GAP = 1.3
SHORT_LINE = 0.85
UNNUMBERED = ("Foreword", "Introduction", "Bibliography", "Index")
_HEADING = re.compile(r"^(?P<number>(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,6})\.?\s+(?P<title>\S.*)$")
_ANNEX = re.compile(r"^Annex\s+(?P<number>[A-Z])\b\s*(?P<title>.*)$")
_CAPTION = re.compile(r"^(?P<kind>Table|Figure)\s+(?P<number>(?:[A-Z]\.)?\d{1,3})\b")


@dataclass(frozen=True)
class PrintedLine:
    """One line as printed: page, its margin number (None if none), text, whether bold, and
    the vertical gap before it in units of the usual line pitch (None at the top of a page)."""

    page: int
    number: int | None
    text: str
    bold: bool
    gap: float | None


def heading_of(text: str, bold: bool) -> tuple[str, str] | None:
    """(number, title) if the line is a clause heading."""
    text = squash(text)
    if not bold or not text or len(text) > 150:
        return None
    if text in UNNUMBERED:
        return text, text
    annex = _ANNEX.match(text)
    if annex:
        return annex["number"], annex["title"].strip()
    match = _HEADING.match(text)
    if match and not text.endswith(".") and not _CAPTION.match(text):
        title = match["title"]
        if title[:1].isupper() or title[:1].isdigit():
            return match["number"], title
    return None


def build(lines: list[PrintedLine], *, line_numbers: bool) -> list[Clause]:
    """The clauses of a draft from its printed lines in reading order."""
    clauses: list[Clause] = []
    current: Element | None = None
    lengths = sorted(len(p.text) for p in lines) or [0]
    usual = lengths[len(lengths) // 2]

    def clause() -> Clause:
        if not clauses:
            clauses.append(Clause(number="", title="", page=lines[0].page if lines else 1))
        return clauses[-1]

    for printed in lines:
        text = squash(printed.text)
        if not text or (line_numbers and printed.number is None):
            continue
        heading = heading_of(text, printed.bold)
        if heading:
            clauses.append(Clause(number=heading[0], title=heading[1], page=printed.page))
            current = None
            continue
        line = Line(page=printed.page, number=printed.number, text=text)
        caption = _CAPTION.match(text)
        if printed.gap is None:
            last = current.lines[-1].text if current is not None and current.lines else ""
            gap = last.endswith(".") and len(last) < SHORT_LINE * usual
        else:
            gap = printed.gap > PARAGRAPH_GAP
        if caption:
            kind = caption["kind"].lower()
            current = Element(kind=kind, label=f"{caption['kind']} {caption['number']}")
            clause().elements.append(current)
            current.lines.append(line)
            if kind == "figure":
                current = None
            continue
        if current is None or gap:
            owner = clause()
            number = sum(e.kind == "paragraph" for e in owner.elements) + 1
            current = Element(kind="paragraph", label=f"Paragraph {number}")
            owner.elements.append(current)
        current.lines.append(line)
    return clauses
