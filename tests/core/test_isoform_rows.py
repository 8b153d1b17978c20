"""Pure rows <-> cells conversion and how row problems are reported."""

from __future__ import annotations

import pytest

from liaison.core.isoform import CommentRow, FormError, cells_from_rows, rows_from_cells
from liaison.core.isoform.rows import HEADINGS

from .test_isoform_model import TEMPLATE_HEADINGS


def test_rows_and_cells_round_trip() -> None:
    rows = [
        CommentRow("US-001", "US", "17", "3.1", "Table 1", "te", "Comment\nmore", "Change", ""),
        CommentRow("UK 316", "GB", "", "[re.regex]", "", "", "<b>markup</b> kept", "", "C++11"),
    ]
    assert rows_from_cells(TEMPLATE_HEADINGS, cells_from_rows(rows)) == rows


def test_blank_rows_are_skipped_and_columns_may_move() -> None:
    header = list(reversed(HEADINGS))
    cells = [list(reversed(["US", "", "1", "", "ed", "text", "", ""])), [" "] * 8, []]
    assert rows_from_cells(header, cells) == [
        CommentRow(mb="US", clause="1", type="ed", comment="text")
    ]


def test_missing_heading_names_the_column() -> None:
    header = [*HEADINGS[:6], "Suggestion", HEADINGS[7]]
    with pytest.raises(FormError) as caught:
        rows_from_cells(header, [], file="f.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "Proposed change")]
    assert "f.csv, row 1, column 'Proposed change'" in str(caught.value)


def test_all_row_problems_are_reported_together() -> None:
    cells = [
        ["US", "", "", "", "xx", "text", "", ""],
        ["US", "", "", "", "ge", "", "", ""],
        ["US", "", "", "", "ge", "fine", "", ""],
        ["US", "", "", "", "zz", " ", "", ""],
    ]
    with pytest.raises(FormError) as caught:
        rows_from_cells(HEADINGS, cells, file="f.xlsx", first_row=6)
    found = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert found == [
        ("f.xlsx", 6, "Type of comment"),
        ("f.xlsx", 7, "Comments"),
        ("f.xlsx", 9, "Type of comment"),
        ("f.xlsx", 9, "Comments"),
    ]
    message = str(caught.value)
    assert message.startswith("4 problems:")
    assert "f.xlsx, row 6, column 'Type of comment': unknown comment type 'xx'" in message
    assert "f.xlsx, row 7, column 'Comments': the comment text is empty" in message
    assert isinstance(caught.value, ValueError)
