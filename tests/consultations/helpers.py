"""Helpers for consultation tests: time passing, and real comment-form files."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from liaison.consultations.models import Consultation
from liaison.core.isoform import CommentForm, CommentRow, write_form


def pass_deadline(consultation: Consultation, *, late_policy: str | None = None) -> None:
    """Move the consultation's deadline one minute into the past (time has passed)."""
    now = timezone.now()
    fields = {"opens_at": now - dt.timedelta(days=20), "deadline": now - dt.timedelta(minutes=1)}
    if late_policy:
        fields["late_policy"] = late_policy
    Consultation.objects.filter(pk=consultation.pk).update(**fields)
    consultation.refresh_from_db()


ROWS = [
    CommentRow(mb="TMI", line="412", clause="5.2.7", element="Usage note", type="te",
               comment="ISO 8601-1 cannot express approximate dates.",
               proposed_change="Recommend ISO 8601-2 (EDTF)."),
    CommentRow(mb="TMI", line="702", clause="5.2.20", element="", type="ed",
               comment="Language tags: cite BCP 47.", proposed_change="Replace ISO 639-2."),
    CommentRow(mb="", line="35", clause="1", element="", type="ge",
               comment="The scope should mention JSON-LD.", proposed_change=""),
]


def form_bytes(fmt: str, rows=ROWS) -> bytes:
    return write_form(CommentForm(date="2026-11-24", document="N 2260",
                                  project="ISO/DIS 15836-2", rows=list(rows)), fmt)


def csv_bytes(header: list[str], *records: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(records)
    return out.getvalue().encode()


CSV_HEADER = ["MB/NC", "Line number", "Clause/Subclause", "Paragraph/Figure/Table",
              "Type of comment", "Comments", "Proposed change", "Observations of the secretariat"]
