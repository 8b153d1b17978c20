"""Draft structure extraction on tiny generated drafts whose answer is known by hand, and the
refusal of every bad file with one clear message."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest
from benchmarks.draftgen import Draft, docx_bytes, pdf_bytes
from fpdf import FPDF

from liaison.core.draftdoc import DraftLimits, DraftStructure, FormError, locate, read_draft
from liaison.core.isoform import Limits

SCOPE = ("This document specifies requirements for the exchange of comment records between "
         "liaison organizations and the committee secretariat, including their identifiers.")
TERMS = "No terms and definitions are listed in this document."


def tiny_draft() -> Draft:
    """Clause 1 (two paragraphs), 2, 2.1 (a table and a figure): every line numbered 1, 2…"""
    return Draft(blocks=[
        ("heading", "1", "", ["1 Scope"]),
        ("paragraph", "1", "Paragraph 1", [SCOPE]),
        ("paragraph", "1", "Paragraph 2", ["It applies to drafts at every stage."]),
        ("heading", "2", "", ["2 Terms and definitions"]),
        ("paragraph", "2", "Paragraph 1", [TERMS]),
        ("heading", "2.1", "", ["2.1 Record layout"]),
        ("table", "2.1", "Table 1", ["Table 1 - Record fields", "clause | line | type",
                                     "text | change | observation"]),
        ("figure", "2.1", "Figure 1", ["Figure 1 - Flow of a comment"]),
    ])


@pytest.fixture(scope="module")
def tiny_pdf() -> DraftStructure:
    return read_draft(pdf_bytes(tiny_draft()), "tiny.pdf")


def test_pdf_clauses_elements_and_line_numbers(tiny_pdf):
    s = tiny_pdf
    assert s.format == "pdf" and s.pages == 1 and s.line_numbers and s.found
    assert [(c.number, c.title) for c in s.clauses] == [
        ("1", "Scope"), ("2", "Terms and definitions"), ("2.1", "Record layout")]
    scope, terms, layout = s.clauses
    # Line 1 is the heading "1 Scope"; the scope paragraph wraps onto lines 2-3.
    assert [(e.label, e.line_range) for e in scope.elements] == [
        ("Paragraph 1", "2-3"), ("Paragraph 2", "4")]
    assert scope.elements[0].text == SCOPE
    assert [(e.label, e.line_range) for e in terms.elements] == [("Paragraph 1", "6")]
    assert [(e.kind, e.label, e.line_range) for e in layout.elements] == [
        ("table", "Table 1", "8-10"), ("figure", "Figure 1", "11")]
    assert layout.elements[0].lines[1].text == "clause line type"


def test_a_selection_is_placed_by_clause_element_and_line(tiny_pdf):
    place = locate(tiny_pdf, "applies to drafts at every", page=1)
    assert (place.clause, place.element, place.line) == ("1", "Paragraph 2", "4")
    over_break = " ".join(SCOPE.split()[8:16])
    assert locate(tiny_pdf, over_break).line == "2-3"
    assert locate(tiny_pdf, "change observation").element == "Table 1"


def test_a_selection_over_two_clauses_is_not_placed(tiny_pdf):
    assert locate(tiny_pdf, "every stage. No terms and definitions") is None
    assert locate(tiny_pdf, "") is None


def test_structure_round_trips_through_json(tiny_pdf):
    assert DraftStructure.from_dict(tiny_pdf.to_dict()) == tiny_pdf


def test_line_numbers_restarting_on_each_page_are_read_as_printed():
    draft = Draft(blocks=[("heading", "1", "", ["1 Scope"])] + [
        ("paragraph", "1", f"Paragraph {i}", [f"Paragraph {i} says: {SCOPE}"])
        for i in range(1, 40)])
    structure = read_draft(pdf_bytes(draft, restart=True), "long.pdf")
    assert structure.pages == 3
    read = [(line.page, line.number, line.text)
            for e in structure.clauses[0].elements for line in e.lines]
    assert read == [(t.page, t.line, t.text) for t in draft.lines]
    # A paragraph that starts at the top of a page after a full last line cannot be told
    # from a continuation (there is no gap to see): at most that one merges here.
    assert len(structure.clauses[0].elements) >= 38


def test_docx_headings_paragraphs_tables_and_figures():
    s = read_draft(docx_bytes(tiny_draft()), "tiny.docx")
    assert s.format == "docx" and not s.line_numbers and s.found
    assert [c.number for c in s.clauses] == ["1", "2", "2.1"]
    assert [(e.label, e.text) for e in s.clauses[0].elements] == [
        ("Paragraph 1", SCOPE), ("Paragraph 2", "It applies to drafts at every stage.")]
    assert [(e.kind, e.label) for e in s.clauses[2].elements] == [
        ("table", "Table 1"), ("figure", "Figure 1")]
    assert s.clauses[2].elements[0].line_range == ""


def test_docx_headings_without_typed_numbers_are_numbered_by_level():
    from docx import Document

    doc = Document()
    for text, level in [("Scope", 1), ("Terms", 1), ("General", 2), ("Details", 2),
                        ("Methods", 1)]:
        doc.add_heading(text, level=level)
        doc.add_paragraph(f"About {text}.")
    out = io.BytesIO()
    doc.save(out)
    s = read_draft(out.getvalue(), "plain.docx")
    assert [(c.number, c.title) for c in s.clauses] == [
        ("1", "Scope"), ("2", "Terms"), ("2.1", "General"), ("2.2", "Details"), ("3", "Methods")]


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(tiny_draft())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(tiny_draft()))) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/padding.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>")
    return out.getvalue()


@pytest.mark.parametrize(("name", "make", "message"), [
    ("locked.pdf", _encrypted, "encrypted"),
    ("scan.pdf", _scanned, "no text (a scanned draft?)"),
    ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 9 0 R>>endobj\ntrailer<<>>",
     "damaged"),
    ("notes.pdf", lambda: b"just some text", "not a PDF"),
    ("bomb.docx", _docx_bomb, "zip bomb"),
    ("draft.odt", lambda: b"PK\x03\x04", "unsupported file type '.odt'"),
    ("empty.pdf", lambda: b"", "empty"),
])
def test_bad_files_are_refused_with_a_clear_message(name, make, message):
    with pytest.raises(FormError) as refused:
        read_draft(make(), name)
    assert message in str(refused.value)
    assert str(refused.value).startswith(name)


def test_size_and_page_limits_hold():
    data = pdf_bytes(tiny_draft())
    with pytest.raises(FormError, match="larger than the limit of 1,000 bytes"):
        read_draft(data, "big.pdf", DraftLimits(upload=Limits(max_bytes=1000)))
    long = Draft(blocks=[("paragraph", "", "Paragraph 1", [SCOPE])] * 60)
    with pytest.raises(FormError, match="the PDF has 4 pages \\(limit 1\\)"):
        read_draft(pdf_bytes(long), "long.pdf", DraftLimits(max_pages=1))
