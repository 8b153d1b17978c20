"""Meeting invitations by e-mail: one message per invited member, with the meeting's .ics
attached (``text/calendar; method=REQUEST``), sent after the transaction that scheduled the
meeting commits, over one connection of Django's default mailer.

A message the server accepts marks its invitation *sent*; one it refuses, or a server that
cannot be reached, marks it *failed* with the reason (the page offers to send again). Either
way the outcome is recorded in the audit trail; a mail failure never undoes the meeting.
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
from liaison.committees import ics, selectors
from liaison.committees.models import Invitation, Meeting

log = logging.getLogger(__name__)


def compose(invitation: Invitation, calendar: bytes) -> EmailMessage:
    """The invitation in its recipient's language (``access.language.recipient_language``)."""
    meeting = invitation.meeting
    member = invitation.member
    with translation.override(recipient_language(
            meeting.committee.liaison_org, user=member.user, stakeholder=member.stakeholder,
            email=invitation.email)):
        body = render_to_string("committees/email/invitation.txt", {
            "meeting": meeting, "member": member, "agenda": meeting.agenda.all(),
            "url": settings.LIAISON_BASE_URL.rstrip("/")
            + reverse("committees:meeting", args=[meeting.pk])})
        subject = _("%(committee)s: %(title)s") % {"committee": meeting.committee,
                                                   "title": meeting.title}
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.email],
        headers={"Auto-Submitted": "auto-generated",
                 "X-Liaison-Meeting": str(meeting.pk)})
    message.attach("invitation.ics", calendar, "text/calendar; method=REQUEST")
    return message


def _record(invitation: Invitation, state: str, error: str = "") -> None:
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            state=state, error=error[:300],
            sent_at=timezone.now() if state == Invitation.State.SENT else None)
        audit_record(actor=None, verb=f"meeting.invitation_{state}", target=invitation.meeting,
                     liaison_org=invitation.meeting.committee.liaison_org,
                     summary=f"invitation to “{invitation.meeting}” {state}: "
                             f"{invitation.email}",
                     data={"invitation": invitation.pk, "email": invitation.email,
                           "error": error[:300]})


def send_invitations(meeting_pk: int, invitation_ids: list[int]) -> int:
    """Send the queued invitations among ``invitation_ids``; returns how many were sent."""
    meeting = Meeting.objects.select_related("committee__liaison_org").get(pk=meeting_pk)
    invitations = list(Invitation.objects.filter(pk__in=invitation_ids,
                                                 state=Invitation.State.QUEUED)
                       .select_related("member__user", "member__stakeholder", "meeting"))
    if not invitations:
        return 0
    for invitation in invitations:
        invitation.meeting = meeting  # its committee and organization are loaded
    calendar = ics.invitation(meeting, selectors.invitation_list(meeting))
    mailer = mailers.default
    sent = 0
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("meeting %s: mail server unreachable: %s", meeting_pk, exc)
        for invitation in invitations:
            _record(invitation, Invitation.State.FAILED, f"{type(exc).__name__}: {exc}")
        return 0
    try:
        for invitation in invitations:
            try:
                mailer.send_messages([compose(invitation, calendar)])
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                _record(invitation, Invitation.State.FAILED, f"{type(exc).__name__}: {exc}")
            else:
                _record(invitation, Invitation.State.SENT)
                sent += 1
    finally:
        mailer.close()
    return sent
