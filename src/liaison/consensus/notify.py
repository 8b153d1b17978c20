"""Telling people what happened to the position (positions to review, the outcome, the
secretariat's observations), by e-mail through Django's default mailer.

The notices app offers no generic "tell these stakeholders" service yet, so this module sends
its own mail. Rules: who is told, and what, is recorded in the audit trail inside the calling
service's transaction; the messages leave only after that transaction commits
(``transaction.on_commit``), one per recipient over one connection; a mail failure is logged
and recorded (``consensus.mail_failed``) and never undoes the change.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import translation

from liaison.access.language import languages_by_address
from liaison.audit.services import audit_record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def compose[T](liaison_org, recipients: Iterable[tuple[str, T]],
               build: Callable[[T], tuple[str, str]]) -> list[Message]:
    """One message per (address, detail): ``build(detail)`` gives its subject and body, run
    in the recipient's language (``access.language.languages_by_address``: one query for all
    the recipients; English without a saved one)."""
    pairs = [(address, detail) for address, detail in recipients if address]
    spoken = languages_by_address(liaison_org, (address for address, _detail in pairs))
    messages = []
    for address, detail in pairs:
        with translation.override(spoken.get(address.lower(), settings.LANGUAGE_CODE)):
            subject, body = build(detail)
            messages.append(Message(to=address, subject=str(subject), body=str(body)))
    return messages


def absolute(path: str) -> str:
    return settings.LIAISON_BASE_URL.rstrip("/") + path


def _send(messages: list[Message], liaison_org_id: int, verb: str) -> None:
    mailer = mailers.default
    failed: list[tuple[str, str]] = []
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException) as exc:
        failed = [(m.to, f"{type(exc).__name__}: {exc}") for m in messages]
    else:
        try:
            for m in messages:
                mail = EmailMessage(subject=m.subject, body=m.body,
                                    from_email=settings.DEFAULT_FROM_EMAIL, to=[m.to],
                                    headers={"Auto-Submitted": "auto-generated"})
                try:
                    mailer.send_messages([mail])
                except (OSError, smtplib.SMTPException, ValueError) as exc:
                    failed.append((m.to, f"{type(exc).__name__}: {exc}"))
        finally:
            mailer.close()
    if failed:
        log.warning("%s: %d message(s) not sent: %s", verb, len(failed), failed[0][1])
        from liaison.registry.models import LiaisonOrganization

        with transaction.atomic():
            audit_record(actor=None, verb="consensus.mail_failed",
                         liaison_org=LiaisonOrganization.objects.filter(
                             pk=liaison_org_id).first(),
                         summary=f"{verb}: {len(failed)} e-mail(s) not sent",
                         data={"notice": verb, "failed": [
                             {"to": to, "error": err[:300]} for to, err in failed]})


def tell(*, actor, liaison_org, target, verb: str, summary: str,
         messages: Sequence[Message], data: dict | None = None) -> None:
    """Record who is told (``verb``) now, and send the messages once the transaction commits."""
    messages = [m for m in messages if m.to]
    audit_record(actor=actor, verb=verb, target=target, liaison_org=liaison_org,
                 summary=f"{summary} ({len(messages)} e-mail(s))",
                 data={**(data or {}), "recipients": sorted({m.to for m in messages})})
    if messages:
        org_id = liaison_org.pk
        transaction.on_commit(lambda: _send(list(messages), org_id, verb))
