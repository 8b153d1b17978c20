"""The e-mail a notice becomes: plain text and HTML from templates (or from its kind's writer,
:mod:`liaison.notices.kinds`), in the recipient's language and time zone, links built from
``LIAISON_BASE_URL``, and a Message-ID derived from the notice id (the same on every attempt,
so a receiver can drop a duplicate)."""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import email.utils
import re
import zoneinfo
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from liaison.notices import kinds, links


def message_id(notice_pk: int) -> str:
    host = urlparse(settings.LIAISON_BASE_URL).hostname or "liaison.invalid"
    return f"<notice-{notice_pk}@{host}>"


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def announcement_context(announcement) -> dict:
    """What every recipient of ``announcement`` is told (the same for all of them)."""
    respond = links.respond_path(announcement)
    return {
        "announcement": announcement,
        "org": announcement.liaison_org,
        "project": announcement.project,
        "consultation": announcement.consultation,
        "documents": announcement.documents_snapshot,
        "deadline": announcement.deadline,
        "notice_url": links.absolute(links.notice_path(announcement)),
        "respond_url": links.absolute(respond) if respond else "",
    }


VARYING = ("To", "Message-ID", "Date")
_PLAIN = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~@<>:,\- ]*")


def _fold(policy, name: str, value: str) -> bytes:
    """``policy.fold_binary(name, value)``, without parsing the header when the value is a
    short plain ASCII address, Message-ID or date (which fold to ``Name: value`` as is)."""
    line = f"{name}: {value}"
    if (len(line) <= (policy.max_line_length or 78) and _PLAIN.fullmatch(value)
            and "  " not in value and value == value.strip()):
        return line.encode("ascii") + policy.linesep.encode()
    return policy.fold_binary(name, value)


def _flattened(prototype: email.message.EmailMessage, policy) -> tuple[bytes, bytes]:
    """The prototype's headers other than :data:`VARYING`, folded, and its body, as bytes
    (computed once per policy)."""
    cache = prototype.__dict__.setdefault("_liaison_flat", {})
    if policy not in cache:
        whole = prototype.as_bytes(policy=policy)  # first: it sets the multipart boundary
        fixed = b"".join(policy.fold_binary(k, v) for k, v in prototype._headers
                         if k not in VARYING)
        separator = (policy.linesep * 2).encode()
        cache[policy] = (fixed, whole[whole.index(separator) + len(separator):])
    return cache[policy]


def flat_copy(prototype: email.message.EmailMessage, policy, values: dict) -> bytes:
    """The bytes of a recipient's copy of ``prototype``: what ``_Copy.as_bytes`` gives."""
    fixed, body = _flattened(prototype, policy)
    varying = b"".join(_fold(policy, name, values[name]) for name in VARYING)
    return fixed + varying + policy.linesep.encode() + body


class _Copy(email.message.EmailMessage):
    """A recipient's copy of a prototype message: the same parts, its own To, Message-ID and
    Date. ``as_bytes`` reuses the prototype's flattened headers and body and folds only the
    three headers that differ (what ``smtplib`` is handed is byte-for-byte what the email
    package would produce)."""

    _fixed: bytes = b""
    _body: bytes = b""

    def as_bytes(self, unixfrom=False, policy=None):
        policy = policy or self.policy
        varying = b"".join(_fold(policy, name, str(self[name])) for name in VARYING)
        return self._fixed + varying + policy.linesep.encode() + self._body


def _copy_of(prototype: email.message.EmailMessage, policy, values: dict) -> _Copy:
    msg = _Copy(policy=policy)
    msg.__dict__.update({k: v for k, v in prototype.__dict__.items()
                         if k not in ("_headers", "_liaison_flat", "policy")})
    msg._headers = [(k, v) for k, v in prototype._headers if k not in VARYING]
    for name in VARYING:
        msg[name] = values[name]
    msg._fixed, msg._body = _flattened(prototype, policy)
    return msg


class NoticeEmail(EmailMultiAlternatives):
    """An e-mail whose MIME structure is built once per identical body (``prototypes`` is
    shared by the messages of one batch) and copied for each recipient with its own To,
    Message-ID and Date: what makes hundreds of messages a second possible."""

    def __init__(self, *args, prototypes: dict, key: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self._prototypes, self._key = prototypes, key

    def message(self, *, policy=email.policy.default):
        key = (self._key, policy)
        prototype = self._prototypes.get(key)
        if prototype is None:
            self._prototypes[key] = prototype = super().message(policy=policy)
        return _copy_of(prototype, policy, varying_values(", ".join(self.to),
                                                          self.extra_headers["Message-ID"]))


def varying_values(to: str, message_id: str) -> dict[str, str]:
    """The headers that differ between the recipients of one announcement."""
    return {"To": to, "Message-ID": message_id,
            "Date": email.utils.format_datetime(dt.datetime.now(dt.UTC))}


class Composer:
    """Builds the e-mail of each notice of one or more announcements.

    Every recipient of an announcement is told the same thing; only the language and the time
    zone of the deadline differ, so each (announcement, language, time zone) is rendered once.
    """

    def __init__(self) -> None:
        self._contexts: dict[int, dict] = {}
        self._bodies: dict[tuple[int, str, str], tuple[str, str, str]] = {}
        self._prototypes: dict = {}
        self._languages: dict[int, str] = {}

    def _context(self, announcement) -> dict:
        if announcement.pk not in self._contexts:
            self._contexts[announcement.pk] = announcement_context(announcement)
        return self._contexts[announcement.pk]

    def _bodies_for(self, announcement, language: str, zone: str) -> tuple[str, str, str]:
        """(subject, plain text, HTML) of ``announcement`` in ``language`` and ``zone``: from
        the kind's writer (:data:`kinds.WRITERS`) if it has one, else a step's own templates
        (its heading and text), else the notice templates under the subject the coordinator
        typed."""
        key = (announcement.pk, language, zone)
        if key not in self._bodies:
            step = announcement.kind == "step"
            name = "step" if step else "notice"
            with translation.override(language), timezone.override(_zone(zone)):
                writer = kinds.WRITERS.get(announcement.kind)
                if writer is not None:
                    self._bodies[key] = writer(announcement)
                else:
                    ctx = {**self._context(announcement), "time_zone": zone}
                    if step:
                        ctx["text"] = announcement.text
                    self._bodies[key] = (announcement.heading if step else announcement.subject,
                                         render_to_string(f"notices/email/{name}.txt", ctx),
                                         render_to_string(f"notices/email/{name}.html", ctx))
        return self._bodies[key]

    def _user_language(self, user_id: int) -> str:
        """A recipient without a stakeholder record here: the language saved on any record
        of theirs (``access.language``), else English."""
        from liaison.access.language import supported
        from liaison.registry.models import Stakeholder

        if user_id not in self._languages:
            code = (Stakeholder.objects.filter(user_id=user_id).exclude(language="")
                    .order_by("pk").values_list("language", flat=True).first())
            self._languages[user_id] = code if supported(code) else settings.LANGUAGE_CODE
        return self._languages[user_id]

    def _key(self, notice) -> tuple[int, str, str]:
        stakeholder = notice.stakeholder
        if stakeholder is None:  # a user told of a step: the organization's time zone
            return (notice.announcement_id, self._user_language(notice.user_id),
                    notice.announcement.liaison_org.time_zone or "UTC")
        return (notice.announcement_id, stakeholder.language or settings.LANGUAGE_CODE,
                stakeholder.time_zone or "UTC")

    def message(self, notice) -> EmailMultiAlternatives:
        announcement = notice.announcement
        _pk, language, zone = key = self._key(notice)
        subject, text, html = self._bodies_for(announcement, language, zone)
        message = NoticeEmail(
            subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notice.address], prototypes=self._prototypes, key=key,
            headers={"Message-ID": message_id(notice.pk),
                     "X-Liaison-Announcement": str(announcement.pk),
                     "Auto-Submitted": "auto-generated"},
        )
        if html:
            message.attach_alternative(html, "text/html")
        return message

    def raw(self, notice) -> bytes:
        """The bytes the SMTP backend would send for ``notice`` (``policy.SMTP``), copied from
        the prototype of its (announcement, language, time zone) without building a message
        object per recipient."""
        policy = email.policy.SMTP
        prototype = self._prototypes.get((self._key(notice), policy))
        if prototype is None:
            return self.message(notice).message(policy=policy).as_bytes()
        return flat_copy(prototype, policy, varying_values(notice.address,
                                                           message_id(notice.pk)))


def compose(notice) -> EmailMultiAlternatives:
    """The message for one e-mail notice (see :class:`Composer` for many)."""
    return Composer().message(notice)
