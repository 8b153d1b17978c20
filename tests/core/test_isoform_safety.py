"""Untrusted uploads: every malicious or mislabelled file is refused with a FormError."""

from __future__ import annotations

import io
import zipfile

import pytest

from liaison.core.isoform import FormError, Limits, read_form, write_form

from .test_isoform_docx import sample_form

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


def rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of an Office file with some members replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def refused(data: bytes, filename: str, limits: Limits | None = None) -> str:
    with pytest.raises(FormError) as caught:
        if limits:
            read_form(data, filename=filename, limits=limits)
        else:
            read_form(data, filename=filename)
    assert all(p.file == filename for p in caught.value.problems)
    return str(caught.value)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return write_form(sample_form(), "docx")


@pytest.fixture(scope="module")
def xlsx_bytes() -> bytes:
    return write_form(sample_form(), "xlsx")


def test_size_limit(docx_bytes: bytes) -> None:
    message = refused(docx_bytes, "big.docx", Limits(max_bytes=1000))
    assert "larger than the limit of 1,000 bytes" in message
    assert "larger than the limit" in refused(b"x" * (10 * 1024 * 1024 + 1), "big.csv")


def test_size_limit_applies_to_paths_before_reading(tmp_path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(FormError, match="larger than the limit"):
        read_form(path, limits=Limits(max_bytes=1000))


def test_docx_that_is_not_a_zip() -> None:
    assert "not a Word document (.docx) (it is not a zip archive)" in refused(
        b"hello, I am text", "fake.docx"
    )


def test_old_binary_office_file() -> None:
    assert "old binary or encrypted" in refused(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.docx"
    )


def test_xlsx_that_is_a_docx(docx_bytes: bytes) -> None:
    assert "not an Excel workbook (.xlsx) (it is a Word document)" in refused(docx_bytes, "a.xlsx")


def test_docx_that_is_an_xlsx(xlsx_bytes: bytes) -> None:
    assert "not a Word document (.docx) (it is an Excel workbook)" in refused(xlsx_bytes, "a.docx")


def test_csv_with_binary_content() -> None:
    assert "binary data" in refused(b"MB/NC,Comments\nUS,\x00\x01\x02", "bin.csv")
    assert "not UTF-8" in refused(b"MB/NC,Comments\nUS,caf\xe9", "latin.csv")


def test_csv_that_is_an_office_file(docx_bytes: bytes) -> None:
    assert "Office document, not a CSV" in refused(docx_bytes, "doc.csv")


def test_unknown_extension() -> None:
    assert "unsupported file type '.pdf'" in refused(b"%PDF-1.7", "form.pdf")


def test_zip_bomb_by_declared_size() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(110):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    message = refused(data, "bomb.docx")
    assert "zip bomb" in message


def test_zip_bomb_by_compression_ratio() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (5 * 1024 * 1024))
    assert "compressed suspiciously well" in refused(out.getvalue(), "ratio.xlsx")


def test_too_many_members(docx_bytes: bytes) -> None:
    data = rezip(docx_bytes, add={f"customXml/item{i}.xml": b"<a/>" for i in range(1001)})
    assert "members (limit 1,000)" in refused(data, "many.docx")


def test_billion_laughs_in_document(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        body = archive.read("word/document.xml")
    body = BILLION_LAUGHS + body.split(b"?>", 1)[1]
    message = refused(rezip(docx_bytes, {"word/document.xml": body}), "lol.docx")
    assert "word/document.xml declares a DOCTYPE or ENTITY" in message


def test_external_entity_in_shared_strings(xlsx_bytes: bytes) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&xxe;</t></si></sst>"
    )
    message = refused(rezip(xlsx_bytes, add={"xl/sharedStrings.xml": evil}), "xxe.xlsx")
    assert "declares a DOCTYPE or ENTITY" in message


def test_embedded_file_is_refused(docx_bytes: bytes) -> None:
    data = rezip(docx_bytes, add={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK"})
    assert "embedded file or object" in refused(data, "embed.docx")


def test_embedded_object_relationship_is_refused(xlsx_bytes: bytes) -> None:
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/oleObject" '
        b'Target="../other/thing.dat"/></Relationships>'
    )
    data = rezip(xlsx_bytes, add={"xl/worksheets/_rels/sheet1.xml.rels": rels})
    assert "embedded file or object (oleobject)" in refused(data, "ole.xlsx")


def test_object_element_in_body_is_refused(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        body = archive.read("word/document.xml")
    body = body.replace(b"<w:body>", b"<w:body><w:p><w:r><w:object/></w:r></w:p>", 1)
    assert "embedded object (object)" in refused(
        rezip(docx_bytes, {"word/document.xml": body}), "obj.docx"
    )


def test_damaged_xml_part(docx_bytes: bytes) -> None:
    data = rezip(docx_bytes, {"word/styles.xml": b"<w:styles><unclosed>"})
    assert "word/styles.xml is damaged" in refused(data, "broken.docx")


def test_truncated_zip(docx_bytes: bytes) -> None:
    refused(docx_bytes[: len(docx_bytes) // 2], "cut.docx")


def test_row_limit() -> None:
    data = write_form(sample_form(), "csv")
    assert "more than 2 comment rows" in refused(data, "rows.csv", Limits(max_rows=2))
