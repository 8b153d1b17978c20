"""Fuzzing: whatever bytes arrive, the readers raise FormError or return a form, nothing else."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.core.isoform import CommentForm, FormError, read_form, write_form

from .test_isoform_docx import sample_form

VALID = {fmt: write_form(sample_form(), fmt) for fmt in ("docx", "xlsx", "csv")}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def only_form_errors(data: bytes, filename: str) -> None:
    try:
        result = read_form(data, filename=filename)
    except FormError as exc:
        assert exc.problems
        assert str(exc)
    else:
        assert isinstance(result, CommentForm)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["f.docx", "f.xlsx", "f.csv"]))
def test_random_bytes(data: bytes, filename: str) -> None:
    only_form_errors(data, filename)


@FUZZ
@given(st.sampled_from(sorted(VALID)), st.data())
def test_mutated_bytes(fmt: str, data: st.DataObject) -> None:
    raw = bytearray(VALID[fmt])
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    only_form_errors(bytes(raw[:cut]), f"m.{fmt}")


@FUZZ
@given(st.sampled_from(["docx", "xlsx"]), st.data())
def test_mutated_xml_parts(fmt: str, data: st.DataObject) -> None:
    """Damage the XML inside a valid package (so the zip itself stays sound)."""
    source = zipfile.ZipFile(io.BytesIO(VALID[fmt]))
    names = [n for n in source.namelist() if n.endswith((".xml", ".rels"))]
    target = data.draw(st.sampled_from(names))
    text = bytearray(source.read(target))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 200)))
    insert = data.draw(
        st.sampled_from(
            [
                b"",
                b"<",
                b">",
                b"&",
                b"<x>",
                b"</w:tc>",
                b"<w:tc/>",
                b'<w:gridSpan w:val="2"/>',
                b"\x00",
                b"<!DOCTYPE a>",
            ]
        )
    )
    text[start:end] = insert
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, bytes(text) if name == target else source.read(name))
    only_form_errors(out.getvalue(), f"x.{fmt}")


@FUZZ
@given(st.text(max_size=400))
def test_random_csv_text(text: str) -> None:
    header = (
        "MB/NC,Line number,Clause/Subclause,Paragraph/Figure/Table,Type of comment,"
        "Comments,Proposed change,Observations of the secretariat\n"
    )
    only_form_errors((header + text).encode("utf-8", "surrogatepass"), "t.csv")
