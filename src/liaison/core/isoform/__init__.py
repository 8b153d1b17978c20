"""ISO comment forms (ISO/IEC/CEN/CENELEC template 2012-03): model, readers and writers.

Pure core: no Django, no other liaison app. Public API::

    read_form(source, *, filename=None, limits=DEFAULT_LIMITS) -> CommentForm
    write_form(form, fmt) -> bytes          # fmt: "docx", "xlsx", "csv" or "osd"
    rows_from_cells(header, cells, *, file="", first_row=2) -> list[CommentRow]
    cells_from_rows(rows) -> list[list[str]]

Every reader raises :class:`FormError` (a ``ValueError`` listing :class:`Problem`\\ s) and
nothing else for bad input; nothing is returned unless the whole file is accepted.
"""

from __future__ import annotations

import os
from pathlib import Path

from .csvform import parse_csv, write_csv
from .docx import parse_docx, write_docx
from .errors import FormError, Problem, refuse
from .model import CommentForm, CommentRow, clean_code, clean_text, normalise_type
from .rows import HEADINGS, cells_from_rows, decode_mbnc, encode_mbnc, rows_from_cells
from .safety import DEFAULT_LIMITS, Limits
from .xlsx import parse_xlsx, write_osd, write_xlsx

READERS = {"docx": parse_docx, "xlsx": parse_xlsx, "csv": parse_csv}
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "csv": write_csv, "osd": write_osd}
#: File extension written for each output format.
EXTENSIONS = {"docx": ".docx", "xlsx": ".xlsx", "csv": ".csv", "osd": ".xlsx"}


def format_of(filename: str) -> str:
    """The reader format for a file name ("docx", "xlsx" or "csv"), from its extension."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in READERS:
        raise refuse(
            Path(filename).name, f"unsupported file type '.{suffix}' (use .docx, .xlsx or .csv)"
        )
    return suffix


def _read_bytes(path: Path, name: str, limits: Limits) -> bytes:
    try:
        if path.stat().st_size > limits.max_bytes:
            raise refuse(name, f"the file is larger than the limit of {limits.max_bytes:,} bytes")
        with path.open("rb") as stream:
            return stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise refuse(name, f"the file cannot be read ({exc.strerror or exc})") from None


def read_form(
    source: bytes | str | os.PathLike[str],
    *,
    filename: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> CommentForm:
    """Read a comment form from a path or from uploaded bytes.

    The format comes from ``filename`` (required with bytes) or from the path's extension.
    Any bad content raises :class:`FormError` naming the file, row and column of each problem.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        if not filename:
            raise TypeError("read_form(bytes) needs filename= to know the format")
        name, data = Path(filename).name, bytes(source)
    else:
        path = Path(source)
        name = Path(filename).name if filename else path.name
        data = None
    kind = format_of(name)
    if data is None:
        data = _read_bytes(path, name, limits)
    try:
        return READERS[kind](data, name, limits)
    except FormError:
        raise
    except MemoryError:
        raise refuse(name, "the file is too large to read") from None
    except Exception as exc:
        raise refuse(
            name,
            f"the file could not be read as .{kind} (damaged or unsupported content: "
            f"{type(exc).__name__})",
        ) from None


def write_form(form: CommentForm, fmt: str) -> bytes:
    """The form as bytes in ``fmt``: "docx" (the ISO template), "xlsx", "csv" or "osd" (an
    .xlsx with ISO OSD's export columns). A leading dot is allowed."""
    key = fmt.lower().lstrip(".")
    if key not in WRITERS:
        raise ValueError(f"unknown form format {fmt!r} (use docx, xlsx, csv or osd)")
    return WRITERS[key](form)


__all__ = [
    "DEFAULT_LIMITS",
    "EXTENSIONS",
    "HEADINGS",
    "CommentForm",
    "CommentRow",
    "FormError",
    "Limits",
    "Problem",
    "cells_from_rows",
    "clean_code",
    "clean_text",
    "decode_mbnc",
    "encode_mbnc",
    "format_of",
    "normalise_type",
    "read_form",
    "rows_from_cells",
    "write_form",
]
