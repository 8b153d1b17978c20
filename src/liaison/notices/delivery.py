"""Delivering e-mail notices: claim, send over one SMTP connection, record — once.

Rules:
- **claim first**: a notice is taken with one conditional ``UPDATE … WHERE state IN (queued,
  failed) AND next_attempt_at <= now`` that stamps a fresh claim token; only rows carrying that
  token are sent. Two workers can never both claim a notice (the UPDATE is atomic on SQLite and
  PostgreSQL alike);
- **a receipt per message**: the instant the SMTP server answers ``250`` for a message, its
  notice gets ``sent_at`` in a one-row commit of its own (``UPDATE … SET sent_at WHERE id AND
  claim``; the state is still ``sending``), before the next message's content is written. It
  is a progress note inside the claim, not yet the state change: that is recorded once per
  batch (and before any failure) — one transaction that moves the receipted notices to
  ``sent``, logs their :class:`DeliveryAttempt` and records one ``notice.sent`` audit event per
  announcement listing each notice with its Message-ID and the instant the server accepted it;
- **recovery is exact**: a claim whose worker died is taken again — at once when that worker
  ran on this machine (:mod:`liaison.notices.processes`: its process is gone), else once the
  claim is older than :data:`LEASE` (a sending worker renews it every :data:`HEARTBEAT`; one
  that finds its claim taken stops) — but
  a notice of it that carries a receipt is *recorded* as sent (``notice.sent`` with
  ``recovered``), never mailed again; only notices without a receipt are sent. The one window
  left is a crash between the server's ``250`` and the receipt's commit (SMTP has no
  two-phase commit): at most the one message in flight is sent twice, with the same Message-ID
  (``<notice-ID@host>``) so receivers can drop it;
- **kinds may listen**: an announcement kind registered in :mod:`liaison.notices.kinds` is
  told in the same transaction when its notices were accepted or failed for good (an
  invitation records ``invitation.emailed`` / ``invitation.mail_failed`` so);
- **a failure keeps the notice**: a temporary failure (server down, connection lost, 4xx) sets
  ``failed`` with the reason and a ``next_attempt_at`` (back-off 1, 2, 5, 15, 30, 60 min …); a
  permanent one (address refused with 5xx, an invalid address, consent withdrawn since the
  announcement) sets ``failed`` with no next attempt;
- **speed**: every message of a batch is composed before the first is sent (a fault of ours
  then releases the whole claim without sending anything), copied from one prototype per
  (announcement, language, time zone); with a server offering PIPELINING each message costs
  one round trip (:mod:`liaison.notices.pipelining`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import smtplib
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from liaison.audit.services import audit_record
from liaison.notices import kinds, processes
from liaison.notices.mail import Composer, message_id
from liaison.notices.models import Announcement, DeliveryAttempt, Notice
from liaison.notices.pipelining import Envelope, Pipeline

LEASE = dt.timedelta(minutes=2)
HEARTBEAT = dt.timedelta(seconds=30)  # a sending worker renews its claim this often
BACKOFF_MINUTES = (1, 2, 5, 15, 30, 60)
BATCH_SIZE = 200
RECORDED_BY = "recovered"  # DeliveryAttempt.worker of a receipt recorded after a crash


@dataclass
class Outcome:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    recovered: int = 0
    error: str = ""


class Permanent(Exception):
    """A failure retrying will not cure."""


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def dead_claims() -> list[str]:
    """The claims of e-mail notices held by a process of this machine that no longer runs."""
    held = (Notice.objects.filter(channel=Notice.Channel.EMAIL, state=Notice.State.SENDING)
            .exclude(claimed_by="").order_by().values_list("claim", "claimed_by").distinct())
    return [claim for claim, holder in held if processes.is_dead(holder)]


def stale(now: dt.datetime, dead: list[str] | None = None) -> Q:
    """Claims to take again: their worker died (``dead``, by default :func:`dead_claims`) or
    they are older than :data:`LEASE`."""
    dead = dead_claims() if dead is None else dead
    return Q(state=Notice.State.SENDING) & (Q(claimed_at__lt=now - LEASE) | Q(claim__in=dead))


def due(now: dt.datetime, *, force: bool = False, dead: list[str] | None = None
        ) -> QuerySet[Notice]:
    """E-mail notices that may be sent now: queued or temporarily failed and due (any time when
    ``force``), or :func:`stale` claims."""
    waiting = Q(state__in=[Notice.State.QUEUED, Notice.State.FAILED],
                next_attempt_at__isnull=False)
    if not force:
        waiting &= Q(next_attempt_at__lte=now)
    return Notice.objects.filter(channel=Notice.Channel.EMAIL).filter(
        waiting | stale(now, dead))


INTERRUPTED = ("its worker stopped while this message was in flight: the mail server may have "
               "accepted it; sent again with the same Message-ID")


def _note_interrupted(ids: list[int], *, now: dt.datetime, dead: list[str]) -> None:
    """Log an attempt of unknown outcome for the message each dead claim had in flight.

    A worker sends its claim in ``pk`` order and writes a receipt after each ``250``, so the
    first notice of a dead claim without a receipt is the only one whose content may have
    reached the server (or none was: the worker died before sending). Logged once, when that
    notice is taken again (it is among ``ids``)."""
    claims = (Notice.objects.filter(stale(now, dead), pk__in=ids, channel=Notice.Channel.EMAIL,
                                    sent_at__isnull=True)
              .order_by().values_list("claim", flat=True).distinct())
    for gone in claims:
        first = (Notice.objects.filter(claim=gone, state=Notice.State.SENDING,
                                       sent_at__isnull=True)
                 .order_by("pk").values_list("pk", "claimed_at").first())
        if first and first[0] in ids:
            DeliveryAttempt.objects.create(notice_id=first[0], at=first[1], ok=False,
                                           error=INTERRUPTED, worker="interrupted")


_SENDING_FIELDS = ("announcement_id", "stakeholder_id", "user_id", "address", "state",
                   "attempts", "claim",
                   "claimed_at", "claimed_by", "sent_at", "stakeholder__consent_to_contact",
                   "stakeholder__language", "stakeholder__time_zone")


def claim(ids: list[int], *, now: dt.datetime, force: bool = False,
          dead: list[str] | None = None) -> list[Notice]:
    """Take the due notices among ``ids``; return those this call now owns (stale claims whose
    message the server already accepted are recorded by :func:`recover`, not taken)."""
    token = uuid.uuid4().hex
    dead = dead_claims() if dead is None else dead
    with transaction.atomic():
        _note_interrupted(ids, now=now, dead=dead)
        due(now, force=force, dead=dead).filter(pk__in=ids, sent_at__isnull=True).update(
            state=Notice.State.SENDING, claim=token, claimed_at=now,
            claimed_by=processes.identity(), attempts=F("attempts") + 1)
    notices = list(Notice.objects.filter(claim=token, state=Notice.State.SENDING)
                   .select_related("stakeholder").only(*_SENDING_FIELDS).order_by("pk"))
    # A batch usually holds one announcement: load each once, not once per notice.
    announcements = Announcement.objects.select_related(
        "project", "consultation", "liaison_org").in_bulk(
        {n.announcement_id for n in notices})
    for notice in notices:
        notice.announcement = announcements[notice.announcement_id]
    return notices


def _by_announcement(notices: list[Notice]) -> dict[int, list[Notice]]:
    groups: dict[int, list[Notice]] = {}
    for notice in notices:
        groups.setdefault(notice.announcement_id, []).append(notice)
    return groups


def _record_sent(rows: list[Notice], *, worker: str, recovered: bool = False) -> None:
    """Inside a transaction: move receipted notices to ``sent``, log their attempts and record
    one ``notice.sent`` event per announcement."""
    if not rows:
        return
    Notice.objects.filter(pk__in=[n.pk for n in rows]).update(
        state=Notice.State.SENT, last_error="", next_attempt_at=None)
    DeliveryAttempt.objects.bulk_create(
        [DeliveryAttempt(notice_id=n.pk, at=n.sent_at, ok=True, worker=worker) for n in rows])
    for group in _by_announcement(rows).values():
        announcement = group[0].announcement
        summary = (f"{len(group)} e-mail notice(s) of “{announcement.subject}” accepted by "
                   "the mail server")
        if recovered:
            summary += " before their worker stopped; recorded now, not sent again"
        audit_record(
            actor=None, verb="notice.sent", target=announcement,
            liaison_org=announcement.liaison_org, summary=summary,
            data={"recovered": recovered, "notices": [
                {"notice": n.pk, "stakeholder": n.stakeholder_id, "user": n.user_id,
                 "address": n.address,
                 "message_id": message_id(n.pk), "attempt": n.attempts,
                 "sent_at": n.sent_at} for n in group]})
        hook = kinds.ON_SENT.get(announcement.kind)
        if hook is not None:
            hook(announcement, group)


def recover(ids: list[int], *, now: dt.datetime, dead: list[str] | None = None) -> int:
    """Record as sent the stale claims among ``ids`` whose message the server accepted (they
    carry a receipt) before their worker died; return how many."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        taken = Notice.objects.filter(
            stale(now, dead), pk__in=ids, channel=Notice.Channel.EMAIL, sent_at__isnull=False,
        ).update(claim=token, claimed_at=now, claimed_by=processes.identity())
        if not taken:
            return 0
        rows = list(Notice.objects.filter(claim=token, state=Notice.State.SENDING)
                    .select_related("announcement__liaison_org").order_by("pk"))
        _record_sent(rows, worker=RECORDED_BY, recovered=True)
    return len(rows)


def _receipt_sql(conn) -> str:
    table = conn.ops.quote_name(Notice._meta.db_table)
    return (f"UPDATE {table} SET sent_at = %s WHERE id = %s AND claim = %s AND state = %s "
            "AND sent_at IS NULL")


class _SentLog:
    """The receipts of one claim: each written and committed the moment the server accepted
    its message (:meth:`add`); recorded as ``sent`` by :meth:`flush` (at the end of the batch
    and before any failure is recorded)."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self.pending: list[Notice] = []
        self.recorded = 0
        self.conn = connections[Notice.objects.db]
        self.sql = _receipt_sql(self.conn)

    def add(self, notice: Notice) -> bool:
        """Write ``notice``'s receipt; False when the claim is no longer ours (another worker
        took it, judging this one dead)."""
        at = timezone.now()
        params = (self.conn.ops.adapt_datetimefield_value(at), notice.pk, notice.claim,
                  Notice.State.SENDING)
        with transaction.atomic(using=self.conn.alias), self.conn.cursor() as cursor:
            if self.conn.vendor == "postgresql":
                # Survives the worker being killed (the server has it); only a crash of
                # PostgreSQL itself in the next few hundred ms could lose it (→ resent).
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(self.sql, params)
            held = cursor.rowcount == 1
        if held:
            notice.sent_at = at
            self.pending.append(notice)
        return held

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        with transaction.atomic():
            # of=self, no ordering: Notice's default order joins the (nullable) stakeholder,
            # and PostgreSQL locks no row on the nullable side of an outer join
            ours = set(Notice.objects.select_for_update(of=("self",)).order_by().filter(
                pk__in=[n.pk for n in pending], state=Notice.State.SENDING,
                claim=pending[0].claim).values_list("pk", flat=True))
            rows = [n for n in pending if n.pk in ours]
            _record_sent(rows, worker=self.worker)
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
        if permanent:
            for group in _by_announcement(notices).values():
                hook = kinds.ON_FAILED.get(group[0].announcement.kind)
                if hook is not None:
                    hook(group[0].announcement, group, error)


class _Heartbeat:
    """Renews a claim (``claimed_at`` = now) every :data:`HEARTBEAT` while its batch is sent,
    so that only a worker silent for a whole :data:`LEASE` is judged dead."""

    def __init__(self, claim: str) -> None:
        self.claim = claim
        self.last = time.monotonic()

    def beat(self) -> bool:
        """Renew if due; False when the claim is no longer ours."""
        if time.monotonic() - self.last < HEARTBEAT.total_seconds():
            return True
        self.last = time.monotonic()
        return Notice.objects.filter(claim=self.claim, state=Notice.State.SENDING).update(
            claimed_at=timezone.now()) > 0


TAKEN_OVER = "the claim was taken by another worker (this one was judged dead): stopped"


def _release(notices: list[Notice], *, worker: str) -> int:
    """Give back, for a retry, those of ``notices`` whose claim is still ours; how many."""
    if not notices:
        return 0
    ours = set(Notice.objects.filter(pk__in=[n.pk for n in notices], claim=notices[0].claim,
                                     state=Notice.State.SENDING).values_list("pk", flat=True))
    _record_failed([n for n in notices if n.pk in ours], TAKEN_OVER, permanent=False,
                   worker=worker)
    return len(ours)


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


_ATOM = r"[A-Za-z0-9_%+\-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def _envelope_address(mailer, address: str) -> str:
    """What the SMTP backend's ``prep_address`` returns, without parsing a plain ASCII
    ``local@domain`` address (the common case: returned as is)."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return mailer.prep_address(address)


def _prepare(notices: list[Notice], mailer, *, worker: str
             ) -> tuple[list[tuple[Notice, object]], list[tuple[Notice, Exception]]]:
    """Compose every message of the batch (an :class:`Envelope` for Django's SMTP backend, the
    e-mail object for any other backend); notices that cannot be sent come back apart."""
    composer = Composer()
    smtp = isinstance(getattr(mailer, "connection", None), smtplib.SMTP)
    sender = mailer.prep_address(settings.DEFAULT_FROM_EMAIL) if smtp else ""
    ready: list[tuple[Notice, object]] = []
    refused: list[tuple[Notice, Exception]] = []
    for notice in notices:
        try:
            if (notice.announcement.kind != Announcement.Kind.STEP
                    and not notice.stakeholder.consent_to_contact):
                raise Permanent("consent to be contacted withdrawn: not sent")
            if smtp:
                item = Envelope(sender, _envelope_address(mailer, notice.address),
                                composer.raw(notice))
            else:
                item = composer.message(notice)
        except (Permanent, ValueError) as exc:
            refused.append((notice, exc))
            continue
        except Exception as exc:
            # A fault of ours (not the mail server's), before anything was sent: release the
            # claims, then fail loudly so the task shows it.
            _record_failed(notices, _describe(exc), permanent=False, worker=worker)
            raise
        ready.append((notice, item))
    return ready, refused


def deliver(ids: list[int], *, worker: str = "", force: bool = False) -> Outcome:
    """Claim the due notices among ``ids`` and send them over one SMTP connection."""
    now = timezone.now()
    dead = dead_claims()
    outcome = Outcome(recovered=recover(ids, now=now, dead=dead))
    notices = claim(ids, now=now, force=force, dead=dead)
    outcome.claimed = len(notices)
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
    sent = _SentLog(worker)
    heartbeat = _Heartbeat(notices[0].claim)
    pipeline = None
    try:
        ready, refused = _prepare(notices, mailer, worker=worker)
        for notice, exc in refused:
            _record_failed([notice], _describe(exc), permanent=True, worker=worker)
        outcome.failed += len(refused)
        if ready and isinstance(ready[0][1], Envelope):
            pipeline = Pipeline(mailer.connection)
        for index, (notice, item) in enumerate(ready):
            try:
                if pipeline is not None:
                    following = ready[index + 1][1] if index + 1 < len(ready) else None
                    pipeline.send(item, following)
                else:
                    mailer.send_messages([item])
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                sent.flush()
                if _is_permanent(exc):
                    _record_failed([notice], _describe(exc), permanent=True, worker=worker)
                    outcome.failed += 1
                    continue
                # The connection is gone: this notice and the rest wait for a retry.
                outcome.error = _describe(exc)
                rest = [n for n, _item in ready[index:]]
                _record_failed(rest, outcome.error, permanent=False, worker=worker)
                outcome.failed += len(rest)
                break
            except Exception as exc:
                # A fault of ours: release this claim and the rest, then fail loudly.
                sent.flush()
                _record_failed([n for n, _item in ready[index:]], _describe(exc),
                               permanent=False, worker=worker)
                raise
            if not sent.add(notice) or not heartbeat.beat():
                # Another worker holds the claim now: sending on would send its notices twice.
                outcome.error = TAKEN_OVER
                outcome.failed += _release([n for n, _item in ready[index + 1:]],
                                           worker=worker)
                break
        sent.flush()
    finally:
        if pipeline is not None and not pipeline.clean:
            pipeline.abandon()  # no QUIT: it would end an announced message
            mailer.connection = None
        with contextlib.suppress(OSError, smtplib.SMTPException):
            mailer.close()
    outcome.sent = sent.recorded
    return outcome


def due_ids(*, now: dt.datetime | None = None, force: bool = False,
            limit: int | None = None) -> list[int]:
    qs = due(now or timezone.now(), force=force).order_by("pk").values_list("pk", flat=True)
    return list(qs[:limit] if limit else qs)


def next_due_at() -> dt.datetime | None:
    """When the next temporarily failed (or claimed) notice becomes due, if any (now, for the
    claims of a dead worker)."""
    if dead_claims():
        return timezone.now()
    pending = Notice.objects.filter(channel=Notice.Channel.EMAIL)
    first = (pending.filter(state__in=[Notice.State.QUEUED, Notice.State.FAILED],
                            next_attempt_at__isnull=False)
             .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    claimed = (pending.filter(state=Notice.State.SENDING).order_by("claimed_at")
               .values_list("claimed_at", flat=True).first())
    options = [t for t in (first, claimed + LEASE if claimed else None) if t]
    return min(options) if options else None
