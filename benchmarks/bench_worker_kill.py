"""A task worker killed (SIGKILL) while sending notices, then restarted: is every notice
delivered exactly once? (issue 9; the design is in docs/notices.md)

Announces a project to ``BENCH_WK_N`` (2,000) consenting stakeholders through
``liaison.notices.services.announcement_send`` on PostgreSQL (a fresh database, as in
``bench_deadline_rush``), starts a local SMTP sink (aiosmtpd, in this process) and a real
``liaison worker`` subprocess, SIGKILLs the worker once the sink has accepted
``BENCH_WK_KILL_AT`` messages (default 37 % of them plus 7: in the middle of a batch of 200
and of a group of 20), starts a new worker and waits until every e-mail notice is ``sent``.

The killed worker leaves its claimed notices in ``sending``; they are taken again when the
claim is older than ``delivery.LEASE`` (10 minutes) by the ``retry_due_notices`` sweep each
announcement schedules for LEASE + 5 s later. By default the benchmark does not sit through
those 10 minutes: once the new worker has sent everything else, it moves the stranded claims'
``claimed_at`` and the pending sweep's ``run_after`` back by the lease (time travel, nothing
else is touched) and lets the new worker pick them up. ``BENCH_WK_REAL_LEASE=1`` waits for the
real lease instead (about 11 minutes).

Counted at the sink by Message-ID (the same on every attempt of a notice): notices delivered
exactly once, duplicates (and how many of them the design's "at most one group of 20" bound
allows), missing ones; in the database: notices not ``sent`` and the task row the killed
worker left ``RUNNING``. Bounded: at most ``BENCH_WK_TIMEOUT`` (180 s, or the lease + 180 s)
of waiting; the worker and the sink are stopped and the database dropped whatever happens.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from benchmarks.bench_deadline_rush import (
    HOST,
    app_environment,
    django_setup,
    free_port,
    scratch_database,
    venv_bin,
)

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


class Sink:
    """An SMTP server that keeps each accepted message's Message-ID."""

    def __init__(self) -> None:
        self.port = free_port()
        self.ids: list[str] = []
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        head = raw.split(b"\r\n\r\n", 1)[0]
        match = MESSAGE_ID.search(head)
        with self.lock:
            self.ids.append(match.group(1).decode() if match else "")
        return "250 Message accepted for delivery"

    @property
    def count(self) -> int:
        return len(self.ids)

    def __enter__(self) -> Sink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class Worker:
    """``liaison worker`` (django-tasks-db's db_worker) in its own process group."""

    def __init__(self, env: dict[str, str], log: Path, name: str) -> None:
        self.log_file = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [venv_bin("liaison"), "worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.1", "--worker-id", name],
            env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.log_file.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log_file.close()


def _email_states() -> Counter:
    from liaison.notices.models import Notice

    return Counter(Notice.objects.filter(channel=Notice.Channel.EMAIL)
                   .values_list("state", flat=True))


def _wait(condition, *, timeout: float, step: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _expire_stranded_claims() -> tuple[int, int]:
    """Time travel: make the dead worker's claims and the pending sweep due now."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from liaison.notices import delivery
    from liaison.notices.models import Notice

    past = timezone.now() - delivery.LEASE - dt.timedelta(minutes=1)
    claims = Notice.objects.filter(channel=Notice.Channel.EMAIL,
                                   state=Notice.State.SENDING).update(claimed_at=past)
    sweeps = DBTaskResult.objects.filter(
        status="READY", task_path="liaison.notices.tasks.retry_due_notices"
    ).update(run_after=timezone.now())
    return claims, sweeps


def main() -> int:
    from benchmarks import report

    n = int(os.environ.get("BENCH_WK_N", "2000"))
    kill_at = int(os.environ.get("BENCH_WK_KILL_AT", str(int(n * 0.37) + 7)))
    real_lease = os.environ.get("BENCH_WK_REAL_LEASE") == "1"
    wait_s = float(os.environ.get("BENCH_WK_TIMEOUT", "180"))
    log = Path(tempfile.gettempdir()) / "bench_worker_kill-worker.log"
    log.write_bytes(b"")
    with tempfile.TemporaryDirectory(prefix="bench-wk-") as tmp, \
            scratch_database("liaison_bench_wk") as url, Sink() as sink:
        env = app_environment(url, Path(tmp))
        env.update(EMAIL_HOST=HOST, EMAIL_PORT=str(sink.port),
                   LIAISON_BASE_URL="https://liaison.example.org")
        django_setup(env)
        from django.core.management import call_command
        from django.db import connections
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from benchmarks.bench_notices import _world
        from liaison.notices import delivery
        from liaison.notices.audience import Criteria
        from liaison.notices.mail import message_id
        from liaison.notices.models import DeliveryAttempt, Notice
        from liaison.notices.services import announcement_send

        call_command("migrate", verbosity=0)
        project = _world(n)
        announcement_send(actor=None, project=project, criteria=Criteria(),
                          subject="ISO/DIS 15836-2 is out for comment",
                          message="Please read the DIS and comment.",
                          deadline=timezone.now() + dt.timedelta(days=30))
        expected = {message_id(pk) for pk in Notice.objects.filter(
            channel=Notice.Channel.EMAIL).values_list("pk", flat=True)}
        connections.close_all()

        start = time.monotonic()
        first = Worker(env, log, "bench-first")
        try:
            reached = _wait(lambda: sink.count >= kill_at or first.proc.poll() is not None,
                            timeout=wait_s, step=0.001)
        finally:
            first.kill()
        killed_after = time.monotonic() - start
        at_kill = sink.count
        states_at_kill = _email_states()
        dead_tasks = list(DBTaskResult.objects.filter(status="RUNNING")
                          .values_list("pk", flat=True))
        connections.close_all()

        second = Worker(env, log, "bench-second")
        expired = (0, 0)
        try:
            # Everything but the dead worker's claims goes out (no delivery task waiting,
            # none running but the dead worker's).
            _wait(lambda: _email_states().get(Notice.State.QUEUED, 0) == 0
                  and not DBTaskResult.objects.filter(
                      status="READY", task_path="liaison.notices.tasks.deliver_notices",
                  ).exists()
                  and not DBTaskResult.objects.filter(status="RUNNING")
                  .exclude(pk__in=dead_tasks).exists(), timeout=wait_s)
            stranded = _email_states().get(Notice.State.SENDING, 0)
            if stranded and not real_lease:
                expired = _expire_stranded_claims()
            limit = wait_s + (delivery.LEASE.total_seconds() if real_lease else 0)
            done = _wait(lambda: _email_states() == Counter({Notice.State.SENT: len(expected)}),
                         timeout=limit, step=0.5)
            time.sleep(1)  # a message in flight reaches the sink
        finally:
            second.stop()
        total_s = time.monotonic() - start
        states_end = _email_states()
        received = Counter(sink.ids)
        attempts_ok = Counter(DeliveryAttempt.objects.filter(ok=True)
                              .values_list("notice_id", flat=True))
        left_running = DBTaskResult.objects.filter(status="RUNNING").count()
        connections.close_all()

    once = sum(1 for m in expected if received[m] == 1)
    duplicates = sum(c - 1 for m, c in received.items() if m in expected and c > 1)
    missing = len(expected - received.keys())
    unexpected = sum(c for m, c in received.items() if m not in expected)
    figures = {
        "notices_email": (len(expected), "notices"),
        "killed_after_messages": (at_kill, "messages accepted"),
        "killed_after": (round(killed_after, 2), "s"),
        "kill_point_reached": (reached, ""),
        "claimed_at_kill": (states_at_kill.get(Notice.State.SENDING, 0), "notices"),
        "sent_recorded_at_kill": (states_at_kill.get(Notice.State.SENT, 0), "notices"),
        "accepted_not_recorded_at_kill": (at_kill - states_at_kill.get(Notice.State.SENT, 0),
                                          "messages"),
        "task_rows_left_running": (left_running, "tasks"),
        "stranded_claims_expired_by_time_travel": (expired[0], "notices"),
        "all_sent_in_database": (done, ""),
        "delivered_exactly_once": (once, "notices"),
        "duplicates_at_sink": (duplicates, "messages"),
        "missing_at_sink": (missing, "notices"),
        "unexpected_at_sink": (unexpected, "messages"),
        "duplicate_bound_per_crash": (delivery.RECORD_EVERY, "messages (design)"),
        "notices_with_two_ok_attempts": (sum(1 for c in attempts_ok.values() if c > 1),
                                         "notices"),
        "total_time": (round(total_s, 1), "s"),
        "cpu_count": (os.cpu_count(), "cpus"),
        "load_average_after": (round(os.getloadavg()[0], 2), ""),
    }
    report("bench_worker_kill", figures, extra={
        "states_at_kill": dict(states_at_kill),
        "states_end": dict(states_end),
        "running_task_rows_at_kill": len(dead_tasks),
        "stranded_claims_before_time_travel": stranded,
        "real_lease_waited": real_lease,
        "duplicated_message_ids": sorted(m for m, c in received.items() if c > 1)[:50],
    })
    ok = done and missing == 0 and unexpected == 0 and duplicates <= delivery.RECORD_EVERY
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
