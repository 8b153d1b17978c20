"""The ISO comment form as CSV (UTF-8, RFC 4180 quoting, cells may span lines).

Written: a UTF-8 BOM (so Excel reads the encoding), one heading row with the 8 ISO headings,
one record per comment, CRLF between records, fields quoted when needed. Values are written
verbatim (a cell starting with "=" is not escaped, so round trips stay exact; open untrusted CSV
in a spreadsheet with care). CSV has no place for Date/Document/Project; they are not kept.

Read: the first non-blank record is the heading; the 8 ISO headings are recognised (see
:mod:`.rows`), and so are the WG21 flat CSV columns (nb_id, member_body, line, clause,
paragraph_figure_table, type, comment, proposed_change, observations_of_secretariat; other
columns are ignored). Rows are numbered by record, the heading being record 1. A field may hold
at most 131,072 characters (Python's csv default).
"""

from __future__ import annotations

import csv
import io

from .errors import FormError, Problem, refuse
from .model import CommentForm
from .rows import HEADINGS, cells_from_rows, is_blank, map_headings, missing_headings, parse_cells
from .safety import DEFAULT_LIMITS, Limits, check_csv


def parse_csv(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> CommentForm:
    """Read comment rows from CSV bytes; raises FormError."""
    text = check_csv(data, file, limits)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, 1):
            if len(records) > limits.max_rows:
                raise refuse(file, f"the file has more than {limits.max_rows:,} comment rows")
            if not is_blank(record):
                records.append((number, record[: limits.max_columns]))
    except csv.Error as exc:
        raise refuse(file, f"the CSV is malformed ({exc})", row=reader.line_num) from None
    if not records:
        raise refuse(file, "the file holds no heading row")
    heading_row, heading = records[0]
    columns = map_headings(heading)
    missing = missing_headings(columns)
    if missing:
        raise FormError(
            Problem(file, heading_row, name, "heading not found (renamed or missing?)")
            for name in missing
        )
    problems: list[Problem] = []
    rows = parse_cells(columns, records[1:], file=file, problems=problems)
    if problems:
        raise FormError(problems)
    return CommentForm(rows=rows)


def write_csv(form: CommentForm) -> bytes:
    """The form's rows as CSV bytes (see the module docstring)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(cells_from_rows(form.rows))
    return out.getvalue().encode("utf-8-sig")
