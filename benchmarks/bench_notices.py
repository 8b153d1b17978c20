"""Notices at scale: announcing to 10,000 stakeholders, then one worker delivering the e-mail.

Targets (issue 5): the announcement is queued in under 10 s; one worker delivers to a local
SMTP sink (aiosmtpd) at 200 messages/s or more, over one SMTP connection per batch.

Runs on a throw-away SQLite database (or ``BENCH_DATABASE_URL``: a scratch database, it is
written to), with the real django-tasks-db backend and ``liaison worker``, in batch mode; the
SMTP sink runs in its own process, as a real mail server would.
Prints ``name: value unit`` lines and writes ``benchmarks/results/bench_notices.json``.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import tempfile
import time
from pathlib import Path

N_STAKEHOLDERS = int(os.environ.get("BENCH_NOTICES_N", "10000"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Counter:
    """An SMTP sink that only counts what it accepts."""

    def __init__(self, count) -> None:
        self.count = count

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """aiosmtpd reads pipelined commands in order but does not say so; say it (as
        Postfix, Exim and other real servers do), unless ``BENCH_NOTICES_PIPELINING=0``."""
        session.host_name = hostname
        if os.environ.get("BENCH_NOTICES_PIPELINING", "1") == "0":
            return responses
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server, session, envelope):
        with self.count.get_lock():
            self.count.value += 1
        return "250 OK"


def _sink(port: int, count, cpu, ready, stop) -> None:
    """The SMTP sink, in its own process (as a real mail server would be); ``cpu`` gets the
    CPU seconds it used."""
    from aiosmtpd.controller import Controller

    controller = Controller(_Counter(count), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    cpu.value = time.process_time()


def _setup_environment(home: Path, port: int) -> None:
    os.environ["LIAISON_HOME"] = str(home)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{home / 'bench.sqlite3'}"
    )
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(port)
    os.environ["DEBUG"] = "0"
    os.environ["LIAISON_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    import django

    django.setup()


def _world(n: int):
    """An organization, a committee, a project on it and ``n`` consenting stakeholders who
    follow the committee (bulk inserts: setting up is not what is measured)."""
    from liaison.projects.models import Project
    from liaison.registry.models import LiaisonOrganization, Organization, Stakeholder, Subscription

    org = LiaisonOrganization.objects.create(name="Bench Org", short_name="BO", slug="bench")
    committee = Organization.objects.create(
        liaison_org=org, name="ISO/TC 46/SC 4", acronym="ISO/TC 46/SC 4"
    )
    project = Project.objects.create(
        liaison_org=org,
        reference="ISO/DIS 15836-2",
        reference_key="ISO/DIS 15836-2",
        title="Dublin Core",
        stage_code="40.20",
        committee=committee,
    )
    Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                liaison_org=org,
                name=f"Stakeholder {i:05d}",
                email=f"s{i:05d}@example.org",
                consent_to_contact=True,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [
            Subscription(stakeholder_id=pk, organization=committee)
            for pk in Stakeholder.objects.filter(liaison_org=org).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    return project


def main() -> int:
    from benchmarks import report

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-notices-") as tmp:
        _setup_environment(Path(tmp), port)
        import datetime as dt

        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        project = _world(N_STAKEHOLDERS)

        from django_tasks_db.models import DBTaskResult

        from liaison.notices.audience import Criteria
        from liaison.notices.models import Notice
        from liaison.notices.services import announcement_send

        start = time.perf_counter()
        announcement_send(
            actor=None,
            project=project,
            criteria=Criteria(),
            subject="ISO/DIS 15836-2 is out for comment",
            message="Please read the DIS and comment.",
            deadline=timezone.now() + dt.timedelta(days=30),
        )
        queued_s = time.perf_counter() - start
        emails = Notice.objects.filter(channel=Notice.Channel.EMAIL).count()
        n_tasks = DBTaskResult.objects.ready().count()

        ctx = multiprocessing.get_context("spawn")
        count, cpu, ready, stop = ctx.Value("i", 0), ctx.Value("d", 0.0), ctx.Event(), ctx.Event()
        sink = ctx.Process(target=_sink, args=(port, count, cpu, ready, stop), daemon=True)
        sink.start()
        ready.wait(30)
        profile = os.environ.get("BENCH_NOTICES_PROFILE")  # a file: cProfile of the worker
        try:
            load_before = os.getloadavg()[0]
            start, cpu_start = time.perf_counter(), time.process_time()
            worker = ["worker", "--batch", "--no-startup-delay", "--no-reload",
                      "--interval", "0"]
            if profile:
                import cProfile

                cProfile.runctx("call_command(*worker, verbosity=0)", globals(),
                                {"call_command": call_command, "worker": worker},
                                filename=profile)
            else:
                call_command(*worker, verbosity=0)
            deliver_s = time.perf_counter() - start
            worker_cpu_s = time.process_time() - cpu_start
            load_after = os.getloadavg()[0]
        finally:
            stop.set()
            sink.join(10)
        accepted = count.value
        sent = Notice.objects.filter(channel=Notice.Channel.EMAIL, state=Notice.State.SENT).count()
        report(
            "bench_notices",
            {
                "stakeholders": (N_STAKEHOLDERS, "stakeholders"),
                "announce_queued_time": (round(queued_s, 3), "s"),
                "notices_created": (Notice.objects.count(), "notices"),
                "delivery_tasks_enqueued": (n_tasks, "tasks"),
                "emails_accepted_by_smtp_sink": (accepted, "messages"),
                "emails_marked_sent": (sent, "messages"),
                "delivery_time": (round(deliver_s, 3), "s"),
                "delivery_rate": (round(accepted / deliver_s, 1), "messages/s"),
                "worker_cpu_per_message": (round(1000 * worker_cpu_s / max(accepted, 1), 3),
                                           "CPU-ms"),
                "sink_cpu_per_message": (round(1000 * cpu.value / max(accepted, 1), 3),
                                         "CPU-ms (the SMTP server, its own process)"),
                "worker_cpu_bound_rate": (round(accepted / max(worker_cpu_s, 1e-9), 1),
                                          "messages/s (one free core)"),
                "load_average_before_after": (f"{load_before:.2f} / {load_after:.2f}", ""),
            },
            extra={
                "targets": {"announce_queued_time_s": 10, "delivery_rate_per_s": 200},
                "database": os.environ["DATABASE_URL"].split(":", 1)[0],
                "emails_expected": emails,
            },
        )
        ok = queued_s < 10 and accepted == emails == sent and accepted / deliver_s >= 200
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
