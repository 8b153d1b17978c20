"""Writes: issue and accept invitations, update one's own profile.

Rules:

* an invitation is issued for a stakeholder without an account; it is e-mailed only to a
  stakeholder who consents to be contacted, after the transaction commits; the audit event
  records who was invited and until when, never the token;
* accepting creates the account, links it to the stakeholder and grants the stakeholder role,
  all in one transaction; a token that is forged, expired or already used changes nothing;
* a profile save sets subscriptions, consent, time zone and language through the registry's
  services (withdrawing consent records its time in ``consent_changed_at`` and the audit
  trail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts import tokens
from liaison.audit.services import audit_record
from liaison.registry.models import Organization, Role, Stakeholder, Topic
from liaison.registry.services import (
    membership_grant,
    stakeholder_set_subscriptions,
    stakeholder_update,
    user_create,
)
from liaison.security.backends import user_by_username


def _send_invitation(stakeholder: Stakeholder, link: str, expires: dt.datetime) -> None:
    """The invitation e-mail, in the invitee's language (not the sender's)."""
    org = stakeholder.liaison_org
    with translation.override(stakeholder.language or settings.LANGUAGE_CODE):
        _send_invitation_mail(stakeholder, org, link, expires)


def _send_invitation_mail(stakeholder: Stakeholder, org, link: str,
                          expires: dt.datetime) -> None:
    send_mail(
        subject=_("Your invitation to take part in %(org)s's standards work") % {"org": org},
        message=_("Hello %(name)s,\n\nYou are invited to create your account, follow the "
                  "committees and topics you care about and answer consultations:\n\n"
                  "%(link)s\n\nThe link works until %(expires)s UTC.\n") % {
            "name": stakeholder.name, "link": link,
            "expires": f"{expires.astimezone(dt.UTC):%Y-%m-%d %H:%M}"},
        from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[stakeholder.email])


@transaction.atomic
def invitation_issue(*, actor, stakeholder: Stakeholder, link_for, email: bool = False) -> str:
    """A fresh invitation token for ``stakeholder``; ``link_for(token)`` builds the link."""
    if stakeholder.user_id is not None:
        raise ValidationError({"stakeholder": _("%(name)s already has an account.")
                               % {"name": stakeholder.name}})
    if email and not stakeholder.consent_to_contact:
        raise ValidationError({"email": _("%(name)s has not consented to be contacted: give "
                                          "them the link another way.")
                               % {"name": stakeholder.name}})
    token = tokens.make_token(stakeholder)
    expires = timezone.now() + dt.timedelta(seconds=tokens.max_age())
    audit_record(actor=actor, verb="invitation.issue", target=stakeholder,
                 liaison_org=stakeholder.liaison_org,
                 summary=f"{stakeholder} invited to create an account"
                         + (" (e-mailed)" if email else ""),
                 data={"expires": expires, "email": email})
    if email:
        link = link_for(token)
        transaction.on_commit(lambda: _send_invitation(stakeholder, link, expires))
    return token


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str):
    """Create the invited stakeholder's account; :class:`tokens.InvalidInvitation` if the
    token cannot be used, ``ValidationError`` if the name's canonical form
    (:func:`liaison.core.usernames.canonical_username`) is already an account's (nothing is
    written then)."""
    stakeholder = tokens.read_token(token, lock=True)
    if user_by_username(username) is not None:
        raise ValidationError({"username": _("This user name is taken (names that differ "
                                             "only in case or look-alike letters are the "
                                             "same name).")})
    user = user_create(actor=None, username=username, email=stakeholder.email,
                       password=password)
    membership_grant(actor=user, user=user, liaison_org=stakeholder.liaison_org,
                     role=Role.STAKEHOLDER)
    stakeholder_update(actor=user, stakeholder=stakeholder, user=user)
    audit_record(actor=user, verb="invitation.accept", target=stakeholder,
                 liaison_org=stakeholder.liaison_org,
                 summary=f"{stakeholder} accepted the invitation as {username}")
    return user, stakeholder


@transaction.atomic
def profile_update(*, actor, stakeholder: Stakeholder, committees: Iterable[Organization],
                   topics: Iterable[Topic], consent_to_contact: bool, time_zone: str,
                   language: str) -> Stakeholder:
    """Save one's own subscriptions, consent to be contacted, time zone and language."""
    stakeholder = stakeholder_update(actor=actor, stakeholder=stakeholder,
                                     consent_to_contact=consent_to_contact,
                                     time_zone=time_zone, language=language)
    stakeholder_set_subscriptions(actor=actor, stakeholder=stakeholder,
                                  organizations=list(committees), topics=list(topics))
    return stakeholder
