"""Read a draft PDF's printed lines with pypdf (chosen by measurement: see
``benchmarks/data/README.md``), then its structure (:mod:`.layout`).

Rules (each breach raises ``FormError`` naming the file, nothing else for bad input):

* the upload limits of comment forms hold (size first, before any parsing);
* the file must be a PDF (``%PDF-`` header), readable, not encrypted, with at most
  ``max_pages`` pages, read within ``max_seconds``;
* a PDF without any text (a scan) is refused: there is nothing to anchor a comment to;
* line numbers are the digits printed in the left margin (left of where the body text starts);
  each is matched to the text line at the same height.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import time
from dataclasses import dataclass

from liaison.core.isoform.errors import refuse
from liaison.core.isoform.safety import check_size

from .layout import PrintedLine, build
from .model import DraftStructure
from .safety import DraftLimits

_DIGITS = re.compile(r"^\d{1,6}$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True)
class _Run:
    page: int
    x: float
    y: float
    text: str
    bold: bool


def _runs(data: bytes, file: str, limits: DraftLimits) -> tuple[list[_Run], int]:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        count = 0 if encrypted else len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError):
        raise refuse(file, "the PDF is damaged and cannot be read") from None
    if encrypted:
        raise refuse(file, "the PDF is encrypted (password-protected); upload it without "
                           "protection")
    if count > limits.max_pages:
        raise refuse(file, f"the PDF has {count:,} pages (limit {limits.max_pages:,})")
    runs: list[_Run] = []
    started = time.monotonic()
    for index in range(count):
        if time.monotonic() - started > limits.max_seconds:
            raise refuse(file, f"reading the PDF took longer than {limits.max_seconds} seconds")

        def visit(text, cm, tm, font, size, page=index + 1):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            runs.append(_Run(page, x, y, text.replace("\n", " "), bool(_BOLD.search(name))))

        try:
            reader.pages[index].extract_text(visitor_text=visit)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError, OSError, AssertionError, ZeroDivisionError):
            raise refuse(file, f"page {index + 1} of the PDF is damaged") from None
    return runs, count


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped into printed rows (same page, same height), top to bottom."""
    rows: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.page, -r.y, r.x)):
        if rows and rows[-1][0].page == run.page and abs(rows[-1][0].y - run.y) < 2.5:
            rows[-1].append(run)
        else:
            rows.append([run])
    return rows


def _body_left(runs: list[_Run]) -> float:
    """Where the body text starts: the low end of where non-number runs begin."""
    xs = sorted(r.x for r in runs if not _DIGITS.match(r.text.strip()))
    return xs[len(xs) // 20] if xs else 0.0


def read_pdf(data: bytes, file: str, limits: DraftLimits) -> DraftStructure:
    """The structure of a draft PDF."""
    check_size(data, file, limits.upload)
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise refuse(file, "the file is not a PDF")
    runs, pages = _runs(data, file, limits)
    if not any(r.text.strip() for r in runs):
        raise refuse(file, "the PDF has no text (a scanned draft?): comments could not be "
                           "placed in it; upload the draft as published, with its text")
    left = _body_left(runs) - 3
    printed: list[tuple[int, int | None, float, list[_Run]]] = []
    for row in _rows(runs):
        margin = [r for r in row if r.x < left and _DIGITS.match(r.text.strip())]
        body = sorted((r for r in row if r not in margin), key=lambda r: r.x)
        if body:
            number = int(margin[0].text.strip()) if margin else None
            printed.append((row[0].page, number, row[0].y, body))
    pitches = [a[2] - b[2] for a, b in itertools.pairwise(printed)
               if a[0] == b[0] and a[2] > b[2]]
    pitch = statistics.median(pitches) if pitches else 12.0
    line_numbers = sum(p[1] is not None for p in printed) > len(printed) / 2
    lines, previous = [], None
    for page, number, y, body in printed:
        gap = None if previous is None or previous[0] != page else (previous[1] - y) / pitch
        text = " ".join(r.text.strip() for r in body)
        lines.append(PrintedLine(page, number, text, all(r.bold for r in body), gap))
        if number is not None or not line_numbers:
            previous = (page, y)
    return DraftStructure(format="pdf", pages=pages, line_numbers=line_numbers,
                          clauses=build(lines, line_numbers=line_numbers))
