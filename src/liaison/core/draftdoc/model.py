"""The structure of a draft: clauses, their elements (paragraphs, tables, figures) and the
printed line numbers of each element's lines.

Rules:

* a clause is numbered as printed (``4.2``, ``A.1``); text before the first heading belongs to
  the clause ``""`` (front matter);
* elements are labelled as the ISO comment template's "Paragraph/Figure/Table" column wants:
  ``Paragraph 2`` (counted within its clause), ``Table 1``, ``Figure 3`` (as captioned);
* each element keeps its lines as (page, printed line number or None, text); a draft without
  line numbers (a .docx, or a PDF printed without them) has ``line_numbers`` False;
* the structure round-trips through JSON (:meth:`DraftStructure.to_dict` / ``from_dict``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """``text`` with runs of white space made one space, for comparing quotes."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Line:
    page: int
    number: int | None
    text: str


@dataclass
class Element:
    kind: str  # "paragraph", "table" or "figure"
    label: str
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return squash(" ".join(line.text for line in self.lines))

    @property
    def line_range(self) -> str:
        """The element's printed lines as the template's line column wants: ``17`` or
        ``17-21`` (``""`` without line numbers)."""
        return line_range(self.lines)

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else 0


@dataclass
class Clause:
    number: str
    title: str
    page: int
    elements: list[Element] = field(default_factory=list)


@dataclass
class DraftStructure:
    format: str  # "pdf" or "docx"
    pages: int
    line_numbers: bool
    clauses: list[Clause] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """Whether any numbered clause was found (otherwise comments go by clause only)."""
        return any(c.number for c in self.clauses)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftStructure:
        return cls(format=data["format"], pages=data["pages"],
                   line_numbers=data["line_numbers"],
                   clauses=[Clause(number=c["number"], title=c["title"], page=c["page"],
                                   elements=[Element(kind=e["kind"], label=e["label"],
                                                     lines=[Line(**ln) for ln in e["lines"]])
                                             for e in c["elements"]])
                            for c in data["clauses"]])

    def element(self, clause: str, index: int) -> tuple[Clause, Element] | None:
        """The ``index``-th element (from 0) of the clause numbered ``clause``, if any."""
        for c in self.clauses:
            if c.number == clause and 0 <= index < len(c.elements):
                return c, c.elements[index]
        return None


def line_range(lines: list[Line]) -> str:
    numbers = [line.number for line in lines if line.number is not None]
    if not numbers:
        return ""
    first, last = numbers[0], numbers[-1]
    return str(first) if first == last else f"{first}-{last}"


@dataclass(frozen=True)
class Location:
    clause: str
    element: str
    line: str
    page: int


def locate(structure: DraftStructure, quote: str, page: int | None = None) -> Location | None:
    """Where ``quote`` (a selection of the draft's text) is: its clause, element and the
    printed line(s) it covers; the first match on ``page`` when given. A quote that runs over
    two elements or clauses is not found (the caller refuses it)."""
    wanted = squash(quote)
    if not wanted:
        return None
    for clause in structure.clauses:
        for element in clause.elements:
            if page is not None and all(line.page != page for line in element.lines):
                continue
            covered = _covering(element.lines, wanted)
            if covered:
                return Location(clause.number, element.label, line_range(covered),
                                covered[0].page)
    return None


def _covering(lines: list[Line], wanted: str) -> list[Line]:
    """The shortest run of consecutive ``lines`` whose joined text contains ``wanted``."""
    texts = [squash(line.text) for line in lines]
    for start in range(len(lines)):
        joined = ""
        for end in range(start, len(lines)):
            joined = f"{joined} {texts[end]}".strip()
            if wanted in joined:
                rest = " ".join(texts[start + 1:end + 1])
                if end > start and wanted in rest:
                    break  # a later start covers it with fewer lines
                return lines[start:end + 1]
            if len(joined) > len(wanted) + len(texts[start]) + 1:
                break
    return []
