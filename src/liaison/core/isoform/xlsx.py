"""The ISO comment form as an Excel workbook (.xlsx), read and written with openpyxl.

Written layout (sheet "Comments"): row 1 the template title, rows 2-4 "Date:", "Document:",
"Project:" with the value in column B, row 5 the 8 ISO headings (frozen, bold), one comment per
row from row 6; wrapped text, widths following the template's proportions, A4 landscape.
Every value is stored as text (never a formula), so "=..." stays a string.

Reading takes the first sheet whose first 30 rows hold a heading row: either the 8 ISO headings
(any order, extra columns ignored, optional "Comment ID" column) or an ISO OSD export (see
:mod:`.osd`). "Date"/"Document"/"Project" rows above the heading fill the form header. Rows are
numbered as in the sheet. Workbooks are streamed (read-only mode), so memory stays bounded.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries

from .errors import FormError, Problem, refuse
from .model import CommentForm, clean_text
from .osd import OSD_COLUMNS, osd_cells, osd_columns, osd_values
from .rows import (
    HEADINGS,
    ISO_COLUMNS,
    build_row,
    cells_from_rows,
    is_blank,
    map_headings,
    missing_headings,
    parse_cells,
)
from .safety import DEFAULT_LIMITS, Limits, check_zip

TITLE = "Template for comments and secretariat observations"
SHEET = "Comments"
HEADING_ROW = 5
#: Column widths (characters), in the proportions of the template's column widths.
ISO_WIDTHS = (12, 10, 14, 14, 10, 60, 60, 36)
EXCEL_MAX_ROWS = 1_048_576
_SCAN_ROWS = 30
_META = ("date", "document", "project")
_OSD_NAMES = {"type": "Subtype", "comment": "Comment"}


def _text(value: object) -> str:
    """A cell value as text: numbers without a spurious ".0", dates in ISO format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    return str(value)


def _sheet_rows(ws, file: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    ws.reset_dimensions()  # never trust the declared size of a sheet
    for number, values in enumerate(
        ws.iter_rows(min_row=1, values_only=True, max_col=limits.max_columns), 1
    ):
        if number > EXCEL_MAX_ROWS:
            raise refuse(file, f"the sheet has more than {EXCEL_MAX_ROWS:,} rows")
        end = len(values)
        while end and values[end - 1] is None:  # rows come padded to max_columns
            end -= 1
        yield number, [_text(v) for v in values[:end]]


def _meta_from(cells: list[str], meta: dict[str, str]) -> None:
    first = clean_text(cells[0]) if cells else ""
    lowered = first.lower()
    for key in _META:
        if key in meta:
            continue
        if lowered.rstrip(":") == key:
            meta[key] = clean_text(cells[1]) if len(cells) > 1 else ""
        elif lowered.startswith(key + ":"):
            meta[key] = clean_text(first[len(key) + 1 :])


def _limited(
    rows: Iterator[tuple[int, list[str]]], file: str, limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    count = 0
    for number, cells in rows:
        if is_blank(cells):
            continue
        count += 1
        if count > limits.max_rows:
            raise refuse(file, f"the sheet has more than {limits.max_rows:,} comment rows")
        yield number, cells


def _merge_problems(
    refs: list[str], heading_row: int, names: dict[int, str], file: str
) -> list[Problem]:
    problems = []
    for ref in refs:
        try:
            min_col, min_row, _max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            problems.append(Problem(file, None, None, f"damaged merged range {ref[:40]!r}"))
            continue
        if max_row is not None and max_row >= heading_row:
            column = names.get((min_col or 1) - 1, f"column {get_column_letter(min_col or 1)}")
            row = max(min_row or heading_row, heading_row)
            problems.append(Problem(file, row, column, "merged cells are not allowed"))
    return problems


def _parse_sheet(
    ws, file: str, limits: Limits, merges: dict[str, list[str]]
) -> tuple[CommentForm | None, list[str]]:
    """The form on one sheet, or (None, missing headings of the best heading candidate)."""
    rows = _sheet_rows(ws, file, limits)
    meta: dict[str, str] = {}
    best = list(HEADINGS)
    for number, cells in rows:
        if number > _SCAN_ROWS:
            return None, best
        if is_blank(cells):
            continue
        columns = map_headings(cells)
        osd = None if not missing_headings(columns) else osd_columns(cells)
        if not missing_headings(columns) or osd is not None:
            break
        if len(missing_headings(columns)) < len(best):
            best = missing_headings(columns)
        _meta_from(cells, meta)
    else:
        return None, best
    heading_row = number
    if osd is not None:
        names = {i: n for n, i in osd.items()}
    else:
        names = {i: ISO_COLUMNS.get(n, n) for n, i in columns.items()}
    path = str(getattr(ws, "_worksheet_path", "")).lstrip("/")
    problems = _merge_problems(merges.get(path, []), heading_row, names, file)
    data = _limited(rows, file, limits)
    if osd is None:
        result = parse_cells(columns, data, file=file, problems=problems)
    else:
        result = []
        for num, cells in data:
            names_map = {**ISO_COLUMNS, **_OSD_NAMES}
            built = build_row(
                osd_values(osd, cells), file=file, row=num, problems=problems, names=names_map
            )
            if built is not None:
                result.append(built)
    if problems:
        raise FormError(sorted(problems, key=lambda p: p.row or 0))
    form = CommentForm(
        date=meta.get("date", ""),
        document=meta.get("document", ""),
        project=meta.get("project", ""),
        rows=result,
    )
    return form, []


def parse_xlsx(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> CommentForm:
    """Read a comment form (ISO columns or OSD export) from .xlsx bytes; raises FormError."""
    report = check_zip(data, file, "xlsx", limits)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    best = list(HEADINGS)
    try:
        for ws in workbook.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue
            form, missing = _parse_sheet(ws, file, limits, report.merges)
            if form is not None:
                return form
            if len(missing) < len(best):
                best = missing
    finally:
        workbook.close()
    raise FormError(
        Problem(file, None, name, "heading not found (renamed or missing?)") for name in best
    )


def _cell(ws, value: str, style: dict) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # text, never a formula
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def _workbook(
    meta: Sequence[tuple[str, str]],
    headings: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[Sequence[str]],
) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet(SHEET)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{len(meta) + 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    bold = {"font": Font(bold=True)}
    wrap = {"alignment": Alignment(wrap_text=True, vertical="top")}
    for label, value in meta:
        ws.append([_cell(ws, label, bold), _cell(ws, value, wrap)] if label or value else [])
    ws.append([_cell(ws, h, {**bold, **wrap}) for h in headings])
    for cells in rows:
        ws.append([_cell(ws, text, wrap) for text in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(form: CommentForm) -> bytes:
    """The form as .xlsx bytes in the layout described in the module docstring."""
    meta = [
        (TITLE, ""),
        ("Date:", clean_text(form.date)),
        ("Document:", clean_text(form.document)),
        ("Project:", clean_text(form.project)),
    ]
    return _workbook(meta, HEADINGS, ISO_WIDTHS, cells_from_rows(form.rows))


def write_osd(form: CommentForm) -> bytes:
    """The form as an .xlsx with ISO OSD's export columns (heading in row 1)."""
    widths = [14, 16, 12, 20, 12, 60, 30, 60, 20, 14, 18, 40, 14, 10]
    return _workbook([], OSD_COLUMNS, widths, osd_cells(form))
