"""Shared fixtures: an organization, users by role, signed-in clients, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from liaison.registry import services
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import LiaisonOrganization, Role
from tests.notices.smtp import smtp_server  # noqa: F401  (real SMTP server for tests)

PASSWORD = "correct-horse-battery-staple"
REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("LIAISON_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data folder {SHARED_DATA} is not present")
    return SHARED_DATA


@pytest.fixture
def org(db) -> LiaisonOrganization:
    ensure_iso_categories()  # a transactional test before this one may have flushed them
    return services.liaison_org_create(actor=None, name="Test Metadata Initiative",
                                       short_name="TMI", slug="tmi", time_zone="Europe/Paris")


@pytest.fixture
def other_org(db) -> LiaisonOrganization:
    return services.liaison_org_create(actor=None, name="Other Standards Forum",
                                       short_name="OSF", slug="osf")


@pytest.fixture
def make_user(db, org):
    def make(role: str, *, username: str | None = None, liaison_org=None):
        user = services.user_create(actor=None, username=username or role,
                                    email=f"{username or role}@example.org", password=PASSWORD)
        services.membership_grant(actor=None, user=user, liaison_org=liaison_org or org,
                                  role=role)
        return user

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def client_as(client, make_user):
    """``client_as(role)``: the test client signed in as a new user with that role."""

    def sign_in(role: str):
        client.force_login(make_user(role))
        return client

    return sign_in


CHROMIUM = os.environ.get("LIAISON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped when Chromium is absent, unless
    LIAISON_REQUIRE_BROWSER=1 (CI), where its absence fails the run."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("LIAISON_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  timezone_id="Europe/Paris")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many accounts; hashing strength is not what they check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
