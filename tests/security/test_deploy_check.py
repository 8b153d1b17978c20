"""Production settings pass ``liaison check --deploy``; every page carries the CSP header;
templates use nothing the policy would block."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from liaison.registry.models import Role

SRC = Path(__file__).resolve().parents[2] / "src" / "liaison"


def liaison(args: list[str], env: dict[str, str], home: Path) -> subprocess.CompletedProcess:
    # the environment of a production process: nothing the test session set for itself
    # (the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rejects)
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "LIAISON_ENV",
                          "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args], capture_output=True, text=True,
        timeout=120, cwd=home,
        env={**clean, "LIAISON_HOME": str(home),
             "DATABASE_URL": f"sqlite:///{home / 'check.sqlite3'}", **env})


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = liaison(["check", "--deploy", "--fail-level", "WARNING"], {
        "LIAISON_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "liaison.example.org"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = liaison(["check"], {"LIAISON_ENV": "production",
                                 "ALLOWED_HOSTS": "liaison.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "needs SECRET_KEY in the environment" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = liaison(["check"], {"LIAISON_ENV": "production", "SECRET_KEY": "short",
                                 "ALLOWED_HOSTS": "liaison.example.org"}, tmp_path)
    assert result.returncode != 0


@pytest.mark.parametrize("page", ["public:home", "login", "password_reset", "projects:list",
                                  "security:enrol"])
def test_pages_carry_the_content_security_policy(client, make_user, page):
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(reverse(page))
    assert response.status_code == 200
    policy = dict(p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
EVENT_ATTR = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)


def test_templates_use_nothing_the_policy_blocks():
    """The CSP allows scripts and styles from files only: no inline <script>, no style=""
    attributes, no on*="" handlers (use classes in static/liaison/app.css). E-mail templates
    (in an ``email/`` folder or named ``*email*``) are exempt: mail clients need inline styles
    and no browser applies this policy to them."""
    offenders = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        if "email" in path.name or "email" in path.parent.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for rule, pattern in (("inline <script>", INLINE_SCRIPT), ("style attribute",
                              STYLE_ATTR), ("event-handler attribute", EVENT_ATTR)):
            offenders += [f"{path.relative_to(SRC)}: {rule}" for _ in pattern.findall(text)]
    assert not offenders, "\n".join(offenders)


def test_upload_limits_are_bounded(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.LIAISON_UPLOAD_MAX_BYTES <= 50 * 1024 * 1024
