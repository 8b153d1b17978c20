"""PostgreSQL restarted in the middle of a comment rush (issue 9): requests during the outage
fail cleanly (503 "try again", quickly, nothing half-written), requests succeed again after,
and nothing acknowledged is lost.

Starts its own throw-away PostgreSQL cluster (``initdb`` in a temporary folder, run as the
``postgres`` user when we are root, on 127.0.0.1:``BENCH_PG_PORT`` — 54340, or a free port),
the same world and gunicorn (4 workers) as ``bench_deadline_rush`` at a smaller scale
(``BENCH_PGR_USERS`` 50 stakeholders x ``BENCH_PGR_COMMENTS`` 24 comments over
``BENCH_PGR_WINDOW`` 40 s), and runs ``pg_ctl restart -m fast`` (``BENCH_PGR_MODE``)
``BENCH_PGR_RESTART_AT`` (15) s into the run. Requests time out after 10 s.

``BENCH_PGR_WITHOUT_503=1`` runs the app without ``liaison.config.resilience`` (a settings
module written to the scratch folder), to compare with what users saw before it.
Afterwards it counts: lost (acknowledged, not stored), duplicated, stored but not
acknowledged, comments without their audit event (a partial write) and verifies the audit
trail. The cluster is stopped and deleted whatever happens.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from benchmarks.bench_deadline_rush import (
    HOST,
    Gunicorn,
    Stakeholder,
    app_environment,
    audit_verify,
    build_world,
    count_comments,
    django_setup,
    fetch_forms,
    free_port,
    latency_figures,
    open_consultation,
    run_rush,
    server_log,
    status_counts,
)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return found[-1] if found else (shutil.which(name) or name)


class Cluster:
    """A throw-away PostgreSQL cluster on 127.0.0.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="liaison-bench-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_postgres, *args], check=True, capture_output=True,
                              text=True, timeout=timeout)

    def pg_ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                         "-o", f"-p {self.port} -k {self.root} -c listen_addresses={HOST}",
                         *args, timeout=timeout)

    def __enter__(self) -> Cluster:
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-instructions", timeout=120)
        self.pg_ctl("-w", "start")
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(Exception):
            self.pg_ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/postgres"


def _port() -> int:
    wanted = int(os.environ.get("BENCH_PG_PORT", "54340"))
    import socket

    with socket.socket() as sock:
        try:
            sock.bind((HOST, wanted))
        except OSError:
            return free_port()
    return wanted


def _without_resilience(home: Path) -> str:
    """A settings module (in the scratch folder) without the 503 middleware."""
    (home / "bench_settings_without_503.py").write_text(
        "from liaison.config.settings import *  # noqa\n"
        "MIDDLEWARE = [m for m in MIDDLEWARE if 'resilience' not in m]  # noqa: F405\n")
    return "bench_settings_without_503"


def main() -> int:
    from benchmarks import report

    n_users = int(os.environ.get("BENCH_PGR_USERS", "50"))
    per_client = int(os.environ.get("BENCH_PGR_COMMENTS", "24"))
    window = float(os.environ.get("BENCH_PGR_WINDOW", "40"))
    restart_at = float(os.environ.get("BENCH_PGR_RESTART_AT", "15"))
    mode = os.environ.get("BENCH_PGR_MODE", "fast")
    timeout = 10.0
    without_503 = os.environ.get("BENCH_PGR_WITHOUT_503") == "1"
    restart: dict[str, float] = {}

    with tempfile.TemporaryDirectory(prefix="bench-pgr-") as tmp, Cluster(_port()) as cluster:
        import psycopg

        with psycopg.connect(cluster.url, autocommit=True, connect_timeout=10) as conn:
            conn.execute('CREATE DATABASE "liaison_bench_pgr"')
        home = Path(tmp)
        url = cluster.url.rsplit("/", 1)[0] + "/liaison_bench_pgr?connect_timeout=5"
        env = app_environment(url, home)
        if without_503:
            env["DJANGO_SETTINGS_MODULE"] = _without_resilience(home)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(home),
                                                               env.get("PYTHONPATH")]))
        django_setup(app_environment(url, home))
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        world = build_world(n_users)
        connections.close_all()

        def do_restart() -> None:
            restart["start"] = time.monotonic()
            try:
                cluster.pg_ctl("-m", mode, "-w", "restart", timeout=60)
            except subprocess.SubprocessError as exc:
                restart["error"] = str(exc)
            restart["end"] = time.monotonic()

        def on_tick(elapsed: float) -> None:
            if elapsed >= restart_at and "thread" not in restart:
                restart["thread"] = threading.Thread(target=do_restart, daemon=True)
                restart["thread"].start()

        with Gunicorn(env, workers=4, log=server_log("bench_pg_restart")) as server:
            consultation = open_consultation(world, deadline_s=600)
            connections.close_all()
            clients = [Stakeholder(u.pk, world.sessions[u.pk], consultation.pk, server.port)
                       for u in world.users]
            fetch_forms(clients, timeout=timeout)
            results, t0, not_sent = run_rush(clients, per_client=per_client, window=window,
                                             timeout=timeout, grace=20, on_tick=on_tick)
            if "thread" in restart:
                restart["thread"].join(60)
        tracebacks = server.log_count("Traceback")
        counts = count_comments(consultation, results)
        chain_ok = audit_verify()
        connections.close_all()

    r0, r1 = restart.get("start", float("nan")), restart.get("end", float("nan"))
    before = [r for r in results if r.started + r.latency < r0]
    during = [r for r in results if r.started + r.latency >= r0 and r.started < r1]
    after = [r for r in results if r.started >= r1]
    after_ok = [r for r in after if r.acked]
    first_ok_after = min((r.started + r.latency for r in after_ok), default=float("nan"))
    failed_during = [r for r in during if not r.acked]
    figures = {
        "requests": (len(results), "requests"),
        "requests_not_sent": (not_sent, "requests"),
        "acknowledged": (counts["acknowledged"], "requests"),
        "stored": (counts["stored"], "comments"),
        "lost": (counts["lost"], "comments"),
        "duplicated": (counts["duplicated"], "comments"),
        "stored_not_acknowledged": (counts["stored_not_acknowledged"], "comments"),
        "partial_writes": (counts["without_audit_event"], "comments without audit event"),
        "audit_chain_verified": (chain_ok, ""),
        "restart_mode": (mode, ""),
        "restart_started_at": (round(r0 - t0, 2), "s into the run"),
        "outage_duration": (round(r1 - r0, 2), "s (pg_ctl restart)"),
        "requests_before_ok": (sum(r.acked for r in before), f"of {len(before)}"),
        "requests_during_ok": (sum(r.acked for r in during), f"of {len(during)}"),
        "requests_during_failed": (len(failed_during), "requests"),
        "requests_after_ok": (len(after_ok), f"of {len(after)}"),
        "first_success_after_restart": (round(first_ok_after - r1, 2), "s"),
        "failed_latency_max": (round(max((r.latency for r in results if not r.acked),
                                         default=0) * 1000, 1), "ms"),
        "no_answer_within_timeout": (sum(r.status == 0 for r in results), "requests"),
        "failed_not_503": (sum(1 for r in results if not r.acked and r.status != 503),
                           "requests"),
        "server_tracebacks_logged": (tracebacks, ""),
        "cpu_count": (os.cpu_count(), "cpus"),
        "load_average_after": (round(os.getloadavg()[0], 2), ""),
        **latency_figures(results),
    }
    by_phase = {"before": status_counts(before), "during": status_counts(during),
                "after": status_counts(after)}
    for phase, statuses in by_phase.items():
        for status, n in statuses.items():
            figures[f"{phase}_{status}"] = (n, "requests")
    name = "bench_pg_restart_without_503" if without_503 else "bench_pg_restart"
    report(name, figures, extra={
        "responses_by_phase": by_phase,
        "restart_error": restart.get("error", ""),
        "failed_during_statuses": dict(Counter(r.status for r in failed_during)),
        "sample_errors": sorted({r.error for r in results if r.error})[:10],
        "resilience_middleware": not without_503,
    })
    unclean = [r for r in results if not r.acked and r.status != 503]
    ok = (counts["lost"] == 0 and counts["duplicated"] == 0 and chain_ok and bool(after_ok)
          and counts["without_audit_event"] == 0 and (without_503 or not unclean))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
