"""The evidence pack of one consultation (MISSION capability 17): a zip anyone can check
offline with ``liaison audit verify --pack FILE`` (:mod:`liaison.core.evidence`).

Contents (every file listed in ``manifest.json`` with its SHA-256)::

    manifest.json                  what is inside, hashes, liaison version, generated_at,
                                   the audit chain's head when the pack was made
    signature.json                 the manifest's Ed25519 signature (organization's key)
    consultation.json              the consultation, its project and required groups
    notices/announcements.csv      every announcement of the consultation
    notices/notices.csv            every notice (recipient, channel, state, times)
    notices/delivery_attempts.csv  every e-mail delivery attempt
    notices/equal_access.csv       the equal-access report (liaison.notices.report)
    comments/comments.csv          the submitted comments, the 8 ISO columns and their source
    comments/comments.docx         the same as the ISO comment template
    analysis/analysis.json         stored clusters and contradictions (refreshed first if
                                   the comments changed since the last analysis)
    positions/positions.csv        every position on every draft
    positions/drafts.csv           the draft consensus comments (a withdrawn one with its
                                   reason)
    verdict/evaluation.json        the verdict now under the rule in force, and the verdicts
                                   recorded at finalization and submission
    verdict/overrides.csv          each draft submitted without consensus: its reason, the
                                   verdict it overrode, and whether it is still in force
    dispositions/dispositions.csv  what became of each input comment
    submission/…docx, …xlsx        the files as submitted, with submissions.json (stored hashes)
    process/process-vN.docx, .json the published process version governing the consultation
    appeals/appeals.csv            appeals and disputes about the consultation's records
    process-check.json, .md        the process check: was it fair, principle by principle
                                   (:mod:`liaison.audit.process_check`), as of the pack
    audit/events.jsonl             EVERY audit event from seq 1 to the head (the chain is
                                   global), each marked when it concerns the consultation

Making a pack is itself an audit event (``evidence.pack``), recorded under the chain's lock
once the contents are read, carrying every file's SHA-256; it is the last event of
``audit/events.jsonl`` and its hash is the manifest's head. The manifest is signed with the
organization's signing key, whose public half is published at
``/.well-known/liaison-signing-key``. So a rewritten pack fails: a changed file no longer
matches the recorded manifest, a changed record changes the head (``--expect-head``), and a
re-signed manifest is not signed by a published key (``--key``).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import io
import json
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liaison.audit.keys import signing_key
from liaison.audit.models import AuditEvent, AuditHead
from liaison.audit.services import audit_record
from liaison.core import evidence as core
from liaison.core import signing
from liaison.core.isoform import write_form


@dataclass(frozen=True)
class Pack:
    data: bytes
    filename: str
    manifest: dict
    event: AuditEvent


def liaison_version() -> str:
    try:
        return importlib.metadata.version("liaison")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _cell(value: object) -> object:
    """Neutralize text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _json(value) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            + "\n").encode("utf-8")


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def pack_filename(consultation, generated_at: dt.datetime) -> str:
    return f"evidence-consultation-{consultation.pk}-{generated_at:%Y%m%dT%H%M%SZ}.zip"


# --- what concerns the consultation -------------------------------------------------------

def related_objects(consultation) -> set[tuple[str, str]]:
    """``(object_type, object_id)`` of every record that belongs to the consultation, as the
    audit trail names them."""
    keys = {("consultations.consultation", str(consultation.pk))}

    def add(label: str, ids) -> None:
        keys.update((label, str(i)) for i in ids)

    add("consultations.comment", consultation.comments.values_list("pk", flat=True))
    for label in ("consensus.Draft", "consensus.Position", "consensus.Objection",
                  "consensus.Disposition", "consensus.Submission", "consensus.Analysis",
                  "consensus.ObservationImport", "consensus.Override", "notices.Announcement",
                  "process.ConsultationProcess"):
        model = _model(label)
        if model is not None:
            add(model._meta.label_lower, model.objects.filter(consultation=consultation)
                .values_list("pk", flat=True))
    revision, notice = _model("consensus.Revision"), _model("notices.Notice")
    if revision is not None:
        add("consensus.revision", revision.objects.filter(
            draft__consultation=consultation).values_list("pk", flat=True))
    if notice is not None:
        add("notices.notice", notice.objects.filter(
            announcement__consultation=consultation).values_list("pk", flat=True))
    for appeal in _appeals_about(consultation, keys):
        keys.add((appeal._meta.label_lower, str(appeal.pk)))
    return keys


def _appeals_about(consultation, keys: set[tuple[str, str]]) -> list:
    """Appeals and disputes whose subject is one of the consultation's records (empty when
    the appeals app is not installed)."""
    from django.contrib.contenttypes.models import ContentType

    found = []
    by_type: dict[str, set[str]] = {}
    for label, pk in keys:
        by_type.setdefault(label, set()).add(pk)
    for label in ("appeals.Appeal", "appeals.Dispute"):
        model = _model(label)
        if model is None:
            continue
        for ct_id, subject_id, obj in ((a.subject_type_id, a.subject_id, a) for a in
                                       model.objects.filter(
                                           liaison_org=consultation.liaison_org)):
            ct = ContentType.objects.get_for_id(ct_id)
            if subject_id in by_type.get(f"{ct.app_label}.{ct.model}", ()):
                found.append(obj)
    return found


def _concerns(event: AuditEvent, keys: set[tuple[str, str]], pk: str) -> bool:
    if (event.object_type, event.object_id) in keys:
        return True
    data = event.data if isinstance(event.data, dict) else {}
    return any(str(data.get(k)) == pk for k in ("consultation", "consultation_id"))


# --- the files ----------------------------------------------------------------------------

def _consultation_json(consultation) -> bytes:
    project = consultation.project
    groups = [{"category": g.category.code, "kind": g.kind}
              for g in project.declared_groups.select_related("category")]
    return _json({
        "id": consultation.pk, "title": consultation.title, "kind": consultation.kind,
        "state": consultation.state, "opens_at": _iso(consultation.opens_at),
        "deadline": _iso(consultation.deadline), "late_policy": consultation.late_policy,
        "organization": consultation.liaison_org.name,
        "project": {"id": project.pk, "reference": project.reference, "title": project.title,
                    "stage": project.stage_code, "approved_on": _iso(project.approved_on),
                    "declared_groups": groups},
        "document": str(consultation.document) if consultation.document_id else "",
        "ballot": str(consultation.ballot) if consultation.ballot_id else "",
    })


def _notice_files(consultation) -> dict[str, bytes]:
    announcement, notice = _model("notices.Announcement"), _model("notices.Notice")
    if announcement is None or notice is None:
        return {}
    from liaison.notices.models import DeliveryAttempt
    from liaison.notices.report import as_csv, equal_access

    announcements = announcement.objects.filter(consultation=consultation).order_by("sent_at",
                                                                                   "pk")
    notices = (notice.objects.filter(announcement__consultation=consultation)
               .select_related("stakeholder", "user", "announcement")
               .order_by("announcement_id", "pk"))
    attempts = (DeliveryAttempt.objects.filter(notice__announcement__consultation=consultation)
                .order_by("notice_id", "at", "pk"))
    attempt_fields = [f.attname for f in DeliveryAttempt._meta.concrete_fields]
    return {
        "notices/announcements.csv": _csv(
            ["announcement_id", "kind", "subject", "sent_at_utc", "sent_by", "deadline_utc",
             "recipient_count", "documents", "left_out"],
            ([a.pk, a.kind, a.subject, _iso(a.sent_at), a.sent_by_id or "", _iso(a.deadline),
              a.recipient_count, json.dumps(a.documents_snapshot, ensure_ascii=False),
              json.dumps(a.excluded, ensure_ascii=False)] for a in announcements)),
        "notices/notices.csv": _csv(
            ["notice_id", "announcement_id", "announcement_kind", "stakeholder_id",
             "stakeholder", "channel", "address", "state", "attempts", "queued_at_utc",
             "sent_at_utc", "read_at_utc", "last_error"],
            ([n.pk, n.announcement_id, n.announcement.kind, n.stakeholder_id,
              n.stakeholder.name if n.stakeholder_id else f"user {n.user}", n.channel,
              n.address, n.state, n.attempts,
              _iso(n.queued_at), _iso(n.sent_at), _iso(n.read_at),
              getattr(n, "last_error", "")] for n in notices)),
        "notices/delivery_attempts.csv": _csv(
            attempt_fields,
            ([_iso(v) if isinstance(v, dt.datetime) else v
              for v in (getattr(a, f) for f in attempt_fields)] for a in attempts)),
        "notices/equal_access.csv": as_csv(equal_access(consultation)).encode("utf-8"),
    }


def _comment_files(consultation) -> dict[str, bytes]:
    from liaison.consultations.forms_io import form_of
    from liaison.consultations.selectors import submitted_comments

    comments = list(submitted_comments(consultation).select_related("author"))
    header = ["comment_id", "reference", "stakeholder_id", "stakeholder", "channel", "mb",
              "line", "clause", "element", "type", "comment", "proposed_change",
              "observation", "source_ref", "submitted_at_utc", "late", "version"]
    rows = ([c.pk, c.reference, c.author_id or "", c.author.name if c.author else "",
             c.channel, c.mb, c.line, c.clause, c.element, c.type, c.comment,
             c.proposed_change, c.observation, c.source_ref, _iso(c.submitted_at),
             "yes" if c.is_late else "no", c.version] for c in comments)
    return {"comments/comments.csv": _csv(header, rows),
            "comments/comments.docx": write_form(form_of(consultation, comments), "docx")}


def _consensus_files(consultation) -> dict[str, bytes]:
    if _model("consensus.Draft") is None:
        return {}
    from liaison.consensus.evaluation import evaluate_consultation
    from liaison.consensus.export import filename as submission_filename
    from liaison.consensus.models import (
        Analysis,
        Disposition,
        Draft,
        Override,
        Position,
        Submission,
    )

    files: dict[str, bytes] = {}
    analysis = Analysis.objects.filter(consultation=consultation).first()
    if analysis is not None:
        files["analysis/analysis.json"] = _json({
            "computed_at": _iso(analysis.computed_at), "fingerprint": analysis.fingerprint,
            "n_comments": analysis.n_comments, "clusters": analysis.clusters,
            "contradictions": analysis.contradictions})
    drafts = list(Draft.objects.filter(consultation=consultation).order_by("order", "number")
                  .prefetch_related("sources"))
    files["positions/drafts.csv"] = _csv(
        ["draft_id", "reference", "status", "merged_into", "order", "version", "clause",
         "type", "comment", "proposed_change", "source_comment_ids", "withdrawn_reason"],
        ([d.pk, d.reference, d.status, d.merged_into_id or "", d.order, d.version, d.clause,
          d.type, d.comment, d.proposed_change,
          " ".join(str(s.pk) for s in d.sources.all()), d.withdrawn_reason] for d in drafts))
    overrides = (Override.objects.filter(consultation=consultation).select_related("draft")
                 .order_by("at", "pk"))
    files["verdict/overrides.csv"] = _csv(
        ["override_id", "draft_id", "draft", "draft_version", "in_force", "reason",
         "overridden_verdict", "by", "at_utc"],
        ([o.pk, o.draft_id, o.draft.reference, o.draft_version,
          "yes" if o.in_force else "no (the draft changed since)", o.reason,
          "; ".join(o.verdict.get("reasons", [])), o.by_id or "", _iso(o.at)]
         for o in overrides))
    positions = (Position.objects.filter(consultation=consultation)
                 .select_related("draft", "user", "stakeholder").order_by("draft__order",
                                                                          "draft__number", "pk"))
    files["positions/positions.csv"] = _csv(
        ["position_id", "draft_id", "draft", "user", "stakeholder_id", "stakeholder", "value",
         "position", "argument", "draft_version", "needs_review", "stated_at_utc"],
        ([p.pk, p.draft_id, p.draft.reference, p.user.get_username(), p.stakeholder_id or "",
          p.stakeholder.name if p.stakeholder else "", p.value, p.get_value_display(),
          p.argument, p.draft_version, "yes" if p.needs_review else "no", _iso(p.stated_at)]
         for p in positions))
    dispositions = (Disposition.objects.filter(consultation=consultation)
                    .select_related("comment", "draft").order_by("comment__number"))
    files["dispositions/dispositions.csv"] = _csv(
        ["comment_id", "comment", "disposition", "consensus_comment", "reason", "decided_by",
         "decided_at_utc"],
        ([d.comment_id, d.comment.reference, d.kind, d.draft.reference if d.draft else "",
          d.reason, d.decided_by_id or "", _iso(d.decided_at)] for d in dispositions))

    verdict = evaluate_consultation(consultation)
    recorded = [{"seq": e.seq, "at": _iso(e.at), "verb": e.verb, "data": e.data}
                for e in AuditEvent.objects.filter(
                    object_type="consultations.consultation", object_id=str(consultation.pk),
                    verb__in=["consensus.finalize", "consensus.submit"]).order_by("seq")]
    files["verdict/evaluation.json"] = _json({
        "evaluated_at": _iso(timezone.now()), "rule": verdict.rule.as_dict(),
        "consensus": verdict.consensus, "reasons": verdict.reasons,
        "participants": verdict.participants, "categories": list(verdict.categories),
        "awaiting_review": verdict.awaiting_review,
        "drafts": [{"draft_id": d.draft_id, "blocking_objections": d.blocking_objections,
                    **d.verdict.as_dict()} for d in verdict.drafts],
        "recorded_verdicts": recorded})

    submissions = list(Submission.objects.filter(consultation=consultation)
                       .order_by("submitted_at", "pk"))
    listing = []
    for s in submissions:
        entry = {"submission_id": s.pk, "submitted_at": _iso(s.submitted_at),
                 "submitted_by": s.submitted_by_id, "rule_version": s.rule_version,
                 "verdict": s.verdict, "n_drafts": s.n_drafts, "files": {}}
        for fmt, blob, digest in (("docx", s.docx, s.docx_sha256),
                                  ("xlsx", s.xlsx, s.xlsx_sha256)):
            name = submission_filename(consultation, fmt)
            path = f"submission/{s.pk}/{name}"
            files[path] = bytes(blob)
            entry["files"][fmt] = {"path": path, "stored_sha256": digest,
                                   "matches": core.sha256(bytes(blob)) == digest}
        listing.append(entry)
    if listing:
        files["submission/submissions.json"] = _json(listing)
    return files


def _process_files(consultation) -> dict[str, bytes]:
    try:
        from liaison.process.export import filename, to_docx
        from liaison.process.selectors import process_of_consultation
    except ImportError:
        return {}
    version = process_of_consultation(consultation)
    if version is None:
        return {}
    fields = {f.name: getattr(version, f.attname) for f in version._meta.concrete_fields}
    fields["liaison_org"] = version.liaison_org.name
    return {f"process/{filename(version, 'docx')}": to_docx(version),
            f"process/{filename(version, 'json')}": _json(
                {k: (_iso(v) if isinstance(v, dt.datetime | dt.date) else v)
                 for k, v in fields.items()})}


def _appeal_files(consultation, keys) -> dict[str, bytes]:
    found = _appeals_about(consultation, keys)
    if not found:
        return {}
    rows = []
    for item in found:
        kind = item._meta.model_name
        rows.append([kind, item.pk, item.subject_label, item.state,
                     getattr(item, "outcome", ""), _iso(getattr(item, "filed_at", None)
                                                        or getattr(item, "opened_at", None)),
                     _iso(getattr(item, "decided_at", None) or getattr(item, "closed_at", None)),
                     getattr(item, "reasons", "") or getattr(item, "resolution", "")])
    return {"appeals/appeals.csv": _csv(
        ["kind", "id", "about", "state", "outcome", "filed_at_utc", "decided_at_utc",
         "reasons"], rows)}


def _process_check_files(consultation, keys) -> dict[str, bytes]:
    from liaison.audit.process_check import process_check

    report = process_check(consultation, keys)
    return {"process-check.json": _json(report.as_dict()),
            "process-check.md": (report.text() + "\n").encode("utf-8")}


DESCRIPTIONS = {
    "consultation.json": "the consultation, its project and declared groups",
    "notices/announcements.csv": "announcements of the consultation",
    "notices/notices.csv": "every notice: recipient, channel, state, times (UTC)",
    "notices/delivery_attempts.csv": "every e-mail delivery attempt",
    "notices/equal_access.csv": "the equal-access report",
    "comments/comments.csv": "submitted comments (ISO columns and source)",
    "comments/comments.docx": "submitted comments as the ISO comment template",
    "analysis/analysis.json": "stored redundancy clusters and contradictions",
    "positions/drafts.csv": "draft consensus comments",
    "positions/positions.csv": "positions on the drafts",
    "verdict/evaluation.json": "verdict under the rule in force, and recorded verdicts",
    "verdict/overrides.csv": "drafts submitted without consensus, each with its reason",
    "dispositions/dispositions.csv": "dispositions of the input comments",
    "submission/submissions.json": "submissions with their stored SHA-256",
    "appeals/appeals.csv": "appeals and disputes about the consultation's records",
    "process-check.json": "the process check, principle by principle (JSON)",
    "process-check.md": "the process check, principle by principle (readable)",
    core.CHAIN_FILE: "every audit event from seq 1 to the head, hash-chained",
}


def _describe(path: str) -> str:
    if path in DESCRIPTIONS:
        return DESCRIPTIONS[path]
    if path.startswith("submission/"):
        return "file as submitted to ISO"
    if path.startswith("process/"):
        return "published process version governing the consultation"
    return ""


# --- the service --------------------------------------------------------------------------

def _refresh_analysis(actor, consultation) -> None:
    """Bring the stored analysis up to date with the comments (recorded as
    ``consensus.analyse`` when it had to be computed), so the pack carries the current one."""
    if _model("consensus.Analysis") is None or consultation.kind != "comments":
        return
    if not consultation.comments.filter(status="submitted").exists():
        return
    from liaison.consensus.services import analysis_refresh

    analysis_refresh(actor=actor, consultation=consultation)


def _record_manifest(actor, consultation, files: dict[str, bytes], count: int) -> AuditEvent:
    """Record ``evidence.pack`` with every file's SHA-256 (all but the chain file, which
    holds this very event): the manifest is then part of the audit chain."""
    return audit_record(
        actor=actor, verb="evidence.pack", target=consultation,
        liaison_org=consultation.liaison_org,
        summary=f"evidence pack of “{consultation}” generated ({len(files) + 3} files, "
                f"chain head #{count + 1})",
        data={"consultation": consultation.pk, "chain_count": count + 1,
              "files": {path: core.sha256(data) for path, data in sorted(files.items())}})


def _chain_file(count: int, keys: set[tuple[str, str]], pk: str) -> tuple[bytes, list[int]]:
    """``audit/events.jsonl`` from seq 1 to ``count``, and the seqs concerning the
    consultation."""
    lines: list[str] = []
    marked: list[int] = []
    last = 0
    while last < count:
        chunk = list(AuditEvent.objects.filter(seq__gt=last, seq__lte=count).order_by("seq")
                     [:2000])
        if not chunk:
            break
        for event in chunk:
            concerns = _concerns(event, keys, pk)
            if concerns:
                marked.append(event.seq)
            lines.append(core.event_line(event.seq, event.prev_hash, event.hash,
                                         event.payload(), concerns))
        last = chunk[-1].seq
    return "".join(lines).encode("utf-8"), marked


@transaction.atomic
def evidence_pack_create(*, actor, consultation) -> Pack:
    """Build the pack, record its manifest as ``evidence.pack`` (every file's SHA-256) and
    sign the manifest with the organization's signing key (:mod:`liaison.audit.keys`). The
    chain is locked while the events are read, so the head in the manifest is exactly the
    ``evidence.pack`` event, the last one in the pack."""
    _refresh_analysis(actor, consultation)
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    count = head.count if head else 0
    generated_at = timezone.now().replace(microsecond=0)

    keys = related_objects(consultation)
    files: dict[str, bytes] = {"consultation.json": _consultation_json(consultation)}
    files.update(_notice_files(consultation))
    files.update(_comment_files(consultation))
    files.update(_consensus_files(consultation))
    files.update(_process_files(consultation))
    files.update(_appeal_files(consultation, keys))
    files.update(_process_check_files(consultation, keys))

    event = _record_manifest(actor, consultation, files, count)
    count, last_hash = event.seq, event.hash
    files[core.CHAIN_FILE], marked = _chain_file(count, keys, str(consultation.pk))

    manifest = {
        "format": core.FORMAT,
        "liaison_version": liaison_version(),
        "generated_at": _iso(generated_at),
        "generated_by": actor.get_username() if actor is not None else "system",
        "organization": consultation.liaison_org.name,
        "consultation": {"id": consultation.pk, "title": consultation.title,
                         "project": consultation.project.reference},
        "chain": {"file": core.CHAIN_FILE, "count": count, "head": last_hash,
                  "consultation_events": marked, "pack_event": event.seq,
                  "note": "every event from seq 1 to the head, the last one recording this "
                          "manifest's file hashes; verify with `liaison audit verify --pack "
                          "FILE --key PUBLISHED_KEY` and compare the head with a published "
                          "one (--expect-head)"},
        "signature": {"file": core.SIGNATURE, "alg": signing.ALG,
                      "key_id": signing.key_id_of(signing.public_raw(signing_key())),
                      "published_keys": f"{settings.LIAISON_BASE_URL.rstrip('/')}"
                                        "/.well-known/liaison-signing-key"},
        "files": [{"path": path, "sha256": core.sha256(data), "bytes": len(data),
                   "description": _describe(path)} for path, data in sorted(files.items())],
    }
    manifest_bytes = _json(manifest)
    signature = _json(signing.sign(signing_key(), manifest_bytes))
    buffer = io.BytesIO()
    stamp = generated_at.astimezone(dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in [(core.MANIFEST, manifest_bytes), (core.SIGNATURE, signature),
                           *sorted(files.items())]:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    data = buffer.getvalue()
    return Pack(data=data, filename=pack_filename(consultation, generated_at),
                manifest=manifest, event=event)
