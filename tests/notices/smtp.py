"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port.

``smtp_server`` (a pytest fixture) starts it, points ``settings.MAILERS`` at it and yields a
:class:`SMTPSink`: ``.messages`` (every message received, parsed), ``.port``, ``.down()`` (stop
listening: the next connection is refused) and ``.up()`` (listen again on the same port),
``.refuse_rcpt`` / ``.refuse_data`` (addresses answered ``550`` at RCPT or after the content),
``.pipelining`` (whether EHLO offers PIPELINING; on by default).

aiosmtpd reads pipelined commands one after the other (RFC 2920) but does not advertise
PIPELINING; the sink says it, so the sender's pipelined path runs against a real server.
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

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if not self.sink.pipelining:
            return responses
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.sink.refuse_rcpt:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & self.sink.refuse_data:
            return "554 5.6.0 Message refused"
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
        self.pipelining = True
        self.refuse_rcpt: set[str] = set()
        self.refuse_data: set[str] = set()
        self._controller: Controller | None = None

    @property
    def recipients(self) -> list[str]:
        """Every envelope recipient, one per message delivered (duplicates kept)."""
        return [to for _from, tos in self.envelopes for to in tos]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        """The messages delivered to ``address``, in order."""
        return [m for m, (_from, tos) in zip(self.messages, self.envelopes, strict=True)
                if address in tos]

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


def text(message: email.message.EmailMessage) -> str:
    """The plain-text part of a delivered message."""
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """A running aiosmtpd server that the app's default mailer sends to."""
    sink = SMTPSink()
    sink.up()
    settings.MAILERS = sink.mailers_setting()
    yield sink
    sink.down()
