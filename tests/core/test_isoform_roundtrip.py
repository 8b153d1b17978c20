"""Any chain of conversions (docx, xlsx, csv, in any order) gives back exactly the same rows."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.core.isoform import CommentForm, CommentRow, read_form, write_form
from liaison.core.isoform.rows import id_prefix

FORMATS = ("docx", "xlsx", "csv")

# Any text a user may type, including newlines, tabs, \r\n, edge spaces and non-BMP characters.
cell_text = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(["\n", "\r", "\t", " ", "\u00a0", "=", '"', ",", "&", "<"]),
    ),
    max_size=30,
)
types = st.sampled_from(["", "ge", "te", "ed", "General", "technical", "Editorial", "ge/te"])


@st.composite
def comment_rows(draw: st.DrawFn) -> CommentRow:
    row = CommentRow(
        id=draw(st.one_of(cell_text, st.sampled_from(["US-001", "UK 316", "**-001"]))),
        mb=draw(st.one_of(cell_text, st.sampled_from(["US", "GB", "", "DE-01"]))),
        line=draw(cell_text),
        clause=draw(cell_text),
        element=draw(cell_text),
        type=draw(types),
        comment=draw(cell_text),
        proposed_change=draw(cell_text),
        observation=draw(cell_text),
    )
    if not row.comment:  # a row needs comment text; keep the drawn row otherwise
        row = CommentRow(**{**row.__dict__, "comment": "x"})
    return row


forms = st.builds(
    CommentForm,
    date=cell_text,
    document=cell_text,
    project=cell_text,
    rows=st.lists(comment_rows(), max_size=6),
)


def convert(form: CommentForm, fmt: str) -> CommentForm:
    return read_form(write_form(form, fmt), filename=f"form.{fmt}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms, st.lists(st.sampled_from(FORMATS), min_size=1, max_size=4))
def test_any_conversion_chain_keeps_the_rows(form: CommentForm, chain: list[str]) -> None:
    current = form
    for fmt in chain:
        current = convert(current, fmt)
        assert current.rows == form.rows, fmt


@settings(max_examples=40, deadline=None)
@given(forms, st.sampled_from(["docx", "xlsx"]))
def test_docx_and_xlsx_keep_the_form_header(form: CommentForm, fmt: str) -> None:
    assert convert(form, fmt) == form


@settings(max_examples=30, deadline=None)
@given(forms)
def test_osd_export_keeps_the_comments(form: CommentForm) -> None:
    """OSD has no line/element column; a blank User name falls back to the ID's prefix."""
    back = read_form(write_form(form, "osd"), filename="osd.xlsx")
    assert [(r.id, r.mb, r.clause, r.type, r.comment, r.proposed_change) for r in back.rows] == [
        (r.id, r.mb or id_prefix(r.id) or "", r.clause, r.type, r.comment, r.proposed_change)
        for r in form.rows
    ]
