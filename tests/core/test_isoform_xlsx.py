"""The .xlsx form (ISO columns and ISO OSD exports) and the .csv form."""

from __future__ import annotations

import io

import openpyxl
import pytest

from liaison.core.isoform import CommentForm, CommentRow, FormError, read_form, write_form
from liaison.core.isoform.osd import OSD_COLUMNS
from liaison.core.isoform.rows import HEADINGS

from .test_isoform_docx import sample_form


def test_xlsx_layout() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(write_form(sample_form(), "xlsx")))
    ws = workbook.active
    assert ws.freeze_panes == "A6"
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["Date:", "Document:", "Project:"]
    assert ws["B3"].value == "ISO/CD 12345"
    assert [c.value for c in ws[5]] == list(HEADINGS)
    assert ws["F6"].alignment.wrap_text
    assert ws.column_dimensions["F"].width > ws.column_dimensions["A"].width
    assert ws["A7"].value == "UK 316\nGB"


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    form = CommentForm(rows=[CommentRow(mb="US", comment="=SUM(A1:A9)")])
    data = write_form(form, "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["F6"].data_type == "s"
    assert read_form(data, filename="f.xlsx") == form


def _sheet(rows: list[list[object]], merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_hand_made_sheet_with_numbers_and_meta_in_one_cell() -> None:
    data = _sheet(
        [
            ["Date: 2024-02-03"],
            [],
            list(HEADINGS),
            ["DE-01-002", 17, 3.1, None, "Technical", "Comment", None, None],
        ]
    )
    form = read_form(data, filename="hand.xlsx")
    assert form.date == "2024-02-03"
    assert form.rows == [CommentRow("DE-01-002", "DE", "17", "3.1", "", "te", "Comment")]


def test_xlsx_merged_cells_are_refused_naming_the_row() -> None:
    data = _sheet(
        [list(HEADINGS), ["US", "", "", "", "ge", "a", "b", ""], ["US", "", "", "", "ge", "a"]],
        merge="F3:G3",
    )
    with pytest.raises(FormError) as caught:
        read_form(data, filename="m.xlsx")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "Comments")]


def test_xlsx_missing_heading_names_the_column() -> None:
    data = _sheet([[h for h in HEADINGS if h != "Type of comment"]])
    with pytest.raises(FormError) as caught:
        read_form(data, filename="h.xlsx")
    assert [p.column for p in caught.value.problems] == ["Type of comment"]


def test_osd_export_is_imported() -> None:
    data = _sheet(
        [
            list(OSD_COLUMNS),
            [
                "FR-005",
                "Jeanne Martin",
                "4.2",
                "Requirements",
                "Technical",
                "Too vague",
                "replace 'may' by 'shall'",
                "Make it normative",
                "",
                "2024-03-01",
                "Rejected",
                "Out of scope",
                "",
                "40.20",
            ],
            ["X-1", "", "", "", "Editorial", "typo", "", "", "", "", "", "", "", ""],
        ]
    )
    form = read_form(data, filename="osd.xlsx")
    assert form.rows == [
        CommentRow(
            "FR-005",
            "Jeanne Martin",
            "",
            "4.2",
            "",
            "te",
            "Too vague",
            "Make it normative\n\nreplace 'may' by 'shall'",
            "Rejected\nOut of scope",
        ),
        CommentRow("X-1", "X", type="ed", comment="typo"),
    ]


def test_osd_unknown_subtype_names_the_osd_column() -> None:
    data = _sheet([list(OSD_COLUMNS), ["A-1", "", "", "", "Weird", "text"]])
    with pytest.raises(FormError) as caught:
        read_form(data, filename="osd.xlsx")
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Subtype")]


def test_osd_export_columns() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(write_form(sample_form(), "osd"))).active
    assert tuple(c.value for c in ws[1]) == OSD_COLUMNS
    assert [c.value for c in ws[2]][:6] == [
        "US-001",
        "US",
        "3.1",
        None,
        "Technical",
        "Unclear.\nSecond line",
    ]
    assert ws["K2"].value == "Accepted"


def test_csv_round_trip_and_bom() -> None:
    data = write_form(sample_form(), "csv")
    assert data.startswith("\ufeffMB/NC,".encode())
    assert read_form(data, filename="f.csv").rows == sample_form().rows


def test_csv_wg21_columns() -> None:
    data = (
        b"ballot,nb_id,member_body,line,clause,paragraph_figure_table,type,comment,"
        b"proposed_change,observations_of_secretariat,disposition\n"
        b'C++17,US 29,US,,[any.class],,,"What does\nit mean?",Add a definition,C++17,accepted\n'
    )
    assert read_form(data, filename="wg21.csv").rows == [
        CommentRow(
            "US 29",
            "US",
            "",
            "[any.class]",
            "",
            "",
            "What does\nit mean?",
            "Add a definition",
            "C++17",
        )
    ]


def test_csv_row_numbers_count_records() -> None:
    data = ("\n".join([",".join(HEADINGS), 'US,,,,ge,"two\nlines",,', "US,,,,xx,c,,"])).encode()
    with pytest.raises(FormError) as caught:
        read_form(data, filename="r.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "Type of comment")]
