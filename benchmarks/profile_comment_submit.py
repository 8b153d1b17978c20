"""Where the server's time goes when a stakeholder submits a comment (issue 9).

Drives N comment submissions (``POST /consultations/<id>/comments/new/`` with ``action=
submit``, the deadline-rush request) against PostgreSQL and prints, per submission:

* **in-process** (Django's test ``Client`` with CSRF checks on, ``DEBUG`` off, one signed-in
  session per user, signed in once): CPU ms of this process, CPU ms of the PostgreSQL backend
  serving it, SQL queries (with the statements of one request), and cProfile's top entries;
* **gunicorn** (``--gunicorn``, one sync worker, sequential raw HTTP requests from this
  process, as ``bench_deadline_rush`` sends them): CPU ms of the worker and of the
  PostgreSQL backends — the figure the rush's throughput depends on.

Database: ``DATABASE_URL`` (a postgres one; a scratch database, written to: it is migrated
and filled) or a fresh ``liaison_profile_submit_<pid>`` on ``BENCH_PG_SERVER``, dropped
afterwards. Usage::

    .venv/bin/python -m benchmarks.profile_comment_submit [N] [--gunicorn] [--top K]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.bench_deadline_rush import (
    Gunicorn,
    Stakeholder,
    app_environment,
    build_world,
    django_setup,
    open_consultation,
    process_cpu,
    scratch_database,
    server_cpu,
)

USERS = 20
#: A page whose cost this work does not touch (anonymous sign-in form): measured between the
#: submissions, its CPU time shows how much the machine's load inflates CPU times.
REFERENCE_PAGE = "/accounts/login/"


def _backend_cpu(pid: int) -> float:
    return process_cpu(lambda p, _pp, _c: p == pid)


def _post_body(client_csrf: str, n: int) -> dict[str, str]:
    return {"csrfmiddlewaretoken": client_csrf, "mb": "", "line": str(10 + n),
            "clause": f"{n % 9 + 1}.{n % 4 + 1}", "element": "",
            "type": ("ge", "te", "ed")[n % 3],
            "comment": f"The definition in this clause is ambiguous (point {n}).",
            "proposed_change": "Reword the definition as in ISO 704.", "action": "submit"}


class _Sampler:
    """pyinstrument's sampling profiler (wall time, little overhead), when it is installed
    (it is not a dependency of the project: ``--sampler`` only)."""

    def __init__(self) -> None:
        from pyinstrument import Profiler

        self.profiler = Profiler(interval=0.0005)

    def enable(self) -> None:
        self.profiler.start()

    def disable(self) -> None:
        self.profiler.stop()

    def text(self) -> str:
        return self.profiler.output_text(unicode=False, color=False, show_all=False)


def _by_package(profiler: cProfile.Profile) -> str:
    """Own CPU time per package (django.db, psycopg, liaison, …): where the time goes."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in (
            pstats.Stats(profiler).stats.items()):
        parts = filename.replace("\\", "/").split("/")
        if "site-packages" in parts:
            rest = parts[parts.index("site-packages") + 1:]
            key = "/".join(rest[:3] if rest[0] == "django" else rest[:1])
        elif "liaison" in parts:
            key = "/".join(parts[parts.index("liaison"):][:2])
        else:
            key = "python" if filename.startswith("/") else filename[:30]
        totals[key] = totals.get(key, 0.0) + tottime
    grand = sum(totals.values()) or 1.0
    rows = sorted(totals.items(), key=lambda kv: -kv[1])[:25]
    return "own time by package:\n" + "\n".join(
        f"  {100 * t / grand:5.1f} %  {k}" for k, t in rows)


def in_process(world, consultation, n: int, top: int, sampler: bool = False
               ) -> dict[str, float]:
    """N submissions through the test Client; CPU, queries and a profile."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = f"/consultations/{consultation.pk}/comments/new/"
    clients = []
    for user in world.users[:USERS]:
        client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[user.pk]
        page = client.get(path)
        assert page.status_code == 200, page.status_code
        clients.append((client, client.cookies["csrftoken"].value))
    # warm up: imports, templates, translations, the connection
    for i, (client, token) in enumerate(clients[:5]):
        assert client.post(path, _post_body(token, i)).status_code == 302
    connection.ensure_connection()
    backend = connection.cursor().connection.info.backend_pid
    with CaptureQueriesContext(connection) as one:
        client, token = clients[0]
        response = client.post(path, _post_body(token, 0))
    assert response.status_code == 302, response.status_code
    print(f"\n-- queries of one submission ({len(one)}) --")
    for q in one.captured_queries:
        print("  " + q["sql"][:150])
    cpu0, db0, wall0 = time.process_time(), _backend_cpu(backend), time.perf_counter()
    queries, per_request, reference = 0, [], []
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for i in range(n):  # measured: no profiler running
        client, token = clients[i % len(clients)]
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.post(path, _post_body(token, i))
            per_request.append(time.process_time() - started)
        queries += len(captured)
        assert response.status_code == 302, response.status_code
        started = time.process_time()  # the reference: the sign-in page, which this work
        anonymous.get(REFERENCE_PAGE)   # does not change; its CPU tracks the machine's load
        reference.append(time.process_time() - started)
    cpu1, db1, wall1 = time.process_time(), _backend_cpu(backend), time.perf_counter()
    cpu1 -= sum(reference)
    profiler = _Sampler() if sampler else cProfile.Profile(time.process_time)
    profiler.enable()
    for i in range(min(n, 200)):  # profiled (the profiler's own cost inflates the times)
        client, token = clients[i % len(clients)]
        assert client.post(path, _post_body(token, i)).status_code == 302
    profiler.disable()
    if sampler:
        print(profiler.text())
    else:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        print(out.getvalue())
        print(_by_package(profiler))
    return {"app_cpu_ms": 1000 * (cpu1 - cpu0) / n, "db_cpu_ms": 1000 * (db1 - db0) / n,
            "app_cpu_median_ms": 1000 * statistics.median(per_request),
            "reference_median_ms": 1000 * statistics.median(reference),
            "relative_to_reference": statistics.median(per_request) / statistics.median(reference),
            "queries": queries / n, "wall_ms": 1000 * (wall1 - wall0) / n}


def through_gunicorn(env, world, consultation, url: str, n: int) -> dict[str, float]:
    """N sequential submissions to gunicorn with one sync worker (includes HTTP parsing,
    the WSGI layer and connection handling)."""
    from django.db import connections

    connections.close_all()
    dbname = urlparse(url).path.lstrip("/")
    log = Path(tempfile.gettempdir()) / "profile_comment_submit-gunicorn.log"
    with Gunicorn(env, workers=1, log=log) as server:
        clients = [Stakeholder(u.pk, world.sessions[u.pk], consultation.pk, server.port)
                   for u in world.users[:USERS]]
        for client in clients:
            assert client.fetch_form(30) == 200
        for i, client in enumerate(clients):  # warm-up
            assert client.submit(i, 30).acked
        app0, db0 = server_cpu(server.proc.pid, dbname)
        wall0 = time.perf_counter()
        for i in range(n):
            result = clients[i % len(clients)].submit(i, 30)
            assert result.acked, result
        wall1 = time.perf_counter()
        app1, db1 = server_cpu(server.proc.pid, dbname)
    return {"app_cpu_ms": 1000 * (app1 - app0) / n, "db_cpu_ms": 1000 * (db1 - db0) / n,
            "wall_ms": 1000 * (wall1 - wall0) / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=300, help="submissions (300)")
    parser.add_argument("--gunicorn", action="store_true", help="also through gunicorn")
    parser.add_argument("--top", type=int, default=30, help="profile rows (30)")
    parser.add_argument("--sampler", action="store_true",
                        help="profile with pyinstrument (if installed) instead of cProfile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="profile-submit-") as tmp, \
            scratch_database("liaison_profile_submit") as url:
        env = app_environment(url, Path(tmp))
        django_setup(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from liaison.registry.models import LiaisonOrganization

        if LiaisonOrganization.objects.filter(slug="bench-rush").exists():
            raise SystemExit("the database already holds a bench world: use a fresh one")
        world = build_world(USERS)
        consultation = open_consultation(world, deadline_s=3600)
        figures = {"in-process": in_process(world, consultation, args.n, args.top,
                                               args.sampler)}
        if args.gunicorn:
            figures["gunicorn"] = through_gunicorn(env, world, consultation, url, args.n)
    print(f"submissions: {args.n} per mode (PostgreSQL, DEBUG={os.environ.get('DEBUG', '0')})")
    for mode, values in figures.items():
        total = values["app_cpu_ms"] + values["db_cpu_ms"]
        line = ", ".join(f"{k}: {v:.2f}" for k, v in values.items())
        print(f"{mode}: server CPU {total:.2f} ms per submission ({line})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
