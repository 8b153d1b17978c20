"""Between stored comments and ISO comment-form files (parsed and written by
:mod:`liaison.core.isoform`).

Rules:

* an upload's size is checked against ``settings.LIAISON_UPLOAD_MAX_BYTES`` before any
  parser sees it;
* a refused file becomes a ``ValidationError`` holding one message per problem, each naming
  the file, row and column;
* an export carries the consultation's submitted comments, with Date (today, in the
  organization's time zone), Document and Project filled from the consultation; each comment's
  ID is its reference on our form (``DCMI-007``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.consultations.models import Comment, Consultation
from liaison.consultations.selectors import submitted_comments
from liaison.core.isoform import CommentForm, CommentRow, FormError, Limits, read_form, write_form

#: Export formats: format -> (file extension, MIME type).
EXPORT_FORMATS = {
    "docx": (".docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@dataclass(frozen=True)
class ParsedUpload:
    filename: str
    sha256: str
    form: CommentForm


def upload_limits() -> Limits:
    return Limits(max_bytes=settings.LIAISON_UPLOAD_MAX_BYTES)


def too_large_message(filename: str, size: int) -> str:
    return _("%(file)s: the file is %(size)s bytes, over the limit of %(limit)s bytes; nothing "
             "was stored.") % {"file": filename, "size": f"{size:,}",
                               "limit": f"{settings.LIAISON_UPLOAD_MAX_BYTES:,}"}


def parse_upload(data: bytes, filename: str) -> ParsedUpload:
    """Check and parse an uploaded form; ``ValidationError`` lists every problem."""
    if len(data) > settings.LIAISON_UPLOAD_MAX_BYTES:
        raise ValidationError(too_large_message(filename, len(data)), code="too_large")
    try:
        form = read_form(data, filename=filename, limits=upload_limits())
    except FormError as exc:
        raise ValidationError([str(problem) for problem in exc.problems],
                              code="bad_form") from exc
    if not form.rows:
        raise ValidationError(_("%(file)s: the file holds no comments.") % {"file": filename},
                              code="empty")
    return ParsedUpload(filename=filename, sha256=hashlib.sha256(data).hexdigest(), form=form)


def row_of(comment: Comment) -> CommentRow:
    return CommentRow(id=comment.reference, mb=comment.mb, line=comment.line,
                      clause=comment.clause, element=comment.element, type=comment.type,
                      comment=comment.comment, proposed_change=comment.proposed_change,
                      observation=comment.observation)


def form_of(consultation: Consultation, comments=None, *, today: dt.date | None = None
            ) -> CommentForm:
    """The comment form of ``consultation`` (its submitted comments unless given)."""
    if today is None:
        try:
            zone = zoneinfo.ZoneInfo(consultation.liaison_org.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = dt.UTC
        today = timezone.localtime(timezone.now(), zone).date()
    document = consultation.document
    project = consultation.project
    return CommentForm(
        date=today.isoformat(),
        document=(document.number or document.title) if document else project.reference,
        project=f"{project.reference} {project.title}",
        rows=[row_of(c) for c in (submitted_comments(consultation) if comments is None
                                  else comments)])


def export_bytes(consultation: Consultation, fmt: str) -> bytes:
    """The consultation's comments as a .docx (the ISO template) or .xlsx file."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use docx or xlsx)")
    return write_form(form_of(consultation), fmt)


def export_filename(consultation: Consultation, fmt: str) -> str:
    ref = "".join(ch if ch.isalnum() else "-" for ch in consultation.project.reference)
    return f"comments-{ref.strip('-')}-{consultation.pk}{EXPORT_FORMATS[fmt][0]}"
