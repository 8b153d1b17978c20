"""Drafts under consultation (PDF with printed line numbers, or .docx): their structure —
clauses, paragraphs, tables, figures, line numbers — for commenting in place.

Pure core: no Django. Public API::

    read_draft(data, filename, limits=DraftLimits()) -> DraftStructure
    locate(structure, quote, page=None) -> Location | None

:func:`read_draft` raises :class:`~liaison.core.isoform.FormError` (one message naming the
file) and nothing else for bad input: wrong type, too large, damaged, encrypted, scanned
without text, a zip bomb or embedded objects (the comment-form upload checks).
"""

from __future__ import annotations

from pathlib import Path

from liaison.core.isoform.errors import FormError, refuse

from .docx import read_docx
from .model import Clause, DraftStructure, Element, Line, Location, line_range, locate, squash
from .pdf import read_pdf
from .safety import DraftLimits

READERS = {"pdf": read_pdf, "docx": read_docx}


def read_draft(data: bytes, filename: str, limits: DraftLimits | None = None) -> DraftStructure:
    """The structure of a draft; the reader is chosen by the file's extension."""
    name = Path(filename).name
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in READERS:
        raise refuse(name, f"unsupported file type '.{suffix}' (use .pdf or .docx)")
    return READERS[suffix](data, name, limits or DraftLimits())


__all__ = ["Clause", "DraftLimits", "DraftStructure", "Element", "FormError", "Line",
           "Location", "line_range", "locate", "read_draft", "squash"]
