"""Appeal notices by e-mail: at every step the appellant and each panel member get one
message, sent after the step's transaction commits over one connection of Django's default
mailer. Each message is an :class:`~liaison.appeals.models.AppealNotice`: *sent* when the
server accepted it, *failed* with the reason otherwise (the appeal's page shows both); either
way the outcome is in the audit trail and a mail failure never undoes the step.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.access.language import recipient_language
from liaison.audit.services import audit_record

log = logging.getLogger(__name__)


def compose(notice) -> EmailMessage:
    """The notice in its recipient's language (``access.language.recipient_language``)."""
    appeal = notice.appeal
    url = settings.LIAISON_BASE_URL.rstrip("/") + reverse("appeals:detail", args=[appeal.pk])
    with translation.override(recipient_language(
            appeal.liaison_org, user=notice.recipient, email=notice.email)):
        body = render_to_string("appeals/email/notice.txt", {
            "appeal": appeal, "notice": notice, "url": url,
            "panel": notice.role == notice.To.PANEL})
        subject = _("[%(org)s] %(ref)s: %(step)s") % {
            "org": appeal.liaison_org, "ref": appeal.reference, "step": notice.step_label}
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[notice.email],
        headers={"Auto-Submitted": "auto-generated", "X-Liaison-Appeal": str(appeal.pk)})


def _record(notice, state: str, error: str = "") -> None:
    from liaison.appeals.models import AppealNotice

    with transaction.atomic():
        AppealNotice.objects.filter(pk=notice.pk).update(
            state=state, error=error[:300],
            sent_at=timezone.now() if state == AppealNotice.State.SENT else None)
        audit_record(actor=None, verb=f"appeal.notice_{state}", target=notice.appeal,
                     liaison_org=notice.appeal.liaison_org,
                     summary=f"{notice.appeal.reference} {notice.step} notice {state}: "
                             f"{notice.email}",
                     data={"notice": notice.pk, "step": notice.step, "email": notice.email,
                           "error": error[:300]})


def send_notices(notice_ids: list[int]) -> int:
    """Send the queued notices among ``notice_ids``; returns how many the server accepted."""
    from liaison.appeals.models import AppealNotice

    notices = list(AppealNotice.objects.filter(pk__in=notice_ids,
                                               state=AppealNotice.State.QUEUED)
                   .select_related("appeal__liaison_org"))
    if not notices:
        return 0
    mailer = mailers.default
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("appeal notices: mail server unreachable: %s", exc)
        for notice in notices:
            _record(notice, AppealNotice.State.FAILED, f"{type(exc).__name__}: {exc}")
        return 0
    sent = 0
    try:
        for notice in notices:
            try:
                mailer.send_messages([compose(notice)])
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                _record(notice, AppealNotice.State.FAILED, f"{type(exc).__name__}: {exc}")
            else:
                _record(notice, AppealNotice.State.SENT)
                sent += 1
    finally:
        mailer.close()
    return sent
