"""Delivering e-mail notices: claim, send over one SMTP connection, record — once.

Rules:
- **claim first**: a notice is taken with one conditional ``UPDATE … WHERE state IN (queued,
  failed) AND next_attempt_at <= now`` that stamps a fresh claim token; only rows carrying that
  token are sent. Two workers can never both claim a notice (the UPDATE is atomic on SQLite and
  PostgreSQL alike);
- **mark sent with the success**: once the SMTP server has accepted a message, one
  transaction marks the notice sent (only if it still carries our claim), writes its
  :class:`DeliveryAttempt` and records it in a ``notice.sent`` audit event. Successes are
  recorded in groups of :data:`RECORD_EVERY` (and before any failure, and at the end of the
  batch) — one transaction and one audit event per group, which is what lets one worker
  deliver hundreds of messages a second;
- **a failure keeps the notice**: a temporary failure (server down, connection lost, 4xx) sets
  ``failed`` with the reason and a ``next_attempt_at`` (back-off 1, 2, 5, 15, 30, 60 min …); a
  permanent one (address refused with 5xx, consent withdrawn since the announcement) sets
  ``failed`` with no next attempt;
- a claim older than :data:`LEASE` (a worker died mid-batch) is taken again: the one window in
  which a message could go out twice is a crash between the server's acceptance and the commit
  of its group (at most :data:`RECORD_EVERY` messages); the Message-ID (``<notice-ID@host>``,
  the same on every attempt) lets receivers drop such a duplicate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import uuid
from dataclasses import dataclass

from django.core.mail import mailers
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from liaison.audit.services import audit_record
from liaison.notices.mail import Composer, message_id
from liaison.notices.models import DeliveryAttempt, Notice

LEASE = dt.timedelta(minutes=10)
BACKOFF_MINUTES = (1, 2, 5, 15, 30, 60)
BATCH_SIZE = 200
RECORD_EVERY = 20


@dataclass
class Outcome:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    error: str = ""


class Permanent(Exception):
    """A failure retrying will not cure."""


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def due(now: dt.datetime, *, force: bool = False) -> QuerySet[Notice]:
    """E-mail notices that may be sent now: queued or temporarily failed and due (any time when
    ``force``), or claimed longer than :data:`LEASE` ago."""
    waiting = Q(state__in=[Notice.State.QUEUED, Notice.State.FAILED],
                next_attempt_at__isnull=False)
    if not force:
        waiting &= Q(next_attempt_at__lte=now)
    stale = Q(state=Notice.State.SENDING, claimed_at__lt=now - LEASE)
    return Notice.objects.filter(channel=Notice.Channel.EMAIL).filter(waiting | stale)


def claim(ids: list[int], *, now: dt.datetime, force: bool = False) -> list[Notice]:
    """Take the due notices among ``ids``; return those this call now owns."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        due(now, force=force).filter(pk__in=ids).update(
            state=Notice.State.SENDING, claim=token, claimed_at=now,
            attempts=F("attempts") + 1)
    return list(Notice.objects.filter(claim=token, state=Notice.State.SENDING)
                .select_related("stakeholder", "announcement__project",
                                "announcement__consultation", "announcement__liaison_org")
                .order_by("pk"))


def _mark_sent(rows: list[Notice]) -> None:
    """One UPDATE per notice, sent as a single batch (``executemany``): much cheaper than
    ``bulk_update``'s CASE expressions for hundreds of rows a second."""
    if not rows:
        return
    conn = connections[Notice.objects.db]
    table = conn.ops.quote_name(Notice._meta.db_table)
    sql = (f"UPDATE {table} SET state = %s, sent_at = %s, last_error = '', "
           "next_attempt_at = NULL WHERE id = %s AND claim = %s AND state = %s")
    params = [(Notice.State.SENT, conn.ops.adapt_datetimefield_value(n.sent_at), n.pk,
               n.claim, Notice.State.SENDING) for n in rows]
    with conn.cursor() as cursor:
        cursor.executemany(sql, params)


class _SentLog:
    """Successes waiting to be recorded: flushed every :data:`RECORD_EVERY` messages (and
    before any failure is recorded, and at the end of the batch), in one transaction that
    marks the notices sent, logs their attempts and records one ``notice.sent`` audit event
    per announcement listing each notice with the instant the server accepted it."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self.pending: list[tuple[Notice, dt.datetime]] = []
        self.recorded = 0

    def add(self, notice: Notice) -> None:
        self.pending.append((notice, timezone.now()))
        if len(self.pending) >= RECORD_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        with transaction.atomic():
            ours = set(Notice.objects.filter(
                pk__in=[n.pk for n, _at in pending], state=Notice.State.SENDING,
                claim=pending[0][0].claim).values_list("pk", flat=True))
            rows = []
            for notice, at in pending:
                if notice.pk in ours:
                    notice.state, notice.sent_at = Notice.State.SENT, at
                    notice.last_error, notice.next_attempt_at = "", None
                    rows.append(notice)
            _mark_sent(rows)
            DeliveryAttempt.objects.bulk_create(
                [DeliveryAttempt(notice_id=n.pk, at=at, ok=True, worker=self.worker)
                 for n, at in pending])
            by_announcement: dict[int, list[Notice]] = {}
            for notice in rows:
                by_announcement.setdefault(notice.announcement_id, []).append(notice)
            for group in by_announcement.values():
                announcement = group[0].announcement
                audit_record(
                    actor=None, verb="notice.sent", target=announcement,
                    liaison_org=announcement.liaison_org,
                    summary=f"{len(group)} e-mail notice(s) of “{announcement.subject}” "
                            "accepted by the mail server",
                    data={"notices": [
                        {"notice": n.pk, "stakeholder": n.stakeholder_id, "address": n.address,
                         "message_id": message_id(n.pk), "attempt": n.attempts,
                         "sent_at": n.sent_at} for n in group]})
        self.recorded += len(rows)


def _record_failed(notices: list[Notice], error: str, *, permanent: bool, worker: str) -> None:
    if not notices:
        return
    now = timezone.now()
    with transaction.atomic():
        for notice in notices:
            Notice.objects.filter(pk=notice.pk, claim=notice.claim,
                                  state=Notice.State.SENDING).update(
                state=Notice.State.FAILED, last_error=error[:2000],
                next_attempt_at=None if permanent else now + backoff(notice.attempts))
        DeliveryAttempt.objects.bulk_create(
            [DeliveryAttempt(notice_id=n.pk, at=now, ok=False, error=error[:2000],
                             worker=worker) for n in notices])
        audit_record(
            actor=None, verb="notice.delivery_failed", target=notices[0].announcement,
            liaison_org=notices[0].announcement.liaison_org,
            summary=f"{len(notices)} e-mail notice(s) not delivered"
                    f"{'' if permanent else ', will be retried'}: {error[:200]}",
            data={"notices": [n.pk for n in notices], "error": error[:500],
                  "permanent": permanent})


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"


def _is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, ValueError | Permanent):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def deliver(ids: list[int], *, worker: str = "", force: bool = False) -> Outcome:
    """Claim the due notices among ``ids`` and send them over one SMTP connection."""
    notices = claim(ids, now=timezone.now(), force=force)
    outcome = Outcome(claimed=len(notices))
    if not notices:
        return outcome
    mailer = mailers.default
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException) as exc:
        outcome.error = _describe(exc)
        _record_failed(notices, outcome.error, permanent=False, worker=worker)
        outcome.failed = len(notices)
        return outcome
    composer = Composer()
    sent = _SentLog(worker)
    try:
        for index, notice in enumerate(notices):
            try:
                if not notice.stakeholder.consent_to_contact:
                    raise Permanent("consent to be contacted withdrawn: not sent")
                mailer.send_messages([composer.message(notice)])
            except Exception as exc:
                sent.flush()
                if not isinstance(exc, OSError | smtplib.SMTPException | ValueError | Permanent):
                    # A fault of ours (not the mail server's): release the claims, then fail
                    # loudly so the task shows it.
                    _record_failed(notices[index:], _describe(exc), permanent=False,
                                   worker=worker)
                    raise
                if _is_permanent(exc):
                    _record_failed([notice], _describe(exc), permanent=True, worker=worker)
                    outcome.failed += 1
                    continue
                # The connection is gone: this notice and the rest wait for a retry.
                outcome.error = _describe(exc)
                rest = notices[index:]
                _record_failed(rest, outcome.error, permanent=False, worker=worker)
                outcome.failed += len(rest)
                break
            sent.add(notice)
        sent.flush()
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            mailer.close()
    outcome.sent = sent.recorded
    return outcome


def due_ids(*, now: dt.datetime | None = None, force: bool = False,
            limit: int | None = None) -> list[int]:
    qs = due(now or timezone.now(), force=force).order_by("pk").values_list("pk", flat=True)
    return list(qs[:limit] if limit else qs)


def next_due_at() -> dt.datetime | None:
    """When the next temporarily failed (or claimed) notice becomes due, if any."""
    pending = Notice.objects.filter(channel=Notice.Channel.EMAIL)
    first = (pending.filter(state__in=[Notice.State.QUEUED, Notice.State.FAILED],
                            next_attempt_at__isnull=False)
             .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    claimed = (pending.filter(state=Notice.State.SENDING).order_by("claimed_at")
               .values_list("claimed_at", flat=True).first())
    options = [t for t in (first, claimed + LEASE if claimed else None) if t]
    return min(options) if options else None
