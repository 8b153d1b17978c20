"""Exports for ISO: a .docx that Word (python-docx) opens with the rule's figures in it, and a
PDF that names the version."""

import io
import re
import zlib

from django.urls import reverse
from docx import Document

from liaison.process import export


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
