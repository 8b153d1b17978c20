"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port.

``smtp_server`` (a pytest fixture) starts it, points ``settings.MAILERS`` at it and yields a
:class:`SMTPSink`: ``.messages`` (every message received, parsed), ``.port``, ``.down()`` (stop
listening: the next connection is refused) and ``.up()`` (listen again on the same port).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink: SMTPSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)
            self.sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SMTPSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def recipients(self) -> list[str]:
        """Every envelope recipient, one per message delivered (duplicates kept)."""
        return [to for _from, tos in self.envelopes for to in tos]

    def up(self) -> None:
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def mailers_setting(self) -> dict:
        return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5}}}


@pytest.fixture
def smtp_server(settings):
    """A running aiosmtpd server that the app's default mailer sends to."""
    sink = SMTPSink()
    sink.up()
    settings.MAILERS = sink.mailers_setting()
    yield sink
    sink.down()
