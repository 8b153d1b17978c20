"""Between stored drafts (:class:`~liaison.consultations.models.DraftDocument`) and their
structure (read by :mod:`liaison.core.draftdoc`).

Rules:

* a draft upload obeys the limits of comment-form uploads (``settings.LIAISON_UPLOAD_MAX_BYTES``
  and the zip, XML and embedded-object checks), plus a page count and a reading time; a refused
  file becomes a ``ValidationError`` naming the file and why;
* a place in a draft is always taken from the structure stored with it (clause number and the
  element's index in it), never from text the browser sends, so the anchor stored with a comment
  is a passage the draft really has.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from liaison.consultations.forms_io import too_large_message, upload_limits
from liaison.consultations.models import DraftDocument
from liaison.core.draftdoc import DraftLimits, DraftStructure, FormError, read_draft

#: At most this much of an element's text is kept as a comment's quote.
QUOTE_CHARS = 4000


@dataclass(frozen=True)
class ParsedDraft:
    filename: str
    format: str
    sha256: str
    structure: DraftStructure


def draft_limits() -> DraftLimits:
    return DraftLimits(upload=upload_limits())


def parse_draft(data: bytes, filename: str) -> ParsedDraft:
    """Check and read an uploaded draft; ``ValidationError`` says why it is refused."""
    name = Path(filename).name
    limits = draft_limits()
    if len(data) > limits.upload.max_bytes:
        raise ValidationError(too_large_message(name, len(data)), code="too_large")
    try:
        structure = read_draft(data, name, limits)
    except FormError as exc:
        raise ValidationError([str(problem) for problem in exc.problems],
                              code="bad_draft") from exc
    return ParsedDraft(filename=name, format=structure.format,
                       sha256=hashlib.sha256(data).hexdigest(), structure=structure)


def structure_of(draft: DraftDocument) -> DraftStructure:
    return DraftStructure.from_dict(draft.structure)


@dataclass(frozen=True)
class DraftPlace:
    """One element of a stored draft: what a comment on it is pre-filled with and anchored to."""

    draft: DraftDocument
    clause: str
    clause_title: str
    index: int
    element: str
    line: str
    page: int
    quote: str

    def prefill(self) -> dict[str, str]:
        """The ISO columns the place fills: clause, paragraph/figure/table, line number."""
        return {"clause": self.clause, "element": self.element, "line": self.line}

    def anchor(self) -> dict[str, object]:
        return {"draft": self.draft.pk, "sha256": self.draft.sha256, "clause": self.clause,
                "element": self.element, "index": self.index, "page": self.page,
                "lines": self.line}


def place_in(draft: DraftDocument, clause: str, index: int) -> DraftPlace:
    """The ``index``-th element of ``clause`` in ``draft``; ``LookupError`` if it has none."""
    found = structure_of(draft).element(clause, index)
    if found is None:
        raise LookupError(f"no element {index} in clause {clause!r}")
    owner, element = found
    return DraftPlace(draft=draft, clause=owner.number, clause_title=owner.title, index=index,
                      element=element.label, line=element.line_range, page=element.page,
                      quote=element.text[:QUOTE_CHARS])


def refused_place_message() -> str:
    return _("This passage is not in the consultation's draft; pick it again from the draft's "
             "outline.")
