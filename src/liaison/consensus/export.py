"""The consensus position as an ISO comment form (``liaison.core.isoform``): one row per
active draft, in the position's order, each with its reference as ID (``TMI-007``, written
in the MB/NC cell as docs/isoform.md describes). A draft submitted without consensus carries
its override in the observations column (in English, the language of the ISO form), before
any observation."""

from __future__ import annotations

import hashlib

from liaison.consensus.models import Draft
from liaison.consultations.forms_io import form_of
from liaison.core.isoform import CommentForm, CommentRow, write_form

FORMATS = {
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def override_note(reason: str) -> str:
    """The mark of an override in the observations column."""
    return f"Submitted without consensus (override recorded by the coordinator): {reason}"


def row_of(draft: Draft, override_reason: str = "") -> CommentRow:
    observation = "\n".join(t for t in (
        override_note(override_reason) if override_reason else "", draft.observation) if t)
    return CommentRow(id=draft.reference, mb=draft.mb, line=draft.line, clause=draft.clause,
                      element=draft.element, type=draft.type, comment=draft.comment,
                      proposed_change=draft.proposed_change, observation=observation)


def position_form(consultation, drafts, overrides=()) -> CommentForm:
    """The form: Date/Document/Project as on the consultation's own export; ``overrides``
    (:class:`liaison.consensus.models.Override`) marked on their drafts' rows."""
    base = form_of(consultation, comments=[])
    reasons = {o.draft_id: o.reason for o in overrides}
    return CommentForm(date=base.date, document=base.document, project=base.project,
                       rows=[row_of(d, reasons.get(d.pk, "")) for d in drafts])


def position_files(consultation, drafts, overrides=()) -> dict[str, tuple[bytes, str]]:
    """``{"docx": (bytes, sha256), "xlsx": (bytes, sha256)}``."""
    form = position_form(consultation, drafts, overrides)
    out = {}
    for fmt in FORMATS:
        data = write_form(form, fmt)
        out[fmt] = (data, hashlib.sha256(data).hexdigest())
    return out


def filename(consultation, fmt: str) -> str:
    ref = "".join(ch if ch.isalnum() else "-" for ch in consultation.project.reference)
    return f"consensus-{ref.strip('-')}-{consultation.pk}{FORMATS[fmt][0]}"
