"""Password reset by e-mail, end to end through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import re
import socket
import time
from email import policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from liaison.audit.models import AuditEvent
from liaison.registry.models import Role
from liaison.security.models import SignInFailure


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait(self, count: int = 1, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": port}}}
    yield inbox
    controller.stop()


def test_reset_by_e_mail_then_sign_in_with_the_new_password(client, make_user, smtp, settings):
    settings.LIAISON_BASE_URL = "https://liaison.example.org"
    settings.LIAISON_SIGNIN_MAX_FAILURES = 2
    user = make_user(Role.EXPERT, username="erin")
    for _ in range(2):  # locked out: the reset is the way back in
        client.post("/accounts/login/", {"username": "erin", "password": "forgotten"})
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page

    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/accounts/password/reset/sent/"
    (message,) = smtp.wait()
    assert message["To"] == user.email
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https://liaison\.example\.org/accounts/password/reset/\S+", body)[0]

    response = client.get(urlsplit(link).path, follow=True)
    assert "Choose a new password" in response.content.decode()
    set_password_url = response.redirect_chain[-1][0]
    new = "a-fresh-and-long-passphrase-2026"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert AuditEvent.objects.filter(verb="auth.password_reset", actor=user).exists()
    assert not SignInFailure.objects.filter(cleared=False).exists()

    response = client.post("/accounts/login/", {"username": "erin", "password": new})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # the link works once
    client.logout()
    assert "This link does not work" in client.get(urlsplit(link).path, follow=True
                                                   ).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, smtp):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    time.sleep(0.3)
    assert smtp.messages == []
