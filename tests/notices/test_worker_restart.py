"""A real ``liaison worker`` process stopped while it sends an announcement, then a new one
started: every notice reaches the real SMTP server, counted there by Message-ID, and the new
worker takes the dead one's notices at once (not after the 2-minute lease).

- SIGTERM (a deploy, ``systemctl stop``): the worker ends the batch it is sending and exits;
  every notice arrives exactly once.
- SIGKILL (out of memory, ``kill -9``): nothing is lost; the one message in flight may arrive
  twice — SMTP cannot tell whether the server kept it — and then it is named in the delivery
  log as ``interrupted``, with the same Message-ID. The dead worker's task row is closed.

A worker process needs the test database from outside: PostgreSQL only (CI runs it there).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from liaison.notices.audience import Criteria
from liaison.notices.mail import message_id
from liaison.notices.models import DeliveryAttempt, Notice
from liaison.notices.services import announcement_send
from liaison.registry.models import Stakeholder, Subscription

REPO = Path(__file__).resolve().parents[2]
N = 300

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="a worker process reaches the test database only on PostgreSQL"),
]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class Worker:
    def __init__(self, sink, log: Path) -> None:
        env = {**os.environ, "DATABASE_URL": database_url(), "EMAIL_HOST": "127.0.0.1",
               "EMAIL_PORT": str(sink.port), "LIAISON_BASE_URL": "https://liaison.example.org",
               "LIAISON_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [REPO / ".venv" / "bin" / "liaison", "worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.1"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def signal(self, signum: int) -> int:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signum)
        code = self.proc.wait(60)
        self.log.close()
        return code


@pytest.fixture
def start_worker(smtp_server, tmp_path):
    """Start ``liaison worker`` processes; whatever happens, none outlives the test."""
    started: list[Worker] = []

    def start() -> Worker:
        started.append(Worker(smtp_server, tmp_path / "worker.log"))
        return started[-1]

    yield start
    for worker in started:
        worker.signal(signal.SIGKILL)


def wait_for(condition, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"waited {timeout} s for {what}"
        time.sleep(0.02)


@pytest.fixture
def announced(world, coordinator, settings):
    """An announcement to N consenting followers, its notices queued as task rows."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    people = Stakeholder.objects.bulk_create([
        Stakeholder(liaison_org=world.org, name=f"Follower {i:03d}",
                    email=f"f{i:03d}@example.org", consent_to_contact=True) for i in range(N)])
    Subscription.objects.bulk_create([Subscription(stakeholder=s, organization=world.committee)
                                      for s in people])
    announcement = announcement_send(actor=coordinator, project=world.project,
                                     criteria=Criteria(), subject="ISO/DIS 15836-2 is out")
    ids = {message_id(pk): pk for pk in Notice.objects.filter(
        announcement=announcement, channel=Notice.Channel.EMAIL).values_list("pk", flat=True)}
    assert len(ids) >= N
    return ids


def all_sent(ids) -> bool:
    return Notice.objects.filter(pk__in=ids.values(), state=Notice.State.SENT).count() == len(ids)


def received(sink) -> Counter:
    with sink.lock:
        return Counter(m["Message-ID"] for m in sink.messages)


def test_a_worker_stopped_with_sigterm_ends_its_batch_and_nothing_goes_twice(
        announced, smtp_server, start_worker):
    first = start_worker()
    wait_for(lambda: len(smtp_server.messages) >= 50, "the worker to start sending")
    assert first.signal(signal.SIGTERM) == 0

    stopped_at = len(smtp_server.messages)
    assert stopped_at >= 200, "the batch being sent was finished before the worker exited"
    assert not Notice.objects.filter(state=Notice.State.SENDING).exists()
    second = start_worker()
    wait_for(lambda: all_sent(announced), "every notice to be sent")
    second.signal(signal.SIGTERM)

    counts = received(smtp_server)
    assert set(counts) == set(announced)
    assert max(counts.values()) == 1
    assert not DeliveryAttempt.objects.filter(worker="interrupted").exists()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


def test_a_killed_worker_is_followed_at_once_and_only_its_message_in_flight_may_go_twice(
        announced, smtp_server, start_worker):
    first = start_worker()
    wait_for(lambda: len(smtp_server.messages) >= 50, "the worker to start sending")
    first.signal(signal.SIGKILL)

    stranded = Notice.objects.filter(state=Notice.State.SENDING)
    assert stranded.exists()
    holder = stranded.values_list("claimed_by", flat=True).first()
    assert holder.startswith(f"{first.proc.pid}.")
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

    second = start_worker()
    # Within the wait, so before the 2-minute lease would free the dead worker's claims.
    wait_for(lambda: all_sent(announced), "every notice to be sent", timeout=60)
    second.signal(signal.SIGTERM)

    counts = received(smtp_server)
    assert set(counts) == set(announced), "no notice is missing"
    twice = [m for m, c in counts.items() if c > 1]
    assert len(twice) <= 1 and max(counts.values()) <= 2
    interrupted = set(DeliveryAttempt.objects.filter(worker="interrupted")
                      .values_list("notice_id", flat=True))
    assert {announced[m] for m in twice} <= interrupted
    dead_rows = DBTaskResult.objects.filter(status="FAILED",
                                            exception_class_path__endswith="WorkerDied")
    assert dead_rows.count() == 1
    assert holder in dead_rows.get().traceback
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
