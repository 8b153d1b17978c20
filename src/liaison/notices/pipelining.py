"""Sending many messages over one open SMTP connection, with ESMTP PIPELINING (RFC 2920) when
the server offers it.

Rules:
- without PIPELINING the exchange is smtplib's own, one command at a time
  (``MAIL``, ``RCPT``, ``DATA``, the message: four round trips a message);
- with PIPELINING, a message's ``MAIL``/``RCPT``/``DATA`` go in one write and the message
  content is written together with the *next* message's ``MAIL``/``RCPT``/``DATA`` (the
  content may open a group, ``DATA`` closes one): one round trip a message. Only the envelope
  of the next message travels early — its content is written only after the reply to this
  message has been read, so the caller can record each acceptance before anything else is
  delivered;
- a message the server did not accept raises what ``smtplib.SMTP.sendmail`` raises
  (``SMTPSenderRefused``, ``SMTPRecipientsRefused``, ``SMTPDataError``,
  ``SMTPServerDisconnected``), with the connection left ready for the next message;
- a connection left waiting for a message's content (``DATA`` answered ``354``) is closed
  without ``QUIT`` (:meth:`Pipeline.abandon`): a server keeps nothing of an unfinished message.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass

CRLF = b"\r\n"
_PERIODS = re.compile(rb"(?m)^\.")


@dataclass(frozen=True)
class Envelope:
    """One message to one recipient: the addresses (already checked) and the bytes."""

    sender: str
    recipient: str
    data: bytes


def _content(data: bytes) -> bytes:
    """The message as sent after ``DATA`` (as ``smtplib`` sends bytes): leading dots doubled,
    the final ``.`` line."""
    quoted = _PERIODS.sub(b"..", data)
    if not quoted.endswith(CRLF):
        quoted += CRLF
    return quoted + b"." + CRLF


class Pipeline:
    """Sends :class:`Envelope` s over ``smtp`` (an open, greeted ``smtplib.SMTP``)."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp
        smtp.ehlo_or_helo_if_needed()
        self.pipelining = bool(smtp.does_esmtp and smtp.has_extn("pipelining"))
        self._size = bool(smtp.does_esmtp and smtp.has_extn("size"))
        self._announced: Envelope | None = None  # envelope written, replies not yet read
        self.waiting_for_content = False

    def _commands(self, envelope: Envelope) -> bytes:
        if any(c in envelope.sender + envelope.recipient for c in "\r\n"):
            raise ValueError("an address contains a line break")
        options = f" SIZE={len(envelope.data)}" if self._size else ""
        return (f"MAIL FROM:{smtplib.quoteaddr(envelope.sender)}{options}\r\n"
                f"RCPT TO:{smtplib.quoteaddr(envelope.recipient)}\r\nDATA\r\n"
                ).encode("ascii")

    def _reply(self) -> tuple[int, bytes]:
        return self.smtp.getreply()

    def _refused(self, code: int, reply: bytes, exc: smtplib.SMTPException) -> None:
        if code == 421:
            self.smtp.close()
        else:
            self.smtp.rset()
        raise exc

    def send(self, envelope: Envelope, following: Envelope | None = None) -> None:
        """Deliver ``envelope``; with PIPELINING, ``following`` (the message the caller will
        send next, already checked) has its envelope written with this message's content."""
        if not self.pipelining:
            self.smtp.sendmail(envelope.sender, [envelope.recipient], envelope.data)
            return
        if self._announced is not envelope:
            self.smtp.send(self._commands(envelope))
        self._announced = None
        mail, rcpt, data = self._reply(), self._reply(), self._reply()
        if data[0] == 354:
            self.waiting_for_content = True
            if mail[0] != 250 or rcpt[0] not in (250, 251):
                # A server should not say 354 after refusing the envelope; end the empty
                # message so that the connection stays usable.
                self.smtp.send(b"." + CRLF)
                self._reply()
                self.waiting_for_content = False
        if mail[0] != 250:
            self._refused(mail[0], mail[1],
                          smtplib.SMTPSenderRefused(mail[0], mail[1], envelope.sender))
        if rcpt[0] not in (250, 251):
            self._refused(rcpt[0], rcpt[1],
                          smtplib.SMTPRecipientsRefused({envelope.recipient: rcpt}))
        if data[0] != 354:
            self._refused(data[0], data[1], smtplib.SMTPDataError(*data))
        out = _content(envelope.data)
        if following is not None:
            try:
                out += self._commands(following)
            except ValueError:  # it will fail on its own turn, not this message's
                following = None
        self.smtp.send(out)
        self.waiting_for_content = False
        self._announced = following
        code, reply = self._reply()
        if code != 250:
            if code == 421:
                self.smtp.close()
            raise smtplib.SMTPDataError(code, reply)

    @property
    def clean(self) -> bool:
        """Whether the connection may be ended politely (``QUIT``)."""
        return self._announced is None and not self.waiting_for_content

    def abandon(self) -> None:
        """Drop the connection without ``QUIT`` (an announced message must not be ended)."""
        self.smtp.close()
