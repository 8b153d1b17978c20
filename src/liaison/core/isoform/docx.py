"""The ISO comment form as a Word document (.docx), read and written with python-docx.

Writing starts from the packaged blank template (ISO/IEC/CEN/CENELEC 2012-03) and keeps its
layout: A4 landscape, the header with the title and Date/Document/Project cells plus the
8-column heading row (repeated on every page because it lives in the header), the footer with
the two footnotes and page numbers, the template's styles and column widths. Each comment is one
row of the body table, built from the template's own row; each line of a cell is a paragraph.

Reading accepts the heading row in the page header (as in the template) or as a row of the body
table. Rows of the comment table are numbered from 1 in error messages.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from importlib import resources

import docx as python_docx
from docx.oxml.ns import qn
from lxml import etree

from .errors import FormError, Problem, refuse
from .model import CommentForm, clean_text
from .rows import ISO_COLUMNS, cells_from_row, map_headings, missing_headings, parse_cells
from .safety import DEFAULT_LIMITS, Limits, check_zip

TEMPLATE_NAME = "iso_comment_template_2012-03.docx"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_META_LABELS = ("Date", "Document", "Project")
_W_STRIP_ATTRS = (
    "{http://schemas.microsoft.com/office/word/2010/wordml}paraId",
    "{http://schemas.microsoft.com/office/word/2010/wordml}textId",
)
_T, _TAB, _BR, _CR, _P, _R = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:p", "w:r"))
_NBH, _TC, _TR, _TBL = qn("w:noBreakHyphen"), qn("w:tc"), qn("w:tr"), qn("w:tbl")


def template_bytes() -> bytes:
    """The packaged blank template."""
    return resources.files("liaison.core.isoform.template").joinpath(TEMPLATE_NAME).read_bytes()


# --------------------------------------------------------------------------- reading


def cell_text(tc: etree._Element) -> str:
    """A cell's text: paragraphs joined by newlines; tabs, breaks and non-breaking hyphens
    kept as characters; deleted (tracked) text ignored."""
    parts: list[str] = []
    first = True
    for el in tc.iter(_P, _T, _TAB, _BR, _CR, _NBH):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _P:
            if not first:
                parts.append("\n")
            first = False
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _NBH:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _top_tables(root: etree._Element) -> list[etree._Element]:
    return [t for t in root.iter(_TBL) if next(t.iterancestors(_TC), None) is None]


def _effective_headers(document) -> list[etree._Element]:
    """Header parts Word actually shows: default, plus first/even when switched on."""
    even = document.settings.odd_and_even_pages_header_footer
    roots = []
    for section in document.sections:
        wanted = {"default"}
        if section.different_first_page_header_footer:
            wanted.add("first")
        if even:
            wanted.add("even")
        for ref in section._sectPr.findall(qn("w:headerReference")):
            if ref.get(qn("w:type")) in wanted:
                part = document.part.related_parts.get(ref.get(qn("r:id")))
                if part is not None and hasattr(part, "element"):
                    roots.append(part.element)
    return roots


_MERGED = etree.XPath(
    "./w:tr/w:tc[w:tcPr/w:vMerge or w:tcPr/w:hMerge or "
    "w:tcPr/w:gridSpan[@w:val != '1' and @w:val != '0']]",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
)


def _merged_cells(table: etree._Element) -> set[etree._Element]:
    """The cells of ``table`` that span or continue a merge (gridSpan, vMerge, hMerge)."""
    return set(_MERGED(table))


def copy_rows(table: etree._Element, count: int) -> etree._Element:
    """A table holding copies of the first ``count`` rows of ``table``."""
    head = etree.Element(_TBL)
    for tr in table.findall(_TR)[:count]:
        head.append(copy.deepcopy(tr))
    return head


def _read_meta(tables: list[etree._Element]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for table in tables:
        for tc in table.iter(_TC):
            text = clean_text(cell_text(tc))
            for label in _META_LABELS:
                key = label.lower()
                if key not in meta and text.lower().startswith(key + ":"):
                    meta[key] = clean_text(text[len(label) + 1 :])
    return meta


def _find_heading(
    header_tables: list[etree._Element], body_tables: list[etree._Element]
) -> tuple[etree._Element | None, int, list[str], list[str]]:
    """(table holding the heading, heading row index or -1 if in the page header,
    heading texts, missing headings of the best candidate)."""
    best_missing = list(ISO_COLUMNS.values())
    for in_header, tables in ((True, header_tables), (False, body_tables)):
        for table in tables:
            for index, tr in enumerate(table.findall(_TR)[:20]):
                texts = [cell_text(tc) for tc in tr.findall(_TC)]
                missing = missing_headings(map_headings(texts))
                if not missing:
                    return (None if in_header else table), (-1 if in_header else index), texts, []
                if len(missing) < len(best_missing):
                    best_missing = missing
    return None, -1, [], best_missing


def _row_cells(
    tr: etree._Element,
    number: int,
    names: dict[int, str],
    merged: set[etree._Element],
    file: str,
    problems: list[Problem],
) -> list[str] | None:
    """The texts of one comment-table row, or None after recording merged/missing cells."""
    tcs = tr.findall(_TC)
    bad = False
    for index, tc in enumerate(tcs):
        if merged and tc in merged:
            column = names.get(index, f"column {index + 1}")
            problems.append(Problem(file, number, column, "merged cells are not allowed"))
            bad = True
    if not bad and len(tcs) != len(names):
        problems.append(
            Problem(
                file,
                number,
                None,
                f"the row has {len(tcs)} cells, the heading has "
                f"{len(names)} (no merged or missing cells allowed)",
            )
        )
        bad = True
    return None if bad else [cell_text(tc) for tc in tcs]


def _numbered_rows(
    table: etree._Element,
    start: int,
    heading: list[str],
    file: str,
    problems: list[Problem],
    limits: Limits,
) -> Iterator[tuple[int, list[str]]]:
    trs = table.findall(_TR)
    if len(trs) - start > limits.max_rows:
        raise refuse(file, f"the comment table has more than {limits.max_rows:,} rows")
    names = {i: f"column {i + 1}" for i in range(len(heading))}
    names.update({i: ISO_COLUMNS.get(n, n) for n, i in map_headings(heading).items()})
    merged = _merged_cells(table)
    for number, tr in enumerate(trs[start:], start + 1):
        cells = _row_cells(tr, number, names, merged, file, problems)
        if cells is not None:
            yield number, cells


_EMBEDDED = (qn("w:object"), qn("w:altChunk"), qn("w:control"))


def _refuse_embedded(body: etree._Element, file: str) -> None:
    """Refuse OLE objects, embedded documents (altChunk) and ActiveX controls in the body."""
    found = next(body.iter(*_EMBEDDED), None)
    if found is not None:
        tag = found.tag.rsplit("}", 1)[-1]
        raise refuse(
            file,
            f"the file contains an embedded object ({tag}); embedded files are not "
            "allowed in comment forms",
        )


def parse_docx(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> CommentForm:
    """Read a comment form from .docx bytes (after the safety checks); raises FormError."""
    check_zip(data, file, "docx", limits)
    document = python_docx.Document(io.BytesIO(data))
    _refuse_embedded(document.element.body, file)
    header_tables = [t for root in _effective_headers(document) for t in _top_tables(root)]
    body_tables = _top_tables(document.element.body)
    table, index, heading, missing = _find_heading(header_tables, body_tables)
    if not heading:
        raise FormError(
            Problem(file, None, name, "heading not found (renamed or missing?)") for name in missing
        )
    if table is None:
        same = [
            t
            for t in body_tables
            if len(t.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))) == len(heading)
        ]
        if not (same or body_tables):
            raise refuse(file, "the document has no comment table")
        table = (same or body_tables)[0]
    problems: list[Problem] = []
    numbered = _numbered_rows(table, index + 1, heading, file, problems, limits)
    rows = parse_cells(map_headings(heading), numbered, file=file, problems=problems)
    if problems:
        raise FormError(sorted(problems, key=lambda p: p.row or 0))
    meta = _read_meta(header_tables + [t for t in body_tables if t is not table])
    if index > 0:
        meta = {**_read_meta([copy_rows(table, index)]), **meta}
    return CommentForm(
        date=meta.get("date", ""),
        document=meta.get("document", ""),
        project=meta.get("project", ""),
        rows=rows,
    )


# --------------------------------------------------------------------------- writing


def _add_run(p: etree._Element, line: str, rpr: etree._Element | None = None) -> None:
    """Append one run holding ``line`` (tabs become ``w:tab``) to paragraph ``p``."""
    r = etree.SubElement(p, _R)
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, piece in enumerate(line.split("\t")):
        if i:
            etree.SubElement(r, _TAB)
        if piece:
            t = etree.SubElement(r, _T)
            t.text = piece
            if piece != piece.strip():
                t.set(_XML_SPACE, "preserve")


def _fill_cell(tc: etree._Element, text: str) -> None:
    """Write ``text`` into a template cell: one paragraph (the cell's own) per line."""
    proto = tc.find(_P)
    lines = text.split("\n")
    paragraphs = [proto] + [copy.deepcopy(proto) for _ in lines[1:]]
    for p, line in zip(paragraphs, lines, strict=True):
        if p is not proto:
            tc.append(p)
        if line:
            _add_run(p, line)


def _clean_proto(tr: etree._Element) -> etree._Element:
    proto = copy.deepcopy(tr)
    for el in proto.iter():
        for attr in _W_STRIP_ATTRS:
            el.attrib.pop(attr, None)
    for tc in proto.findall(_TC):
        for p in tc.findall(_P)[1:]:
            tc.remove(p)
        p = tc.find(_P)
        for child in list(p):
            if child.tag != qn("w:pPr"):
                p.remove(child)
    return proto


def _fill_meta(header_root: etree._Element, form: CommentForm) -> None:
    values = {"date": form.date, "document": form.document, "project": form.project}
    for tc in header_root.iter(_TC):
        text = cell_text(tc).strip().lower()
        for label in _META_LABELS:
            if text.startswith(label.lower() + ":"):
                p = tc.find(_P)
                first_run = p.find(_R)
                rpr = first_run.find(qn("w:rPr")) if first_run is not None else None
                for child in list(p):
                    if child.tag != qn("w:pPr"):
                        p.remove(child)
                for extra in tc.findall(_P)[1:]:
                    tc.remove(extra)
                _add_run(p, f"{label}: ", rpr)
                for i, line in enumerate(clean_text(values[label.lower()]).split("\n")):
                    if i:
                        etree.SubElement(etree.SubElement(p, _R), _BR)
                    if line:
                        _add_run(p, line, rpr)


def write_docx(form: CommentForm) -> bytes:
    """The form as .docx bytes, filled into the packaged blank template."""
    document = python_docx.Document(io.BytesIO(template_bytes()))
    section = document.sections[0]
    for ref in section._sectPr.findall(qn("w:headerReference")):
        if ref.get(qn("w:type")) == "default":
            _fill_meta(document.part.related_parts[ref.get(qn("r:id"))].element, form)
    table = _top_tables(document.element.body)[0]
    trs = table.findall(_TR)
    proto = _clean_proto(trs[0])
    for tr in trs:
        table.remove(tr)
    for row in form.rows or [None]:
        tr = copy.deepcopy(proto)
        if row is not None:
            for tc, text in zip(tr.findall(_TC), cells_from_row(row), strict=True):
                _fill_cell(tc, text)
        table.append(tr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
