"""A local SMTP server that keeps every message it receives in a Maildir, for ``make run``.

Nothing is relayed: a message is written to ``<maildir>/new`` (one file per message, the bytes
as received, with ``X-Liaison-Envelope-To`` naming the envelope recipients first) and answered
``250``. The outbox page (:mod:`liaison.outbox.selectors`) reads the same folder, so the
catcher and the web server share nothing but a directory. Like Mailpit or MailHog, built on
aiosmtpd (already what the tests use as their SMTP server).
"""

from __future__ import annotations

import mailbox
from pathlib import Path

ENVELOPE_HEADER = "X-Liaison-Envelope-To"


class MaildirHandler:
    """aiosmtpd handler: each accepted message goes into the Maildir at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        for sub in ("tmp", "new", "cur"):  # Maildir(create=True) skips an existing folder's
            (self.path / sub).mkdir(parents=True, exist_ok=True)
        self.maildir = mailbox.Maildir(self.path, create=False)

    async def handle_DATA(self, server, session, envelope) -> str:
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        header = f"{ENVELOPE_HEADER}: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        self.maildir.add(header + content)
        return "250 Message caught (kept in the outbox, not relayed)"


def start(*, host: str, port: int, path: str | Path):
    """Start the catcher in a background thread; return the aiosmtpd controller (``.stop()``)."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError as exc:  # a production install without the dev extras
        raise RuntimeError("the mail catcher needs aiosmtpd: pip install -e '.[dev]'") from exc
    controller = Controller(MaildirHandler(path), hostname=host, port=port)
    controller.start()
    return controller
