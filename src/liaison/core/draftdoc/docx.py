"""Read a draft .docx (python-docx) after the comment-form upload checks.

Rules:

* a Word heading style (``Heading 1`` … ``Heading 9``, ``ANNEX``) opens a clause; its number is
  the one typed at the start of the heading (``4.2 Title``), else counted from the heading
  levels as Word's outline numbering would;
* every other non-empty paragraph is an element ``Paragraph n`` of its clause; a table is
  ``Table n`` (the number of its caption, the paragraph just before it, if it has one); a
  caption ``Figure n`` is a figure;
* Word numbers lines only when it lays the pages out, so a .docx has no line numbers and every
  line is page 1 with number None (comments name clause and element only).
"""

from __future__ import annotations

import io
import re

from liaison.core.isoform.errors import refuse
from liaison.core.isoform.safety import check_zip

from .layout import _CAPTION, UNNUMBERED, heading_of
from .model import Clause, DraftStructure, Element, Line, squash
from .safety import DraftLimits

_LEVEL = re.compile(r"^(?:heading|titre|überschrift)\s*(\d)$", re.IGNORECASE)


def _level(style_name: str) -> int | None:
    match = _LEVEL.match(style_name.strip())
    if match:
        return int(match[1])
    return 1 if style_name.strip().lower() == "annex" else None


def read_docx(data: bytes, file: str, limits: DraftLimits) -> DraftStructure:
    """The structure of a draft .docx."""
    check_zip(data, file, "docx", limits.upload)
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except (KeyError, ValueError, TypeError, AttributeError, OSError) as exc:
        raise refuse(file, f"the Word document cannot be read ({exc.__class__.__name__})"
                     ) from None
    if len(blocks) > limits.max_paragraphs:
        raise refuse(file, f"the document has more than {limits.max_paragraphs:,} paragraphs")
    clauses: list[Clause] = []
    levels: list[int] = []
    tables = 0
    previous_text = ""

    def owner() -> Clause:
        if not clauses:
            clauses.append(Clause(number="", title="", page=1))
        return clauses[-1]

    def add(kind: str, label: str, text: str) -> None:
        owner().elements.append(Element(kind=kind, label=label,
                                        lines=[Line(page=1, number=None, text=text)]))

    for block in blocks:
        if isinstance(block, Table):
            tables += 1
            caption = _CAPTION.match(previous_text)
            label = (f"Table {caption['number']}" if caption and caption["kind"] == "Table"
                     else f"Table {tables}")
            if caption and owner().elements and owner().elements[-1].text == previous_text:
                owner().elements.pop()
            rows = [" ".join(squash(cell.text) for cell in row.cells) for row in block.rows]
            text = squash(" ".join([previous_text if caption else "", *rows]))
            add("table", label, text)
            previous_text = ""
            continue
        if not isinstance(block, Paragraph):
            continue
        text = squash(block.text)
        if not text:
            continue
        level = _level(block.style.name if block.style is not None else "")
        if level is not None:
            typed = heading_of(text, bold=True)
            if typed and text not in UNNUMBERED:
                number, title = typed
            elif text in UNNUMBERED:
                number, title = text, text
            else:
                levels = levels[:level] + [0] * (level - len(levels))
                levels[level - 1] += 1
                number, title = ".".join(map(str, levels)), text
            clauses.append(Clause(number=number, title=title, page=1))
        else:
            caption = _CAPTION.match(text)
            if caption and caption["kind"] == "Figure":
                add("figure", f"Figure {caption['number']}", text)
            else:
                count = sum(e.kind == "paragraph" for e in owner().elements) + 1
                add("paragraph", f"Paragraph {count}", text)
        previous_text = text
    return DraftStructure(format="docx", pages=1, line_numbers=False, clauses=clauses)
