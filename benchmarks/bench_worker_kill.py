"""Task workers killed (SIGKILL, or stopped with SIGTERM) again and again while sending
notices, each followed by a new one, then a last one left to finish: is every notice
delivered exactly once? (issue 9; the design is in docs/notices.md)

Announces a project to ``BENCH_WK_N`` (2,000) consenting stakeholders through
``liaison.notices.services.announcement_send`` on PostgreSQL (a fresh database, as in
``bench_deadline_rush``), starts a local SMTP sink (aiosmtpd in this process, offering
PIPELINING) and a real ``liaison worker`` subprocess. ``BENCH_WK_KILLS`` (10) times: once the
worker is sending (the sink has accepted a few of its messages), send it ``BENCH_WK_SIGNAL``
(``KILL``, the default, or ``TERM``) — after a random
delay of 0–``BENCH_WK_MAX_DELAY`` s (``BENCH_WK_MODE=random``, the default: a kill at any
moment) or right after the sink accepted a message (``BENCH_WK_MODE=after-accept``: aimed at
the window between the server's 250 and the worker's receipt) — and start a new one. The last
worker is left to finish.

A killed worker leaves its claimed notices in ``sending``, stamped with its process identity;
the next worker, as it starts, finds that process gone and enqueues the recovering sweep ahead
of everything else (``tasks.recover_dead_workers``): no waiting for the 10-minute lease, no
time travel. Per restart the benchmark measures how long the dead worker's notices stay
stranded after the new worker is started (process start-up included).

Counted at the sink by Message-ID (the same on every attempt of a notice): notices delivered
exactly once, duplicates, missing ones; per kill: messages accepted by the sink whose notice
had no receipt (``sent_at``) yet — the window SMTP cannot close. Bounded: at most
``BENCH_WK_TIMEOUT`` (180 s) of waiting per step; the workers and the sink are stopped and the
database dropped whatever happens.
"""

from __future__ import annotations

import datetime as dt
import os
import random
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

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """aiosmtpd reads pipelined commands in order but does not say so: say it."""
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

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

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log_file = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [venv_bin("liaison"), "worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.1"],
            env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, signum: int = signal.SIGKILL) -> None:
        os.killpg(self.proc.pid, signum)
        self.proc.wait(60)
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


def _stranded_holders() -> set[str]:
    """The processes holding notices still being sent."""
    from liaison.notices.models import Notice

    return set(Notice.objects.filter(channel=Notice.Channel.EMAIL, state=Notice.State.SENDING)
               .values_list("claimed_by", flat=True))


def _stranded_by(holders: set[str]) -> int:
    from liaison.notices.models import Notice

    return Notice.objects.filter(state=Notice.State.SENDING, claimed_by__in=holders).count()


def _restart(env: dict[str, str], log: Path, dead: set[str], wait_s: float,
             recovery: list[float]) -> Worker:
    """Start a worker; when a dead one left notices, time how long until none is left."""
    worker = Worker(env, log)
    if dead:
        started = time.monotonic()
        if _wait(lambda: _stranded_by(dead) == 0, timeout=wait_s, step=0.01):
            recovery.append(round(time.monotonic() - started, 2))
    return worker


def _accepted_without_receipt(sink: Sink, message_ids: dict[str, int]) -> list[int]:
    """Notices whose message the sink accepted but that carry no receipt (``sent_at``)."""
    from liaison.notices.models import Notice

    with sink.lock:
        accepted = {message_ids[m] for m in sink.ids if m in message_ids}
    receipted = set(Notice.objects.filter(pk__in=accepted, sent_at__isnull=False)
                    .values_list("pk", flat=True))
    return sorted(accepted - receipted)


def _all_sent(total: int) -> bool:
    from liaison.notices.models import Notice

    return _email_states() == Counter({Notice.State.SENT: total})


def main() -> int:
    from benchmarks import report

    n = int(os.environ.get("BENCH_WK_N", "2000"))
    kills = int(os.environ.get("BENCH_WK_KILLS", "10"))
    mode = os.environ.get("BENCH_WK_MODE", "random")
    signame = os.environ.get("BENCH_WK_SIGNAL", "KILL").upper()
    signum = signal.Signals[f"SIG{signame}"]
    max_delay = float(os.environ.get("BENCH_WK_MAX_DELAY", "0.6"))
    seed = int(os.environ.get("BENCH_WK_SEED", str(int(time.time()))))
    wait_s = float(os.environ.get("BENCH_WK_TIMEOUT", "180"))
    rng = random.Random(seed)
    log = Path(tempfile.gettempdir()) / "bench_worker_kill-worker.log"
    log.write_bytes(b"")
    per_kill: list[dict] = []
    recovery: list[float] = []  # s from a restart until the dead worker's notices are taken
    dead: set[str] = set()
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
        message_ids = {message_id(pk): pk for pk in Notice.objects.filter(
            channel=Notice.Channel.EMAIL).values_list("pk", flat=True)}
        expected = set(message_ids)
        connections.close_all()

        start = time.monotonic()
        for k in range(kills):
            worker = _restart(env, log, dead, wait_s, recovery)
            try:
                before = sink.count
                sending = _wait(lambda b=before: sink.count >= b + 3 or _all_sent(len(expected)),
                                timeout=wait_s, step=0.005)
                if not sending or _all_sent(len(expected)):
                    break
                if mode == "after-accept":
                    target = sink.count + rng.randint(1, 40)
                    _wait(lambda t=target: sink.count >= t, timeout=wait_s, step=0.0002)
                else:
                    time.sleep(rng.uniform(0, max_delay))
            finally:
                worker.kill(signum)
            window = sorted(set(_accepted_without_receipt(sink, message_ids))
                            - {pk for kill in per_kill for pk in kill["accepted_without_receipt"]})
            states = _email_states()
            dead = _stranded_holders()
            per_kill.append({"kill": k + 1, "accepted_by_sink": sink.count,
                             "states": dict(states), "stranded": _stranded_by(dead),
                             "accepted_without_receipt": window})
            print(f"kill {k + 1}: sink {sink.count}, sent {states.get('sent', 0)}, "
                  f"sending {states.get('sending', 0)}, newly accepted without receipt "
                  f"{window}", flush=True)
            connections.close_all()
        killed = len(per_kill)

        last = _restart(env, log, dead, wait_s, recovery)
        try:
            done = _wait(lambda: _all_sent(len(expected)), timeout=wait_s, step=0.5)
            time.sleep(1)  # a message in flight reaches the sink
        finally:
            last.stop()
        total_s = time.monotonic() - start
        states_end = _email_states()
        received = Counter(sink.ids)
        attempts_ok = Counter(DeliveryAttempt.objects.filter(ok=True)
                              .values_list("notice_id", flat=True))
        recovered = DeliveryAttempt.objects.filter(ok=True, worker="recovered").count()
        interrupted = set(DeliveryAttempt.objects.filter(worker="interrupted")
                          .values_list("notice_id", flat=True))
        left_running = DBTaskResult.objects.filter(status="RUNNING").count()
        closed = DBTaskResult.objects.filter(
            status="FAILED", exception_class_path__endswith="WorkerDied").count()
        connections.close_all()

    once = sum(1 for m in expected if received[m] == 1)
    duplicated = sorted((m for m, c in received.items() if m in expected and c > 1),
                        key=lambda m: message_ids[m])
    duplicates = sum(received[m] - 1 for m in duplicated)
    missing = len(expected - received.keys())
    unexpected = sum(c for m, c in received.items() if m not in expected)
    in_window = sorted({pk for kill in per_kill for pk in kill["accepted_without_receipt"]})
    figures = {
        "notices_email": (len(expected), "notices"),
        "kill_mode": (mode, ""),
        "workers_killed": (killed, f"SIG{signame}s"),
        "kills_in_the_250_to_receipt_window": (
            sum(1 for kill in per_kill if kill["accepted_without_receipt"]), "kills"),
        "all_sent_in_database": (done, ""),
        "delivered_exactly_once": (once, "notices"),
        "duplicates_at_sink": (duplicates, "messages"),
        "missing_at_sink": (missing, "notices"),
        "unexpected_at_sink": (unexpected, "messages"),
        "recorded_from_receipts_after_a_kill": (recovered, "notices (not sent again)"),
        "interrupted_attempts_logged": (len(interrupted), "notices (outcome unknown, resent)"),
        "duplicates_named_in_the_delivery_log": (
            sum(1 for m in duplicated if message_ids[m] in interrupted), "messages"),
        "notices_with_two_ok_attempts": (sum(1 for c in attempts_ok.values() if c > 1),
                                         "notices"),
        "restart_to_stranded_notices_taken_median": (
            round(sorted(recovery)[len(recovery) // 2], 2) if recovery else None,
            "s (worker start-up included)"),
        "restart_to_stranded_notices_taken_max": (max(recovery, default=None), "s"),
        "restarts_that_found_stranded_notices": (len(recovery), "restarts"),
        "task_rows_closed_as_worker_died": (closed, "tasks"),
        "task_rows_left_running": (left_running, "tasks"),
        "total_time": (round(total_s, 1), "s"),
        "cpu_count": (os.cpu_count(), "cpus"),
        "load_average_after": (round(os.getloadavg()[0], 2), ""),
    }
    name = "bench_worker_kill" + ("" if mode == "random" else f"_{mode}")
    report(name + ("" if signame == "KILL" else f"_{signame.lower()}"), figures, extra={
        "seed": seed,
        "max_delay_s": max_delay,
        "kills": per_kill,
        "states_end": dict(states_end),
        "duplicated_message_ids": duplicated[:50],
        "duplicates_explained_by_the_window": sorted(
            message_id(pk) for pk in in_window) == duplicated,
    })
    # Exactly once, but for the messages a SIGKILL caught between the server's 250 and the
    # receipt (at most one per kill): those, and only those, may arrive twice. SIGTERM: none.
    allowed = killed if signum == signal.SIGKILL else 0
    ok = (done and missing == 0 and unexpected == 0 and duplicates <= allowed
          and left_running == 0
          and set(duplicated) <= {message_id(pk) for pk in in_window}
          and all(message_ids[m] in interrupted for m in duplicated))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
