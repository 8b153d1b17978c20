"""Generated ISO/IEC-style drafts with a known answer, for the draft-structure tests and
benchmark (no public draft PDF or .docx is available offline on this machine; see
``benchmarks/data/README.md``).

A PDF draft (fpdf2) has clause headings in bold (``4.2 Title``), paragraphs, tables with a
caption above (``Table 1 - Title``), figures with a caption below, and a line number in the left
margin of every text line, as ISO drafts have; numbering runs through the document or restarts
on each page. :class:`TruthLine` records, for every printed text line, its page, printed
number, clause and element (``Paragraph 2``, ``Table 1``, ``Figure 1``): what a correct
extraction must find. A .docx draft (python-docx) has the same clauses as Word headings.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from docx import Document
from fpdf import FPDF

WORDS = (
    "the", "shall", "device", "interface", "conformity", "requirement", "measurement",
    "procedure", "reference", "system", "user", "data", "record", "value", "method", "test",
    "result", "report", "accuracy", "sample", "operator", "manufacturer", "document",
    "specified", "laboratory", "performance", "calibration", "interval", "range", "tolerance",
    "equipment", "analysis", "protocol", "identifier", "function", "component", "process",
    "output", "input", "control", "limit", "criterion", "minimum", "maximum", "nominal",
    "condition", "environment", "software", "hardware", "network", "security", "privacy",
    "access", "audit", "traceability", "verification", "validation", "registration", "schema",
    "element", "attribute", "encoding", "revision", "annex", "clause", "informative",
    "normative",
)
TITLES = ("Scope", "Normative references", "Terms and definitions", "General requirements",
          "Test methods", "Marking and labelling", "Documentation", "Conformity assessment",
          "Data model", "Interfaces", "Security considerations", "Reporting")


@dataclass(frozen=True)
class TruthLine:
    page: int
    line: int
    clause: str
    element: str
    text: str


@dataclass
class Draft:
    """A generated draft: its clauses (number, title) in order and every numbered text line."""

    clauses: list[tuple[str, str]] = field(default_factory=list)
    lines: list[TruthLine] = field(default_factory=list)
    blocks: list[tuple[str, str, str, list[str]]] = field(default_factory=list)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    return " ".join(words).capitalize() + "."


def plan(seed: int = 1, clauses: int = 8) -> Draft:
    """The content of a draft: per clause a heading, paragraphs, maybe a table or figure.

    ``blocks`` holds (kind, clause, label, texts): kind is heading, paragraph, table (texts are
    rows, cells joined by " | "), or figure (texts is the caption).
    """
    rng = random.Random(seed)
    draft = Draft()
    tables = figures = 0
    for top in range(1, clauses + 1):
        subs = [str(top)] + [f"{top}.{i}" for i in range(1, rng.randint(1, 4))]
        for number in subs:
            title = rng.choice(TITLES) + ("" if "." not in number else f" of {rng.choice(WORDS)}")
            draft.clauses.append((number, title))
            draft.blocks.append(("heading", number, "", [f"{number} {title}"]))
            for para in range(1, rng.randint(2, 5)):
                text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
                draft.blocks.append(("paragraph", number, f"Paragraph {para}", [text]))
            if rng.random() < 0.25:
                tables += 1
                caption = f"Table {tables} - {rng.choice(TITLES)}"
                rows = [" | ".join(rng.choice(WORDS) for _ in range(3))
                        for _ in range(rng.randint(2, 5))]
                draft.blocks.append(("table", number, f"Table {tables}", [caption, *rows]))
            elif rng.random() < 0.2:
                figures += 1
                draft.blocks.append(("figure", number, f"Figure {figures}",
                                     [f"Figure {figures} - {rng.choice(TITLES)}"]))
    return draft


class _Pdf(FPDF):
    LEFT, WIDTH, LINE_H = 30.0, 150.0, 5.0

    def __init__(self, restart: bool) -> None:
        super().__init__(format="A4")
        self.restart, self.number = restart, 0
        self.set_auto_page_break(False)
        self.set_margins(self.LEFT, 20)

    def new_page(self) -> None:
        self.add_page()
        if self.restart:
            self.number = 0
        self.set_y(20)

    def room(self, lines: int, extra: float = 0) -> None:
        if self.get_y() + lines * self.LINE_H + extra > 275:
            self.new_page()

    def numbered(self, text: str, *, bold: bool = False, x: float | None = None,
                 width: float | None = None, border: int = 0) -> int:
        """Write one text line with its number in the margin; returns that number."""
        self.number += 1
        y = self.get_y()
        self.set_font("Helvetica", "", 7)
        self.set_xy(12, y)
        self.cell(10, self.LINE_H, str(self.number), align="R")
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.set_xy(self.LEFT if x is None else x, y)
        self.cell(width or self.WIDTH, self.LINE_H, text, border=border)
        self.set_xy(self.LEFT, y + self.LINE_H)
        return self.number

    def wrap(self, text: str) -> list[str]:
        self.set_font("Helvetica", "", 10)
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and self.get_string_width(trial) > self.WIDTH - 2:
                lines.append(current)
                current = word
            else:
                current = trial
        return [*lines, current] if current else lines


def pdf_bytes(draft: Draft, *, restart: bool = False) -> bytes:
    """Render ``draft`` as a PDF, filling ``draft.lines`` with the truth of every line."""
    pdf = _Pdf(restart)
    pdf.new_page()
    draft.lines.clear()

    def record(clause: str, element: str, text: str, **kw) -> None:
        n = pdf.numbered(text, **kw)
        draft.lines.append(TruthLine(pdf.page_no(), n, clause, element, text))

    for kind, clause, label, texts in draft.blocks:
        if kind == "heading":
            pdf.room(3, 4)
            pdf.set_y(pdf.get_y() + 3)
            pdf.numbered(texts[0], bold=True)
            pdf.set_y(pdf.get_y() + 1)
        elif kind == "paragraph":
            for text in pdf.wrap(texts[0]):
                pdf.room(1)
                record(clause, label, text)
            pdf.set_y(pdf.get_y() + 3)
        elif kind == "table":
            pdf.room(len(texts), 6)
            record(clause, label, texts[0], bold=True)
            for row in texts[1:]:
                y = pdf.get_y()
                pdf.number += 1
                pdf.set_font("Helvetica", "", 7)
                pdf.set_xy(12, y)
                pdf.cell(10, pdf.LINE_H, str(pdf.number), align="R")
                pdf.set_font("Helvetica", "", 10)
                for i, cell in enumerate(row.split(" | ")):
                    pdf.set_xy(pdf.LEFT + i * 45, y)
                    pdf.cell(45, pdf.LINE_H, cell, border=1)
                pdf.set_xy(pdf.LEFT, y + pdf.LINE_H)
                draft.lines.append(TruthLine(pdf.page_no(), pdf.number, clause, label,
                                             row.replace(" | ", " ")))
            pdf.set_y(pdf.get_y() + 4)
        elif kind == "figure":
            pdf.room(1, 40)
            pdf.rect(pdf.LEFT + 30, pdf.get_y() + 2, 90, 30)
            pdf.set_y(pdf.get_y() + 34)
            record(clause, label, texts[0], bold=True)
            pdf.set_y(pdf.get_y() + 3)
    return bytes(pdf.output())


def docx_bytes(draft: Draft) -> bytes:
    """Render ``draft`` as a .docx with Word heading styles (no line numbers: Word numbers
    lines only when it lays the pages out)."""
    doc = Document()
    for kind, clause, _label, texts in draft.blocks:
        if kind == "heading":
            doc.add_heading(texts[0], level=clause.count(".") + 1)
        elif kind == "paragraph":
            doc.add_paragraph(texts[0])
        elif kind == "table":
            doc.add_paragraph(texts[0])
            cells = [row.split(" | ") for row in texts[1:]]
            table = doc.add_table(rows=len(cells), cols=3)
            for r, row in enumerate(cells):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif kind == "figure":
            doc.add_paragraph(texts[0])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
