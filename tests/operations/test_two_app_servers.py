"""Two app servers on one PostgreSQL (docs/operations.md, "Scaling out"): what one user does
through one server holds when the next request lands on the other.

Each server is a real ``gunicorn liaison.config.wsgi`` process on its own loopback port,
reached over HTTP like a browser behind a load balancer would (cookies, the CSRF token of the
page served). No state that decides an answer lives in a server's memory: the sign-in
failures and locks are rows, so a lock set through server A refuses the same account on
server B. The servers need the test database from outside: PostgreSQL only (CI runs it there).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.db import connection

from liaison.audit.models import AuditEvent
from liaison.registry import services
from tests.conftest import PASSWORD

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="an app server process reaches the test database only on "
                              "PostgreSQL"),
]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """One gunicorn process (one worker) serving liaison on ``127.0.0.1:port``."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url(), "LIAISON_HOME": str(REPO),
               "SECRET_KEY": settings.SECRET_KEY}
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [REPO / ".venv" / "bin" / "gunicorn", "liaison.config.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"app server on {self.port} exited"
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"app server on {self.port} did not listen in {timeout} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        self.log.close()


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them, over plain HTTP; redirects are not
    followed so a sign-in's 302 stays visible."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect)

    def open(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def sign_in(self, server: AppServer, username: str, password: str) -> tuple[int, dict, str]:
        url = f"{server.url}/accounts/login/"
        status, _, page = self.open(url)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return self.open(url, {"csrfmiddlewaretoken": token, "username": username,
                               "password": password})


@pytest.fixture
def two_servers(tmp_path):
    servers = [AppServer(tmp_path / "a.log"), AppServer(tmp_path / "b.log")]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_a_sign_in_lock_set_through_one_server_holds_on_the_other(two_servers, org, settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the servers' hashers
    a, b = two_servers
    services.user_create(actor=None, username="ada", email="ada@example.org", password=PASSWORD)
    services.user_create(actor=None, username="grace", email="grace@example.org",
                         password=PASSWORD)
    browser = Browser()

    for _ in range(settings.LIAISON_SIGNIN_MAX_FAILURES):
        status, _, page = browser.sign_in(a, "ada", "wrong password")
        assert status == 200 and "Too many failed" not in page

    # Server B never saw those attempts: it refuses the right password all the same.
    status, headers, page = browser.sign_in(b, "ada", PASSWORD)
    assert status == 429
    assert int(headers["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in page
    assert not AuditEvent.objects.filter(verb="auth.sign_in").exists()
    assert AuditEvent.objects.filter(
        verb="auth.sign_in_failed").count() == settings.LIAISON_SIGNIN_MAX_FAILURES

    # The lock is ada's, not server B's: another account signs in there.
    status, headers, _ = Browser().sign_in(b, "grace", PASSWORD)
    assert status == 302 and headers["Location"] != "/accounts/login/"
    assert AuditEvent.objects.filter(verb="auth.sign_in").count() == 1
