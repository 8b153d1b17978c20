"""Writes to the published process. Each runs in one transaction and records an audit event.

- :func:`process_draft_save` edits the organization's draft, or starts one as a copy of the
  latest version (a published version is never edited: editing makes the next version);
- :func:`process_publish` publishes the draft with a change note; from then on it is immutable
  and it is the version in force;
- :func:`consultation_record_process` records, once, the version in force when a consultation
  opens (the consultations app calls it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.process import selectors
from liaison.process.models import RULE_FIELDS, ConsultationProcess, ProcessVersion
from liaison.process.selectors import EDITABLE_FIELDS


@transaction.atomic
def process_draft_save(*, actor, liaison_org, **fields: Any) -> ProcessVersion:
    """Apply ``fields`` to the draft; without a draft, start version N+1 as a copy of the
    latest version with ``fields`` applied."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    draft = (selectors.versions_of(liaison_org).select_for_update()
             .filter(status=ProcessVersion.Status.DRAFT).first())
    if draft is not None:
        return update_recorded(draft, actor=actor, verb="process.draft_update",
                               liaison_org=liaison_org, fields=fields)
    latest = selectors.latest_version(liaison_org)
    number = (ProcessVersion.objects.filter(liaison_org=liaison_org)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    return create_recorded(
        ProcessVersion, actor=actor, verb="process.draft_create", liaison_org=liaison_org,
        fields={**selectors.editable_values(latest), **fields, "liaison_org": liaison_org,
                "number": number, "status": ProcessVersion.Status.DRAFT,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None})


@transaction.atomic
def process_publish(*, actor, version: ProcessVersion, change_note: str,
                    at=None) -> ProcessVersion:
    """Publish the draft ``version``: it becomes the version in force and never changes again.
    A change note (what changed and why) is required."""
    version = ProcessVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("Version %(n)s is already published.") % {"n": version.number})
    if not (change_note or "").strip():
        raise ValidationError({"change_note": _("Say what changed and why.")})
    version.status = ProcessVersion.Status.PUBLISHED
    version.published_at = at or timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.change_note = change_note.strip()
    version.full_clean()
    version.save()
    audit_record(actor=actor, verb="process.publish", target=version,
                 liaison_org=version.liaison_org,
                 summary=f"process version {version.number} published",
                 data={"number": version.number, "change_note": version.change_note,
                       "rule": {name: getattr(version, name) for name in RULE_FIELDS}})
    return version


@transaction.atomic
def consultation_record_process(*, actor, consultation) -> ConsultationProcess | None:
    """Record the process version in force now as the one governing ``consultation``.

    Called when a consultation opens. Idempotent: a consultation keeps the version recorded
    first, whatever is published later. Returns None (and records nothing) when the
    organization has published no process yet.
    """
    existing = ConsultationProcess.objects.filter(consultation=consultation).first()
    if existing is not None:
        return existing
    version = selectors.rule_in_force(consultation.liaison_org)
    if version is None:
        return None
    record = ConsultationProcess(consultation=consultation, process_version=version)
    record.full_clean()
    record.save()
    audit_record(actor=actor, verb="consultation.record_process", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"consultation “{consultation}” governed by process "
                         f"version {version.number}",
                 data={"process_version": version.pk, "number": version.number})
    return record
