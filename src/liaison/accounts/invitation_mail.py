"""The invitation e-mail, sent through the notices delivery pipeline (queued, retried,
receipted: :mod:`liaison.notices.delivery`) as an announcement of kind ``invitation``.

Rules:

* the message is written when it is sent, in the invitee's language, with a fresh link: the
  token is never stored (it is signed and expires ``LIAISON_INVITATION_MAX_AGE`` after it is
  made, so a mail delayed by an outage still carries a link good for the whole period);
* an invitee who has created their account meanwhile, or whose address changed, is not
  mailed (a permanent failure: the link would not work);
* ``invitation.emailed`` is recorded when the mail server accepted the message,
  ``invitation.mail_failed`` when it failed for good (a temporary failure is retried).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts import tokens
from liaison.audit.services import audit_record
from liaison.notices.delivery import Permanent
from liaison.notices.links import absolute
from liaison.registry.models import Stakeholder

KIND = "invitation"


def _invitee(announcement) -> Stakeholder:
    return Stakeholder.objects.select_related("liaison_org").get(
        pk=announcement.criteria["stakeholder"])


def write(announcement) -> tuple[str, str, str]:
    """(subject, plain text, "") of the invitation, in the current language."""
    stakeholder = _invitee(announcement)
    if stakeholder.user_id is not None:
        raise Permanent("the invitee has created their account meanwhile: not sent")
    if stakeholder.email.strip().lower() != announcement.criteria["address"].lower():
        raise Permanent("the invitee's address changed since: not sent")
    org = stakeholder.liaison_org
    expires = timezone.now() + dt.timedelta(seconds=tokens.max_age())
    link = absolute(reverse("public:join", args=[tokens.make_token(stakeholder)]))
    subject = _("Your invitation to take part in %(org)s's standards work") % {"org": org}
    body = _("Hello %(name)s,\n\nYou are invited to create your account, follow the "
             "committees and topics you care about and answer consultations:\n\n"
             "%(link)s\n\nThe link works until %(expires)s UTC.\n") % {
        "name": stakeholder.name, "link": link,
        "expires": f"{expires.astimezone(dt.UTC):%Y-%m-%d %H:%M}"}
    return subject, body, ""


def on_sent(announcement, notices: list) -> None:
    stakeholder = _invitee(announcement)
    for notice in notices:
        audit_record(actor=None, verb="invitation.emailed", target=stakeholder,
                     liaison_org=announcement.liaison_org,
                     summary=f"invitation e-mail to {stakeholder} accepted by the mail server",
                     data={"notice": notice.pk, "address": notice.address,
                           "sent_at": notice.sent_at})


def on_failed(announcement, notices: list, error: str) -> None:
    stakeholder = _invitee(announcement)
    for notice in notices:
        audit_record(actor=None, verb="invitation.mail_failed", target=stakeholder,
                     liaison_org=announcement.liaison_org,
                     summary=f"invitation e-mail to {stakeholder} could not be delivered",
                     data={"notice": notice.pk, "address": notice.address,
                           "error": error[:500]})
