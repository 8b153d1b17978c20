"""The .docx form: the real blank template is filled, keeps its layout, and reads back."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from liaison.core.isoform import CommentForm, CommentRow, FormError, read_form, write_form
from liaison.core.isoform.docx import template_bytes

from .test_isoform_model import TEMPLATE_HEADINGS

WIDTHS = [606, 908, 1209, 1209, 1115, 4177, 4233, 2419]
SHARED = Path(os.environ.get("LIAISON_SHARED_DATA", Path(__file__).parents[3] / "shared/data"))


def sample_form() -> CommentForm:
    return CommentForm(
        date="2024-05-01",
        document="ISO/CD 12345",
        project="Widgets — Part 1",
        rows=[
            CommentRow(
                "US-001",
                "US",
                "17",
                "3.1",
                "Table 1",
                "te",
                "Unclear.\nSecond line",
                "Say it plainly.",
                "Accepted",
            ),
            CommentRow(
                "UK 316", "GB", "", "[re.regex]", "", "", "Keep <code>markup</code>", "", ""
            ),
            CommentRow("", "Acme Corp", "", "5", "Figure 2", "ed", "Typo\tin caption", "", ""),
        ],
    )


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def grid_widths(table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_packaged_template_is_the_published_one() -> None:
    published = SHARED / "iso-comment-template" / "iso_comment_template_2012-03.docx"
    if not published.exists():
        pytest.skip(f"shared data folder absent ({published})")
    assert template_bytes() == published.read_bytes()


def test_blank_template_reads_as_an_empty_form() -> None:
    form = read_form(template_bytes(), filename="iso_comment_template_2012-03.docx")
    assert form == CommentForm()


def test_written_form_keeps_the_template_layout() -> None:
    document = open_docx(write_form(sample_form(), "docx"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (section.page_width.twips, section.page_height.twips) == (16840, 11907)
    meta, heading = section.header.tables
    assert [c.text for c in meta.rows[0].cells] == [
        "Template for comments and secretariat observations",
        "Date: 2024-05-01",
        "Document: ISO/CD 12345",
        "Project: Widgets — Part 1",
    ]
    assert [c.text for c in heading.rows[0].cells] == TEMPLATE_HEADINGS
    assert grid_widths(heading) == WIDTHS
    (body,) = document.tables
    assert grid_widths(body) == WIDTHS
    assert len(body.rows) == 3
    assert [c.text for c in body.rows[0].cells] == [
        "US-001",
        "17",
        "3.1",
        "Table 1",
        "te",
        "Unclear.\nSecond line",
        "Say it plainly.",
        "Accepted",
    ]
    styles = [c.paragraphs[0].style.name for c in body.rows[0].cells]
    assert styles == [
        "ISO_MB",
        "ISO_Clause",
        "ISO_Clause",
        "ISO_Paragraph",
        "ISO_Comm_Type",
        "ISO_Comments",
        "ISO_Change",
        "ISO_Secret_Observations",
    ]
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0].startswith("1\tMB = Member body / NC = National Committee")
    assert footer[1].startswith("2\tType of comment:")
    assert (
        footer[3] == "ISO/IEC/CEN/CENELEC  electronic balloting commenting template/version 2012-03"
    )


def test_written_form_reads_back() -> None:
    form = sample_form()
    assert read_form(write_form(form, "docx"), filename="out.docx") == form


def test_empty_form_keeps_one_blank_row() -> None:
    document = open_docx(write_form(CommentForm(), "docx"))
    assert len(document.tables[0].rows) == 1


def test_heading_row_may_be_in_the_body_table() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=8)
    for cell, text in zip(table.rows[0].cells, TEMPLATE_HEADINGS, strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[2].cells, ["FR-01", "", "4", "", "General", "Hello", "", ""], strict=True
    ):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    form = read_form(out.getvalue(), filename="plain.docx")
    assert form.rows == [CommentRow("FR-01", "FR", clause="4", type="ge", comment="Hello")]


def _edited(edit) -> bytes:
    document = open_docx(write_form(sample_form(), "docx"))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_are_refused_naming_the_row() -> None:
    data = _edited(lambda d: d.tables[0].cell(1, 5).merge(d.tables[0].cell(1, 6)))
    with pytest.raises(FormError) as caught:
        read_form(data, filename="merged.docx")
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Comments")]
    assert "merged.docx, row 2, column 'Comments': merged cells are not allowed" in str(
        caught.value
    )


def test_renamed_heading_is_refused_naming_the_column() -> None:
    def rename(document) -> None:
        cell = document.sections[0].header.tables[1].rows[0].cells[6]
        cell.paragraphs[0].runs[0].text = "Our suggestion"

    with pytest.raises(FormError) as caught:
        read_form(_edited(rename), filename="renamed.docx")
    assert [p.column for p in caught.value.problems] == ["Proposed change"]


def test_bad_rows_are_reported_together() -> None:
    def spoil(document) -> None:
        body = document.tables[0]
        body.cell(0, 4).paragraphs[0].add_run("zz")
        for paragraph in body.cell(2, 5).paragraphs:
            for run in paragraph.runs:
                run.text = ""

    with pytest.raises(FormError) as caught:
        read_form(_edited(spoil), filename="bad.docx")
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (1, "Type of comment"),
        (3, "Comments"),
    ]
