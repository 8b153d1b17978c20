"""`make run`'s mail catcher and the outbox page: what the app sends is caught by a real SMTP
server (aiosmtpd) into a Maildir and shown to coordinators, with links to this server."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.utils import timezone

from liaison.notices import delivery, services
from liaison.notices.audience import Criteria
from liaison.notices.models import Notice
from liaison.outbox import catcher
from liaison.registry.models import Role
from tests.notices.smtp import free_port


@pytest.fixture
def outbox(settings, tmp_path):
    """The catcher on a free loopback port, the app's mailer and outbox page pointed at it."""
    port = free_port()
    controller = catcher.start(host="127.0.0.1", port=port, path=tmp_path / "outbox")
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}
    settings.LIAISON_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.LIAISON_BASE_URL = "http://127.0.0.1:8123"
    yield tmp_path / "outbox"
    controller.stop()


def announce_and_deliver(world, coordinator):
    announcement = services.announcement_send(
        actor=coordinator, project=world.project, criteria=Criteria(),
        subject="Announcement of the DIS", documents=world.documents,
        deadline=timezone.now() + timezone.timedelta(days=20))
    ids = list(Notice.objects.filter(announcement=announcement, channel=Notice.Channel.EMAIL)
               .values_list("pk", flat=True))
    outcome = delivery.deliver(ids, worker="test")
    return announcement, outcome


def test_the_outbox_shows_every_caught_mail_with_links_back_to_this_server(
        world, coordinator, outbox, client):
    _announcement, outcome = announce_and_deliver(world, coordinator)
    told = sorted(world.emails("Alice", "Bob", "Carol"))
    assert outcome.sent == len(told) and outcome.failed == 0
    client.force_login(coordinator)

    page = client.get("/dev/outbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{len(told)} messages caught." in html
    for address in told:
        assert address in html
    key = page.context["caught"][0].key

    one = client.get(f"/dev/outbox/{key}/")
    assert one.status_code == 200
    message = one.context["m"]
    assert message.subject == "Announcement of the DIS"
    assert message.to in told
    assert any(url.startswith("http://127.0.0.1:8123/") for url in message.links)
    assert "http://127.0.0.1:8123/" in message.text


def test_the_outbox_is_for_staff_only(world, make_user, outbox, client):
    client.force_login(make_user(Role.STAKEHOLDER, username="sofia"))
    assert client.get("/dev/outbox/").status_code == 403


def test_no_outbox_without_a_catcher_or_in_production(coordinator, client, settings, tmp_path):
    client.force_login(coordinator)
    settings.LIAISON_OUTBOX_DIR = ""
    assert client.get("/dev/outbox/").status_code == 404
    settings.LIAISON_OUTBOX_DIR = str(tmp_path)
    settings.PRODUCTION = True
    assert client.get("/dev/outbox/").status_code == 404


def test_an_unknown_message_is_a_404(coordinator, outbox, client):
    client.force_login(coordinator)
    assert client.get("/dev/outbox/nothing-here/").status_code == 404
    assert client.get("/dev/outbox/..%2Fsecret/").status_code == 404


def test_links_in_mail_follow_the_port_served():
    """Without LIAISON_BASE_URL, the default follows PORT (what `make run` serves on)."""
    env = {k: v for k, v in os.environ.items() if k != "LIAISON_BASE_URL"}
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='liaison.config.settings';"
            "django.setup(); from django.conf import settings; print(settings.LIAISON_BASE_URL)")
    out = subprocess.run([sys.executable, "-c", code], env={**env, "PORT": "8123"},
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "http://127.0.0.1:8123"
