"""Deadline rush: 500 stakeholders submit 5,000 comments within 60 s, against PostgreSQL and
gunicorn with 4 workers, through the real web form (issue 9).

Setup (not measured): a fresh PostgreSQL database (``BENCH_DATABASE_URL`` or a postgres
``DATABASE_URL`` is used as is — a scratch database, written to; otherwise
``liaison_bench_rush_<pid>`` is created on ``BENCH_PG_SERVER``, default
``postgres://postgres@127.0.0.1:54329/postgres``, and dropped afterwards), ``migrate``, one
organization, a project, 500 stakeholders each with a user account and a stakeholder role
(bulk inserts through the models), one signed-in session per user (written through Django's
session engine), then gunicorn on 127.0.0.1 and a consultation opened with a deadline two
minutes ahead (late comments refused). Every simulated stakeholder fetches the comment form
once (its CSRF token), then, from the start of the rush, sends its 10 comments at random
instants within the 60 s window — one at a time, as a person would: if the server is slow it
falls behind its schedule. Each comment carries a unique client request id in its text.

Afterwards the database is counted: every acknowledged request (302 back to the
consultation) must be exactly one stored comment (none lost, none duplicated); a stored
comment whose request was not acknowledged (a client time-out) is reported apart. The audit
trail is verified (concurrent writers chain through one locked row).

Bounded: requests time out after ``BENCH_RUSH_TIMEOUT`` s (30); no request starts after the
window plus 60 s; gunicorn is stopped and the database dropped whatever happens.
Knobs: ``BENCH_RUSH_USERS`` (500), ``BENCH_RUSH_COMMENTS`` (10 per user), ``BENCH_RUSH_WINDOW``
(60 s), ``BENCH_RUSH_WORKERS`` (4), ``BENCH_RUSH_DEADLINE`` (120 s after opening).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:54329/postgres"
MARKER = re.compile(r"\[req:([0-9a-f]{32})\]")
HOST = "127.0.0.1"


# --- infrastructure --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _with_db(url: str, name: str) -> str:
    parsed = urlparse(url)
    return parsed._replace(path="/" + name).geturl()


@contextlib.contextmanager
def scratch_database(prefix: str, server: str | None = None):
    """Yield a DATABASE_URL: the given scratch one, or a fresh database dropped afterwards."""
    given = os.environ.get("BENCH_DATABASE_URL") or (
        os.environ.get("DATABASE_URL", "") if server is None else "")
    if given.startswith(("postgres://", "postgresql://")):
        yield given
        return
    import psycopg

    server = server or os.environ.get("BENCH_PG_SERVER", DEFAULT_SERVER)
    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(server, name)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with contextlib.suppress(Exception), psycopg.connect(
                server, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_environment(database_url: str, home: Path) -> dict[str, str]:
    """The environment of the app processes (gunicorn, worker) and of this one."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "LIAISON_HOME": str(home),
        "LIAISON_ENV": "development",
        "DEBUG": os.environ.get("BENCH_DEBUG", "0"),
        "ALLOWED_HOSTS": HOST,
        "LIAISON_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                 "liaison.config.settings"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def venv_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


class Gunicorn:
    """``gunicorn liaison.config.wsgi -w N -b 127.0.0.1:PORT`` as a subprocess."""

    def __init__(self, env: dict[str, str], *, workers: int = 4, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.env = env
        self.workers = workers
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self._log_file = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [venv_bin("gunicorn"), "liaison.config.wsgi", "-w", str(self.workers),
             "-b", f"{HOST}:{self.port}", "--timeout", "30", "--graceful-timeout", "5",
             "--backlog", "2048"],
            env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            with contextlib.suppress(OSError):
                status, _h, _b = request("GET", self.port, "/accounts/login/", timeout=5)
                if status == 200:
                    return self
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log_file.close()

    def log_count(self, needle: str) -> int:
        return self.log.read_text(errors="replace").count(needle)


def server_log(name: str) -> Path:
    """Where a benchmark's gunicorn log is kept (outside the scratch folder, for a look
    afterwards; overwritten by the next run)."""
    return Path(tempfile.gettempdir()) / f"{name}-gunicorn.log"


def request(method: str, port: int, path: str, *, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30.0):
    """One HTTP request on a new connection (gunicorn's sync workers close each one)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp.getheaders(), data
    finally:
        conn.close()


# --- the world -------------------------------------------------------------------------


@dataclass
class World:
    org: object
    coordinator: object
    project: object
    users: list = field(default_factory=list)
    sessions: dict = field(default_factory=dict)  # user pk -> session key


def build_world(n_users: int) -> World:
    """One organization, a coordinator, a project and ``n_users`` stakeholders with user
    accounts (bulk inserts through the models: setting up is not what is measured)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from liaison.projects.models import Project
    from liaison.registry.models import LiaisonOrganization, Membership, Role, Stakeholder

    User = get_user_model()
    org = LiaisonOrganization.objects.create(name="Bench Rush Org", short_name="BR",
                                             slug="bench-rush")
    coordinator = User.objects.create_user("bench-coordinator", "coord@example.org",
                                           "bench-not-a-secret")
    Membership.objects.create(user=coordinator, liaison_org=org, role=Role.COORDINATOR)
    project = Project.objects.create(liaison_org=org, reference="ISO/DIS 15836-2",
                                     reference_key="ISO/DIS 15836-2", title="Dublin Core",
                                     stage_code="40.20")
    password = make_password("bench-not-a-secret")  # hashed once, shared: not measured
    User.objects.bulk_create([User(username=f"bench-s{i:05d}", email=f"s{i:05d}@example.org",
                                   password=password) for i in range(n_users)], batch_size=1000)
    users = list(User.objects.filter(username__startswith="bench-s").order_by("pk"))
    Membership.objects.bulk_create([Membership(user=u, liaison_org=org, role=Role.STAKEHOLDER)
                                    for u in users], batch_size=1000)
    Stakeholder.objects.bulk_create(
        [Stakeholder(liaison_org=org, name=f"Stakeholder {i:05d}", email=u.email, user=u,
                     consent_to_contact=True) for i, u in enumerate(users)], batch_size=1000)
    world = World(org=org, coordinator=coordinator, project=project, users=users)
    world.sessions = signed_in_sessions(users, org)
    return world


def signed_in_sessions(users, org) -> dict[int, str]:
    """A signed-in session per user, written through Django's session engine (what
    ``login()`` stores: the user id, backend and password hash, plus the organization)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from liaison.access.middleware import SESSION_ORG_KEY

    engine = import_module(settings.SESSION_ENGINE)
    keys = {}
    for user in users:
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_ORG_KEY] = org.pk
        session.create()
        keys[user.pk] = session.session_key
    return keys


def open_consultation(world: World, *, deadline_s: float):
    import datetime as dt

    from django.utils import timezone

    from liaison.consultations import services
    from liaison.consultations.models import Consultation

    consultation = services.consultation_create(
        actor=world.coordinator, liaison_org=world.org, project=world.project,
        title="Comments on ISO/DIS 15836-2 (deadline rush)",
        deadline=timezone.now() + dt.timedelta(seconds=deadline_s),
        late_policy=Consultation.LatePolicy.REFUSE, reminder_days=0)
    return services.consultation_open(actor=world.coordinator, consultation=consultation)


# --- the clients -----------------------------------------------------------------------


@dataclass
class Result:
    rid: str
    user: int
    started: float
    latency: float
    status: int  # 0: no HTTP answer (time-out, connection refused or reset)
    acked: bool
    error: str = ""


class Stakeholder:
    """One simulated stakeholder: a signed-in session, a CSRF token, a comment schedule."""

    CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, user_pk: int, session_key: str, consultation_pk: int, port: int) -> None:
        self.user_pk = user_pk
        self.session_key = session_key
        self.port = port
        self.form_path = f"/consultations/{consultation_pk}/comments/new/"
        self.detail_path = f"/consultations/{consultation_pk}/"
        self.csrf_cookie = ""
        self.csrf_token = ""

    def cookies(self) -> str:
        cookie = f"sessionid={self.session_key}"
        return cookie + (f"; csrftoken={self.csrf_cookie}" if self.csrf_cookie else "")

    def fetch_form(self, timeout: float) -> int:
        status, headers, body = request("GET", self.port, self.form_path,
                                        headers={"Cookie": self.cookies()}, timeout=timeout)
        for name, value in headers:
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf_cookie = value.split(";", 1)[0].split("=", 1)[1]
        match = self.CSRF_INPUT.search(body)
        if match:
            self.csrf_token = match.group(1).decode()
        return status

    def submit(self, n: int, timeout: float) -> Result:
        rid = uuid.uuid4().hex
        body = urlencode({
            "csrfmiddlewaretoken": self.csrf_token, "mb": "", "line": str(10 + n),
            "clause": f"{n % 9 + 1}.{n % 4 + 1}", "element": "",
            "type": ("ge", "te", "ed")[n % 3],
            "comment": f"The definition in this clause is ambiguous (point {n}). [req:{rid}]",
            "proposed_change": "Reword the definition as in ISO 704.", "action": "submit",
        }).encode()
        headers = {"Cookie": self.cookies(), "Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"http://{HOST}:{self.port}{self.form_path}"}
        started = time.monotonic()
        try:
            status, resp_headers, _body = request("POST", self.port, self.form_path, body=body,
                                                  headers=headers, timeout=timeout)
        except (OSError, http.client.HTTPException) as exc:
            return Result(rid, self.user_pk, started, time.monotonic() - started, 0, False,
                          f"{exc.__class__.__name__}: {exc}")
        latency = time.monotonic() - started
        location = dict((k.lower(), v) for k, v in resp_headers).get("location", "")
        acked = status == 302 and location.rstrip("/").endswith(self.detail_path.rstrip("/"))
        return Result(rid, self.user_pk, started, latency, status, acked,
                      "" if acked or status != 302 else f"redirect to {location}")


def run_rush(clients: list[Stakeholder], *, per_client: int, window: float, timeout: float,
             grace: float, seed: int = 9, on_tick=None) -> tuple[list[Result], float, int]:
    """Every client sends ``per_client`` comments at random instants in ``window`` seconds
    (one at a time); no request starts after ``window + grace``. Returns the results, the
    start instant (monotonic) and how many requests were never sent."""
    rng = random.Random(seed)
    schedules = [sorted(rng.uniform(0, window) for _ in range(per_client)) for _ in clients]
    results: list[Result] = []
    lock = threading.Lock()
    not_sent = [0]
    t0 = time.monotonic() + 0.5
    stop_at = t0 + window + grace

    def run(client: Stakeholder, schedule: list[float]) -> None:
        for n, offset in enumerate(schedule):
            now = time.monotonic()
            if now >= stop_at:
                with lock:
                    not_sent[0] += len(schedule) - n
                return
            if t0 + offset > now:
                time.sleep(t0 + offset - now)
            result = client.submit(n, timeout)
            with lock:
                results.append(result)

    threading.stack_size(512 * 1024)
    threads = [threading.Thread(target=run, args=(c, s), daemon=True)
               for c, s in zip(clients, schedules, strict=True)]
    for thread in threads:
        thread.start()
    hard_stop = stop_at + timeout + 5
    while any(t.is_alive() for t in threads) and time.monotonic() < hard_stop:
        if on_tick:
            on_tick(time.monotonic() - t0)
        time.sleep(0.05)
    return results, t0, not_sent[0]


def fetch_forms(clients: list[Stakeholder], *, timeout: float, concurrency: int = 50) -> Counter:
    """Each client GETs the comment form once (the CSRF token), ``concurrency`` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    statuses: Counter = Counter()

    def one(client: Stakeholder) -> int:
        try:
            return client.fetch_form(timeout)
        except (OSError, http.client.HTTPException):
            return 0

    with ThreadPoolExecutor(concurrency) as pool:
        for status in pool.map(one, clients):
            statuses[status] += 1
    return statuses


# --- counting --------------------------------------------------------------------------


def count_comments(consultation, results: list[Result]) -> dict[str, int]:
    """Compare acknowledged requests with stored comments (by the client request id)."""
    from liaison.audit.models import AuditEvent
    from liaison.consultations.models import Comment

    texts = Comment.objects.filter(consultation=consultation).values_list("comment", flat=True)
    stored = Counter(m.group(1) for t in texts if (m := MARKER.search(t)))
    acked = {r.rid for r in results if r.acked}
    sent = {r.rid for r in results}
    comment_ids = list(Comment.objects.filter(consultation=consultation)
                       .values_list("pk", flat=True))
    audited = AuditEvent.objects.filter(verb="comment.create").count()
    numbers = Comment.objects.filter(consultation=consultation).values_list("number", flat=True)
    return {
        "stored": sum(stored.values()),
        "acknowledged": len(acked),
        "lost": len(acked - stored.keys()),
        "duplicated": sum(c - 1 for c in stored.values() if c > 1),
        "stored_not_acknowledged": len((stored.keys() & sent) - acked),
        "stored_unknown": len(stored.keys() - sent),
        "without_audit_event": max(0, len(comment_ids) - audited),
        "duplicate_numbers": len(numbers) - len(set(numbers)),
    }


def audit_verify() -> bool:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=out)
    except SystemExit as exc:
        return not exc.code
    except Exception:
        return False
    return True


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def process_cpu(match) -> float:
    """CPU seconds used so far by the live processes for which ``match(pid, ppid, cmdline)``."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if match(int(entry.name), int(fields[1]), cmdline):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def server_cpu(gunicorn_pid: int, database: str) -> tuple[float, float]:
    """CPU seconds of gunicorn (master and workers) and of PostgreSQL's backends serving
    ``database`` (backends that already exited are not counted)."""
    app = process_cpu(lambda pid, ppid, _c: gunicorn_pid in (pid, ppid))
    db = process_cpu(lambda _p, _pp, cmd: cmd.startswith("postgres: ") and f" {database} " in cmd)
    return app, db


def cpu_busy_fraction(before: list[int], after: list[int]) -> float:
    """Share of all CPUs busy between two readings of /proc/stat's first line."""
    idle = (after[3] + after[4]) - (before[3] + before[4])
    total = sum(after) - sum(before)
    return 1 - idle / total if total else float("nan")


def proc_stat() -> list[int]:
    try:
        with open("/proc/stat") as fh:
            return [int(x) for x in fh.readline().split()[1:9]]
    except OSError:
        return [0] * 8


def latency_figures(results: list[Result]) -> dict[str, tuple[object, str]]:
    ok = [r.latency * 1000 for r in results if r.acked]
    return {
        "latency_p50_ok": (round(percentile(ok, 50), 1), "ms"),
        "latency_p90_ok": (round(percentile(ok, 90), 1), "ms"),
        "latency_p99_ok": (round(percentile(ok, 99), 1), "ms"),
        "latency_max_ok": (round(max(ok), 1) if ok else float("nan"), "ms"),
        "latency_mean_ok": (round(statistics.fmean(ok), 1) if ok else float("nan"), "ms"),
    }


def status_counts(results: list[Result]) -> dict[str, int]:
    counts = Counter("ok_302" if r.acked else (str(r.status) if r.status else "no_answer")
                     for r in results)
    return dict(sorted(counts.items()))


# --- main ------------------------------------------------------------------------------


def main() -> int:
    from benchmarks import report

    n_users = int(os.environ.get("BENCH_RUSH_USERS", "500"))
    per_client = int(os.environ.get("BENCH_RUSH_COMMENTS", "10"))
    window = float(os.environ.get("BENCH_RUSH_WINDOW", "60"))
    workers = int(os.environ.get("BENCH_RUSH_WORKERS", "4"))
    deadline_s = float(os.environ.get("BENCH_RUSH_DEADLINE", "120"))
    timeout = float(os.environ.get("BENCH_RUSH_TIMEOUT", "30"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-rush-") as tmp, \
            scratch_database("liaison_bench_rush") as url:
        home = Path(tmp)
        env = app_environment(url, home)
        django_setup(env)
        from django.core.management import call_command
        from django.db import connections

        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - start
        start = time.perf_counter()
        world = build_world(n_users)
        setup_s = time.perf_counter() - start
        connections.close_all()
        with Gunicorn(env, workers=workers, log=server_log("bench_deadline_rush")) as server:
            consultation = open_consultation(world, deadline_s=deadline_s)
            opened = time.monotonic()
            clients = [Stakeholder(u.pk, world.sessions[u.pk], consultation.pk, server.port)
                       for u in world.users]
            start = time.perf_counter()
            form_statuses = fetch_forms(clients, timeout=timeout)
            forms_s = time.perf_counter() - start
            print(f"forms fetched: {dict(form_statuses)} in {forms_s:.1f} s; rush starts "
                  f"{time.monotonic() - opened:.0f} s after opening", flush=True)
            dbname = urlparse(url).path.lstrip("/")
            cpu0, usage0 = proc_stat(), resource.getrusage(resource.RUSAGE_SELF)
            app0, db0 = server_cpu(server.proc.pid, dbname)
            results, t0, not_sent = run_rush(clients, per_client=per_client, window=window,
                                             timeout=timeout, grace=60)
            cpu1, usage1 = proc_stat(), resource.getrusage(resource.RUSAGE_SELF)
            app1, db1 = server_cpu(server.proc.pid, dbname)
            rush_started_after_open = t0 - opened
        server_errors_logged = server.log_count("Traceback")
        counts = count_comments(consultation, results)
        chain_ok = audit_verify()
        connections.close_all()

    acked = [r for r in results if r.acked]
    first = min((r.started for r in results), default=t0)
    last = max((r.started + r.latency for r in results), default=t0)
    last_ok = max((r.started + r.latency for r in acked), default=t0)
    errors = status_counts(results)
    figures = {
        "stakeholders": (n_users, "users"),
        "comments_attempted": (len(results), "requests"),
        "comments_not_sent": (not_sent, "requests"),
        "comments_acknowledged": (len(acked), "requests"),
        "comments_stored": (counts["stored"], "comments"),
        "comments_lost": (counts["lost"], "comments"),
        "comments_duplicated": (counts["duplicated"], "comments"),
        "stored_not_acknowledged": (counts["stored_not_acknowledged"], "comments"),
        "comments_without_audit_event": (counts["without_audit_event"], "comments"),
        "duplicate_comment_numbers": (counts["duplicate_numbers"], "comments"),
        "audit_chain_verified": (chain_ok, ""),
        **latency_figures(results),
        "throughput_ok": (round(len(acked) / max(last_ok - t0, 1e-9), 1), "comments/s"),
        "all_acknowledged_within": (round(last_ok - t0, 1), "s"),
        "run_time": (round(last - first, 1), "s"),
        "errors_non_2xx_3xx": (len(results) - len(acked), "requests"),
        "server_tracebacks_logged": (server_errors_logged, ""),
        "migrate_time": (round(migrate_s, 1), "s"),
        "setup_time": (round(setup_s, 1), "s"),
        "forms_fetch_time": (round(forms_s, 1), "s"),
        "cpu_count": (os.cpu_count(), "cpus"),
        "cpu_busy_during_rush": (round(100 * cpu_busy_fraction(cpu0, cpu1), 1), "% of all"),
        "client_cpu": (round((usage1.ru_utime + usage1.ru_stime)
                             - (usage0.ru_utime + usage0.ru_stime), 1), "cpu-s"),
        "gunicorn_cpu_during_rush": (round(app1 - app0, 1), "cpu-s"),
        "postgres_cpu_during_rush": (round(db1 - db0, 1), "cpu-s"),
        "server_cpu_per_request": (round(1000 * (app1 - app0 + db1 - db0)
                                         / max(len(results), 1), 1), "cpu-ms"),
        "load_average_before": (round(load_before[0], 2), ""),
        "load_average_after": (round(os.getloadavg()[0], 2), ""),
    }
    for status, n in errors.items():
        figures[f"responses_{status}"] = (n, "requests")
    report("bench_deadline_rush", figures, extra={
        "targets": {"stakeholders": 500, "comments": 5000, "window_s": 60, "gunicorn_workers": 4,
                    "lost": 0, "duplicated": 0},
        "database": "postgresql",
        "gunicorn_workers": workers,
        "deadline_after_opening_s": deadline_s,
        "rush_started_after_opening_s": round(rush_started_after_open, 1),
        "form_fetch_statuses": dict(form_statuses),
        "responses_by_status": errors,
        "sample_errors": sorted({r.error for r in results if r.error})[:10],
    })
    ok = (counts["lost"] == 0 and counts["duplicated"] == 0 and chain_ok
          and len(acked) == n_users * per_client)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
