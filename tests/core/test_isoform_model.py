"""The comment model: normalisation, comment types, the MB/NC cell, heading recognition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison.core.isoform import CommentForm, CommentRow, clean_code, clean_text, normalise_type
from liaison.core.isoform.rows import decode_mbnc, encode_mbnc, heading_key, map_headings

TEMPLATE_HEADINGS = [
    "MB/NC1",
    "Line number\n(e.g. 17)",
    "Clause/ Subclause\n(e.g. 3.1)",
    "Paragraph/ Figure/ Table/\n(e.g. Table 1)",
    "Type of comment2",
    "Comments",
    "Proposed change",
    "Observations of the secretariat",
]


def test_clean_text_rule() -> None:
    assert clean_text("  a\r\nb\rc \x00\x0b ") == "a\nb\nc"
    assert clean_text("x\n  indented\t") == "x\n  indented"
    with pytest.raises(TypeError):
        clean_text(3)  # type: ignore[arg-type]


def test_codes_are_single_line_and_dash_means_empty() -> None:
    assert clean_code(" US\n 001 ") == "US 001"
    assert clean_code("—") == ""
    assert clean_code("--") == ""


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", ""),
        ("-", ""),
        ("ge", "ge"),
        ("General", "ge"),
        ("technical", "te"),
        ("TE", "te"),
        ("Editorial", "ed"),
        ("ed.", "ed"),
        ("Technical comment", "te"),
        ("ge/te", "te"),
        ("ed, ge", "ge"),
        ("te (technical)", "te"),
    ],
)
def test_type_words(raw: str, code: str) -> None:
    assert normalise_type(raw) == code


@pytest.mark.parametrize("raw", ["xx", "minor", "?", "ge/zz", "tech-ish"])
def test_unknown_type_is_an_error(raw: str) -> None:
    with pytest.raises(ValueError, match="unknown comment type"):
        normalise_type(raw)


def test_row_is_normalised_and_frozen() -> None:
    row = CommentRow(id=" US-001 ", mb="US\n", type="Editorial", comment=" text \r\n")
    assert (row.id, row.mb, row.type, row.comment) == ("US-001", "US", "ed", "text")
    with pytest.raises(AttributeError):
        row.comment = "x"  # type: ignore[misc]


def test_form_header_is_normalised() -> None:
    form = CommentForm(date=" 2024-01-01 ", document="ISO/CD 1\r\n", project="P")
    assert (form.date, form.document, form.rows) == ("2024-01-01", "ISO/CD 1", [])


@pytest.mark.parametrize(
    ("mb", "cid", "cell"),
    [
        ("US", "US-001", "US-001"),
        ("GB", "UK 316", "UK 316\nGB"),
        ("US", "", "US"),
        ("", "", ""),
        ("", "US-001", "US-001\n—"),
        ("US-001", "", "—\nUS-001"),
        ("Acme Corp", "7", "7\nAcme Corp"),
        ("**", "**-001", "**-001"),
    ],
)
def test_mbnc_cell(mb: str, cid: str, cell: str) -> None:
    assert encode_mbnc(mb, cid) == cell
    assert decode_mbnc(cell) == (mb, cid)


def test_mbnc_reads_ids_as_written_in_practice() -> None:
    assert decode_mbnc("DE-01-002") == ("DE", "DE-01-002")
    assert decode_mbnc("FR") == ("FR", "")


codes = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@given(codes, codes)
def test_mbnc_cell_round_trips(mb: str, cid: str) -> None:
    row = CommentRow(id=cid, mb=mb, comment="c")
    assert decode_mbnc(encode_mbnc(row.mb, row.id)) == (row.mb, row.id)


def test_template_headings_are_recognised() -> None:
    assert heading_key("Type of com-ment2") == "type of comment"
    assert heading_key("MB1\n") == "mb"
    assert list(map_headings(TEMPLATE_HEADINGS)) == [
        "mb",
        "line",
        "clause",
        "element",
        "type",
        "comment",
        "proposed_change",
        "observation",
    ]


def test_wg21_headings_are_recognised() -> None:
    header = [
        "ballot",
        "nb_id",
        "member_body",
        "line",
        "clause",
        "paragraph_figure_table",
        "type",
        "comment",
        "proposed_change",
        "observations_of_secretariat",
        "disposition",
    ]
    assert map_headings(header) == {
        "id": 1,
        "mb": 2,
        "line": 3,
        "clause": 4,
        "element": 5,
        "type": 6,
        "comment": 7,
        "proposed_change": 8,
        "observation": 9,
    }
