"""A delivery failure said in words a coordinator reads, not as an exception's repr.

``last_error`` keeps what the mail library said (``ConnectionRefusedError: [Errno 111]
Connection refused``); :func:`explain` turns it into what happened and what comes next: "the
mail server at 127.0.0.1:8025 refused the connection; next try at 14:05". The raw text stays
on the delivery log for whoever runs the mail server.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# (what last_error starts with or contains, the sentence); first match wins.
_CAUSES: list[tuple[tuple[str, ...], str]] = [
    (("ConnectionRefusedError", "Connection refused"),
     gettext_noop("the mail server at %(server)s refused the connection (is it running?)")),
    (("TimeoutError", "timed out", "socket.timeout"),
     gettext_noop("the mail server at %(server)s did not answer in time")),
    (("gaierror", "Name or service not known", "nodename nor servname"),
     gettext_noop("the mail server's name %(host)s could not be found")),
    (("SMTPAuthenticationError",),
     gettext_noop("the mail server at %(server)s refused the user name or password")),
    (("SSLError", "SSLCertVerificationError", "STARTTLS"),
     gettext_noop("the secure connection to the mail server at %(server)s failed")),
    (("SMTPServerDisconnected", "Connection unexpectedly closed", "ConnectionResetError"),
     gettext_noop("the mail server at %(server)s closed the connection")),
    (("SMTPRecipientsRefused",),
     gettext_noop("the mail server refused this address")),
    (("consent to be contacted withdrawn",),
     gettext_noop("not sent: the stakeholder withdrew their consent to be contacted")),
    (("the claim was taken by another worker",),
     gettext_noop("the sending worker stopped; another one sends it")),
]


def mail_server() -> tuple[str, str]:
    """(host, host:port) of the default mailer, as configured."""
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    host = str(options.get("host", "localhost"))
    return host, f"{host}:{options.get('port', 25)}"


def cause(error: str) -> str:
    """What went wrong, in words (the server's own answer when it is none of the known ones)."""
    host, server = mail_server()
    for needles, sentence in _CAUSES:
        if any(n in error for n in needles):
            return _(sentence) % {"server": server, "host": host}
    detail = error.split(": ", 1)[-1].strip() or error
    return _("the mail server at %(server)s answered: %(answer)s") % {
        "server": server, "answer": detail[:300]}


def explain(error: str, next_attempt_at: dt.datetime | None,
            now: dt.datetime | None = None) -> str:
    """The cause, and when it is tried again (or that it will not be)."""
    if not error:
        return ""
    said = cause(error)
    if next_attempt_at is None:
        return _("%(cause)s; it will not be tried again.") % {"cause": said}
    now = now or timezone.now()
    if next_attempt_at <= now:
        return _("%(cause)s; trying again now.") % {"cause": said}
    return _("%(cause)s; next try at %(time)s.") % {
        "cause": said, "time": time_format(timezone.localtime(next_attempt_at), "TIME_FORMAT")}
