"""Pure conversion between comment rows and lists of cells (no file formats here).

Headings are recognised by :func:`heading_key`: case, punctuation, line breaks, footnote
markers ("MB/NC1", "Type of comment2") and examples in brackets ("(e.g. 17)") are ignored, so
the template's "Clause/\\nSubclause\\n(e.g. 3.1)" and a CSV's "clause" both name the clause.

The ISO form has no comment-ID column; the ID goes in the MB/NC cell (:func:`encode_mbnc`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .errors import FormError, Problem
from .model import CommentRow, clean_code, clean_text, normalise_type

#: The 8 ISO columns: field name -> heading written to .xlsx/.csv and used in messages.
ISO_COLUMNS: dict[str, str] = {
    "mb": "MB/NC",
    "line": "Line number",
    "clause": "Clause/Subclause",
    "element": "Paragraph/Figure/Table",
    "type": "Type of comment",
    "comment": "Comments",
    "proposed_change": "Proposed change",
    "observation": "Observations of the secretariat",
}
HEADINGS: tuple[str, ...] = tuple(ISO_COLUMNS.values())

#: Heading keys (see :func:`heading_key`) accepted for each field; "id" is optional.
ALIASES: dict[str, frozenset[str]] = {
    "id": frozenset({"id", "comment id", "nb id", "comment no", "comment number"}),
    "mb": frozenset(
        {"mb nc", "mb", "nc", "nb", "member body", "national body", "national committee"}
    ),
    "line": frozenset({"line number", "line", "line no", "line nr", "line numbers"}),
    "clause": frozenset(
        {"clause subclause", "clause", "subclause", "clause subclause annex figure table"}
    ),
    "element": frozenset(
        {
            "paragraph figure table",
            "paragraph figure table note",
            "paragraph list item note",
            "paragraph figure table list item note",
            "paragraph",
            "element",
        }
    ),
    "type": frozenset({"type of comment", "type", "comment type", "type of comments"}),
    "comment": frozenset({"comments", "comment"}),
    "proposed_change": frozenset({"proposed change", "proposed changes", "proposal"}),
    "observation": frozenset(
        {
            "observations of the secretariat",
            "observations of secretariat",
            "observation of the secretariat",
            "secretariat observations on each comment submitted",
            "secretariat observations",
            "observations",
            "observation",
        }
    ),
}
REQUIRED: tuple[str, ...] = tuple(ISO_COLUMNS)

#: A comment ID as used in practice: "US-001", "DE-01-002", "**-001", "UK 316".
ID_PATTERN = re.compile(r"(?P<mb>[A-Za-z]{1,12}|\*\*)[ -]\d{1,9}(?:-\d{1,9})*")
EMPTY_MARK = "\u2014"  # an em dash stands for "empty" in a two-line MB/NC cell


def heading_key(text: str) -> str:
    """The comparable form of a heading: lower-case words only, without bracketed examples,
    footnote markers and hyphenation ("Type of com-ment2" -> "type of comment")."""
    text = clean_text(str(text))[:200].lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"(?<=[a-z])-\s*(?=[a-z])", "", text)
    text = re.sub(r"(?<=[a-z*])[0-9\u00b9\u00b2\u00b3]+(?![0-9a-z])", "", text)
    return " ".join(re.findall(r"[a-z]+", text))


def map_headings(
    header: Sequence[str], aliases: Mapping[str, frozenset[str]] = ALIASES
) -> dict[str, int]:
    """Field name -> column index for the recognised headings (first match wins)."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        key = heading_key(text)
        for name, keys in aliases.items():
            if key in keys and name not in found:
                found[name] = index
                break
    return found


def missing_headings(found: Mapping[str, int]) -> list[str]:
    """The ISO headings (as named in :data:`ISO_COLUMNS`) absent from ``found``."""
    return [ISO_COLUMNS[name] for name in REQUIRED if name not in found]


def id_prefix(comment_id: str) -> str | None:
    """The MB/NC part of an ID that follows the usual pattern ("US-001" -> "US"), else None."""
    match = ID_PATTERN.fullmatch(comment_id)
    return match["mb"] if match else None


def encode_mbnc(mb: str, comment_id: str) -> str:
    """The MB/NC cell for a row of a form without an ID column.

    * no ID: the MB/NC code ("US"); if that code itself looks like an ID, "—" then the code on
      a second line;
    * an ID whose prefix is the code ("US-001" for "US"): the ID alone;
    * otherwise two lines: the ID, then the code ("—" when empty).

    :func:`decode_mbnc` reverses this exactly for normalised values.
    """
    mb, comment_id = clean_code(mb), clean_code(comment_id)
    if not comment_id:
        return f"{EMPTY_MARK}\n{mb}" if id_prefix(mb) is not None else mb
    if id_prefix(comment_id) == mb:
        return comment_id
    return f"{comment_id}\n{mb or EMPTY_MARK}"


def decode_mbnc(cell: str) -> tuple[str, str]:
    """(mb, id) from an MB/NC cell: two lines are ID then code; a single line that looks like
    an ID ("US-001") gives the ID and its prefix; anything else is the code alone."""
    text = clean_text(cell)
    lines = text.split("\n")
    if len(lines) == 2:
        return clean_code(lines[1]), clean_code(lines[0])
    prefix = id_prefix(text)
    if prefix is not None:
        return prefix, text
    return clean_code(text), ""


def cells_from_row(row: CommentRow) -> list[str]:
    """The 8 ISO cells of a row, in template order."""
    return [
        encode_mbnc(row.mb, row.id),
        row.line,
        row.clause,
        row.element,
        row.type,
        row.comment,
        row.proposed_change,
        row.observation,
    ]


def cells_from_rows(rows: Iterable[CommentRow]) -> list[list[str]]:
    """The 8 ISO cells of each row."""
    return [cells_from_row(row) for row in rows]


def build_row(
    values: Mapping[str, str],
    *,
    file: str,
    row: int,
    problems: list[Problem],
    names: Mapping[str, str] = ISO_COLUMNS,
) -> CommentRow | None:
    """A :class:`CommentRow` from field values, or None after appending the row's problems.

    Rules: the type must be recognised (:func:`normalise_type`); the comment text must not be
    empty. ``values`` may hold "id" or, without it, an MB/NC cell decoded by
    :func:`decode_mbnc`. ``names`` gives the column heading of each field for messages.
    """
    found: list[Problem] = []
    try:
        type_code = normalise_type(values.get("type", ""))
    except ValueError as exc:
        found.append(Problem(file, row, names["type"], str(exc)))
        type_code = ""
    if not clean_text(values.get("comment", "")):
        found.append(Problem(file, row, names["comment"], "the comment text is empty"))
    if found:
        problems.extend(found)
        return None
    if "id" in values:
        mb, comment_id = values.get("mb", ""), values["id"]
    else:
        mb, comment_id = decode_mbnc(values.get("mb", ""))
    return CommentRow(
        id=comment_id,
        mb=mb,
        line=values.get("line", ""),
        clause=values.get("clause", ""),
        element=values.get("element", ""),
        type=type_code,
        comment=values.get("comment", ""),
        proposed_change=values.get("proposed_change", ""),
        observation=values.get("observation", ""),
    )


def is_blank(cells: Iterable[str]) -> bool:
    """True when every cell is empty after normalisation (such rows are skipped)."""
    return not any(clean_text(c) for c in cells)


def parse_cells(
    columns: Mapping[str, int],
    numbered: Iterable[tuple[int, Sequence[str]]],
    *,
    file: str,
    problems: list[Problem],
) -> list[CommentRow]:
    """Rows from numbered cell lists, given the column of each field; blank rows are skipped
    and each bad row adds its problems to ``problems``."""
    rows: list[CommentRow] = []
    for number, cells in numbered:
        if is_blank(cells):
            continue
        values = {
            name: (cells[index] if index < len(cells) else "") for name, index in columns.items()
        }
        built = build_row(values, file=file, row=number, problems=problems)
        if built is not None:
            rows.append(built)
    return rows


def rows_from_cells(
    header: Sequence[str],
    cells: Iterable[Sequence[str]],
    *,
    file: str = "",
    first_row: int = 2,
) -> list[CommentRow]:
    """Rows from a heading row and the cell lists below it (row numbers start at
    ``first_row``). Raises :class:`FormError` naming every missing heading, or every bad row;
    nothing is returned unless all rows are accepted."""
    columns = map_headings(header)
    missing = missing_headings(columns)
    if missing:
        raise FormError(
            Problem(file, first_row - 1, name, "heading not found (renamed or missing?)")
            for name in missing
        )
    problems: list[Problem] = []
    rows = parse_cells(columns, enumerate(cells, first_row), file=file, problems=problems)
    if problems:
        raise FormError(problems)
    return rows
