"""A process version exported for ISO (guidelines 2.1, principle 12): as .docx (python-docx)
and as PDF (fpdf2). Both carry the version number, its publication date, the change note, every
section and the consensus rule's figures.

The PDF uses the standard Helvetica font (no font files to ship), which covers Latin-1: Greek
letters are written out (θ → theta) and any other character outside Latin-1 becomes "?". The
no-break space French puts before ``:`` ``;`` ``?`` ``!`` is in Latin-1 and kept: fpdf2 never
breaks a line there (it draws it as a space), so a colon never starts a line. The .docx keeps
every character.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt
from fpdf import FPDF

from liaison.process import text as ptext
from liaison.process.models import ProcessVersion
from liaison.process.presentation import rule_rows, rule_summary


def heading(version: ProcessVersion) -> str:
    return f"{version.liaison_org.name}: {version.title}"


def status_line(version: ProcessVersion) -> str:
    if version.is_published:
        when = date_format(version.published_at.astimezone(dt.UTC), "SHORT_DATETIME_FORMAT")
        return _("Version %(n)s, published %(when)s") % {"n": version.number, "when": when}
    return _("Version %(n)s, draft (not in force)") % {"n": version.number}


def filename(version: ProcessVersion, ext: str) -> str:
    return f"{version.liaison_org.slug}-process-v{version.number}.{ext}"


# --- .docx -------------------------------------------------------------------------------

def _docx_runs(paragraph, line: str) -> None:
    for piece, bold in ptext.runs(line):
        paragraph.add_run(piece).bold = bold


def to_docx(version: ProcessVersion) -> bytes:
    """The version as a Word document."""
    doc = Document()
    doc.core_properties.title = _("%(heading)s (version %(n)s)") % {
        "heading": heading(version), "n": version.number}
    doc.core_properties.subject = status_line(version)
    doc.core_properties.version = str(version.number)
    doc.core_properties.author = version.liaison_org.name
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(heading(version), level=0)
    doc.add_paragraph(status_line(version))
    if version.change_note:
        p = doc.add_paragraph()
        p.add_run(_("What changed: ")).bold = True
        p.add_run(version.change_note)
    doc.add_heading(_("Consensus rule"), level=1)
    doc.add_paragraph(rule_summary(version))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rule_rows(version):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for _name, label, body in version.sections():
        doc.add_heading(label, level=1)
        for block in ptext.blocks(body):
            if block.kind == "h":
                doc.add_heading(ptext.plain(block.text), level=2)
            elif block.kind == "p":
                _docx_runs(doc.add_paragraph(), block.text)
            else:
                style = "List Bullet" if block.kind == "ul" else "List Number"
                for item in block.lines:
                    _docx_runs(doc.add_paragraph(style=style), item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------

SPELLED = {"θ": "theta", "τ": "tau", "—": "-", "–": "-", "‘": "'", "’": "'", "“": '"',
           "”": '"', "…": "...", "≥": ">=", "≤": "<=", "→": "->", "•": "-"}


def latin1(value: str) -> str:
    """``value`` in the characters Helvetica can draw (see the module docstring)."""
    out = []
    for ch in value:
        ch = SPELLED.get(ch, ch)
        try:
            ch.encode("latin-1")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode()
            ch = decomposed or "?"
        out.append(ch)
    return "".join(out)


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 8, latin1(self._footer_text) + f"  -  {self.page_no()}", align="C")


def to_pdf(version: ProcessVersion) -> bytes:
    """The version as a PDF document (A4)."""
    pdf = _PDF(format="A4")
    pdf._footer_text = f"{version.liaison_org.short_name} - {status_line(version)}"
    pdf.set_title(latin1(_("%(heading)s (version %(n)s)") % {
        "heading": heading(version), "n": version.number}))
    pdf.set_subject(latin1(status_line(version)))
    pdf.set_author(latin1(version.liaison_org.name))
    pdf.set_creator("liaison")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def para(value: str, size: float = 10.5, style: str = "", gap: float = 2) -> None:
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(heading(version), size=16, style="B", gap=1)
    para(status_line(version), size=10)
    if version.change_note:
        para(_("What changed: ") + version.change_note, size=10)
    para(_("Consensus rule"), size=13, style="B", gap=1)
    para(rule_summary(version))
    for label, value in rule_rows(version):
        para(_("%(label)s: %(value)s") % {"label": label, "value": value}, gap=0.5)
    pdf.ln(2)
    for _name, label, body in version.sections():
        para(label, size=13, style="B", gap=1)
        for block in ptext.blocks(body):
            if block.kind == "h":
                para(ptext.plain(block.text), size=11, style="B", gap=1)
            elif block.kind == "p":
                para(ptext.plain(block.text))
            else:
                for i, item in enumerate(block.lines, start=1):
                    mark = "-" if block.kind == "ul" else f"{i}."
                    para(f"  {mark} {ptext.plain(item)}", gap=0.5)
                pdf.ln(1.5)
    return bytes(pdf.output())
