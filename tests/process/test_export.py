"""Exports for ISO: a .docx that Word (python-docx) opens with the rule's figures in it, and a
PDF that names the version and keeps French no-break spaces (no line starts with a colon)."""

import io
import re
import zlib

from django.urls import reverse
from django.utils import translation
from docx import Document

from liaison.process import export, services


def test_the_docx_export_opens_and_carries_the_rule_figures(client, v2):
    response = client.get(reverse("process:docx", args=["tmi", 2]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tmi-process-v2.docx"'
    doc = Document(io.BytesIO(response.content))
    rows = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert rows["Opposition threshold θ"] == "1/3 (33.3%)"
    assert rows["Support threshold τ"] == "75%"
    assert rows["Members who must take a position for a category to be important (m)"] == "2"
    assert rows["An unresolved fundamental objection blocks consensus"] == "yes"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Version 2, published 2026-03-01 14:30 UTC" in text
    assert "Appeals are lodged within 21 days of the decision." in text
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"] == [
        "by committee", "by topic"]
    assert doc.core_properties.version == "2"


def _pdf_text(data: bytes) -> str:
    """The text drawn on the pages: every content stream inflated."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            out.append(match.group(1).decode("latin-1"))
    return "\n".join(out)


def test_the_pdf_export_is_a_pdf_that_names_its_version(client, v2):
    response = client.get(reverse("process:pdf", args=["tmi", 2]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    title = (rb"/Title (Test Metadata Initiative: How we engage stakeholders and decide "
             rb"\(version 2\))")
    assert title in data  # the document's metadata
    text = _pdf_text(data)
    assert "Version 2, published 2026-03-01 14:30 UTC" in text
    assert r"Opposition threshold theta: 1/3 \(33.3%\)" in text


def test_characters_helvetica_cannot_draw_are_written_out(v1):
    assert export.latin1("θ ≥ 1/3 — café 会") == "theta >= 1/3 - café ?"


def _pdf_lines(data: bytes) -> list[str]:
    """Each line of text drawn on the pages."""
    return re.findall(r"\((.*)\) Tj", _pdf_text(data))


def test_french_no_break_spaces_keep_each_colon_and_question_mark_on_its_words_line(v1,
                                                                                    coordinator):
    """French writes « question 3 ? réponse : oui ! » and the PDF keeps the
    no-break space (Latin-1 0xA0): a long paragraph wraps at ordinary spaces only, so no line
    starts with ':' '?' or '!' (with ordinary spaces, about a third of these lines would)."""
    body = "L’avis est reçu.\n\n" + " ".join(
        f"question {i}\u00a0? réponse\u00a0: oui\u00a0!" for i in range(1, 120))
    draft = services.process_draft_save(actor=coordinator, liaison_org=v1.liaison_org,
                                        scope=body)
    with translation.override("fr"):
        lines = _pdf_lines(export.to_pdf(draft))
    assert "L'avis est reçu." in lines  # ’ is written '
    assert "question 1 ? réponse : oui ! question 2" in "".join(lines)  # drawn as spaces
    assert len(lines) > 30
    assert [line for line in lines if line[:1] in ":;?!"] == []
    assert any(line.startswith("Seuil d'opposition theta : ") for line in lines)  # rule rows


def test_the_no_break_space_and_the_typographic_apostrophe_are_drawable(v1):
    assert export.latin1("Date limite\u00a0: l’avis") == "Date limite\u00a0: l'avis"
