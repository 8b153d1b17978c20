"""Background tasks (Django's Tasks API; ``liaison worker`` runs them).

- :func:`deliver_notices` sends one batch of e-mail notices over one SMTP connection;
- :func:`retry_due_notices` is the sweep: it sends every notice whose retry is due, then, while
  some are still waiting, enqueues itself again for the next due time — so a worker keeps
  retrying on its own until everything is out; before starting it enqueues its successor
  for one lease later, so a sweep whose worker was killed is followed all the same (the
  ``liaison notices retry`` command does one sweep by hand, for cron or after an outage);
- :func:`send_reminder` sends a consultation's reminder when it falls due;
- :func:`recover_dead_workers` (run by ``liaison worker`` as it starts) closes what workers of
  this machine left behind when they were killed.

Deferred runs (``run_after``) need a backend that supports them (django-tasks-db does); with
one that does not (the immediate backend in tests), nothing is scheduled ahead and the
``liaison notices retry`` / ``remind`` commands do the periodic part.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task
from django.utils import timezone

from liaison.notices import delivery

logger = logging.getLogger(__name__)


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


@task
def deliver_notices(notice_ids: list[int]) -> dict:
    outcome = delivery.deliver(list(notice_ids), worker="task")
    if outcome.failed:
        schedule_sweep(delivery.next_due_at())
    return {"claimed": outcome.claimed, "sent": outcome.sent, "failed": outcome.failed,
            "recovered": outcome.recovered, "error": outcome.error}


@task
def retry_due_notices() -> dict:
    # Should this sweep's worker die (its task row stays RUNNING, never run again), the next
    # one is already waiting: it looks again once the claims this sweep takes have expired.
    if delivery.next_due_at() is not None:
        schedule_sweep(timezone.now() + delivery.LEASE + dt.timedelta(seconds=5))
    totals = {"claimed": 0, "sent": 0, "failed": 0, "recovered": 0}
    for ids in _chunks(delivery.due_ids(), delivery.BATCH_SIZE):
        outcome = delivery.deliver(ids, worker="sweep")
        for key in totals:
            totals[key] += getattr(outcome, key)
        if outcome.error:  # the server is still down: stop here, try later
            break
    schedule_sweep(delivery.next_due_at())
    return totals


@task
def send_reminder(consultation_id: int) -> dict:
    from liaison.consultations.models import Consultation
    from liaison.notices.services import consultation_remind

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return {"sent": False}
    from liaison.notices.deadlines import reminder_due_at

    announcement = consultation_remind(consultation=consultation)
    due = reminder_due_at(consultation.deadline, consultation.reminder_days)
    if announcement is None and due is not None and due > timezone.now():
        schedule_reminder(consultation)  # the deadline moved later: look again then
    return {"sent": announcement is not None}


def _reminder_awaited(consultation) -> bool:
    from liaison.consultations.states import State
    from liaison.notices.models import Announcement

    return consultation.state == State.OPEN and not Announcement.objects.filter(
        consultation=consultation, deadline=consultation.deadline,
        kind=Announcement.Kind.REMINDER).exists()


RECOVERY_PRIORITY = 10  # above the default 0 of every other task


class WorkerDied(Exception):
    """The worker running a task stopped (killed, out of memory) before the task ended."""


def recover_dead_workers() -> tuple[int, int]:
    """Close what dead workers of this machine (:mod:`liaison.notices.processes`) left.

    - their task rows still ``RUNNING`` (django-tasks-db never looks at them again) become
      ``FAILED`` with :class:`WorkerDied`, so the task list tells the truth;
    - if they were sending notices, the sweep is enqueued to run now, before the tasks already
      waiting: it records as sent the notices whose message the server accepted and sends the
      others (``delivery.deliver``).

    Returns (task rows closed, notice claims to take again)."""
    from django_tasks_db.models import DBTaskResult

    from liaison.notices.processes import is_dead

    closed = 0
    for row in DBTaskResult.objects.filter(status="RUNNING").only("worker_ids", "status"):
        holder = row.worker_ids[-1] if row.worker_ids else ""
        if is_dead(holder):
            row.set_failed(WorkerDied(f"worker {holder} stopped while running this task"))
            closed += 1
    claims = delivery.dead_claims()
    if claims:
        # Ahead of the batches still queued: the dead worker's recipients were due first.
        retry_due_notices.using(priority=RECOVERY_PRIORITY).enqueue()
    return closed, len(claims)


def _supports_defer(t) -> bool:
    return bool(getattr(t.get_backend(), "supports_defer", False))


def _pending(t, *, before: dt.datetime, args: list | None = None) -> bool:
    """Whether a run of ``t`` is already waiting to start no later than ``before``."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another deferring backend: allow a duplicate
        return False
    rows = DBTaskResult.objects.filter(task_path=t.module_path, status="READY",
                                       run_after__lte=before)
    if args is not None:
        rows = rows.filter(args_kwargs__args=args)
    return rows.exists()


def enqueue_delivery(ids: list[int]) -> None:
    """Enqueue the delivery of ``ids`` in batches (called on commit)."""
    for chunk in _chunks(list(ids), delivery.BATCH_SIZE):
        deliver_notices.enqueue(chunk)
    if ids:
        # Should a worker die mid-batch, its claims expire: look again then.
        schedule_sweep(timezone.now() + delivery.LEASE + dt.timedelta(seconds=5))


def schedule_sweep(at: dt.datetime | None) -> None:
    if at is None or not _supports_defer(retry_due_notices):
        return
    at = max(at, timezone.now())
    if _pending(retry_due_notices, before=at + dt.timedelta(seconds=30)):
        return
    retry_due_notices.using(run_after=at).enqueue()


def schedule_reminder(consultation) -> None:
    """Enqueue the reminder for when it falls due (if the backend can defer)."""
    from liaison.notices.deadlines import reminder_due_at

    due = reminder_due_at(consultation.deadline, consultation.reminder_days)
    now = timezone.now()
    if (due is None or consultation.deadline <= now or not _supports_defer(send_reminder)
            or not _reminder_awaited(consultation)):
        return
    due = max(due, now)
    if _pending(send_reminder, before=due, args=[consultation.pk]):
        return
    send_reminder.using(run_after=due).enqueue(consultation.pk)
