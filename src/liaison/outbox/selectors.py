"""The caught messages, read from the catcher's Maildir (newest first).

A message is shown as the recipient's mail program would: its text and HTML parts, and every
link found in either (so a developer can follow the link a stakeholder would get).
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from liaison.outbox.catcher import ENVELOPE_HEADER

_LINK = re.compile(r"https?://[^\s<>\"')\]]+")


@dataclass(frozen=True)
class Caught:
    key: str
    subject: str
    sender: str
    to: str
    date: datetime | None
    text: str = ""
    html: str = ""
    links: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)


def _maildir(path: str) -> mailbox.Maildir | None:
    return mailbox.Maildir(path, create=False) if path and Path(path, "cur").is_dir() else None


def _parse(key: str, raw: bytes, *, full: bool) -> Caught:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        date = parsedate_to_datetime(msg["Date"]) if msg["Date"] else None
    except (TypeError, ValueError):
        date = None
    common = {"key": key, "subject": str(msg["Subject"] or ""), "sender": str(msg["From"] or ""),
              "to": str(msg[ENVELOPE_HEADER] or msg["To"] or ""), "date": date}
    if not full:
        return Caught(**common)
    text = html = ""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        if part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    links = list(dict.fromkeys(_LINK.findall(text) + _LINK.findall(html)))
    return Caught(**common, text=text, html=html, links=links,
                  headers=[(k, str(v)) for k, v in msg.items()])


def caught_messages(path: str, *, limit: int = 500) -> tuple[list[Caught], int]:
    """The newest ``limit`` messages (headers only) and how many there are in all."""
    box = _maildir(path)
    if box is None:
        return [], 0
    found = []
    for key in box.iterkeys():
        with box.get_file(key) as fh:
            head = fh.read(64 * 1024)
        found.append(_parse(key, head, full=False))
    found.sort(key=lambda c: (c.date is not None, c.date or 0, c.key), reverse=True)
    return found[:limit], len(found)


def caught_message(path: str, key: str) -> Caught | None:
    """One message in full, or None when there is no such message."""
    box = _maildir(path)
    if box is None or "/" in key or key not in box:
        return None
    with box.get_file(key) as fh:
        return _parse(key, fh.read(), full=True)
