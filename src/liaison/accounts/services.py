"""Writes: issue and accept invitations, update one's own profile.

Rules:

* an invitation is issued for a stakeholder without an account; it is e-mailed only to a
  stakeholder who consents to be contacted and has an address, queued like every notice
  (delivered after the commit by the notices worker, retried while the mail server is down:
  a mail fault never fails the page); the audit event records who was invited, until when
  and whether the e-mail was queued, never the token (``invitation.emailed`` follows once
  the server accepted it, ``invitation.mail_failed`` if it failed for good);
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
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts import invitation_mail, tokens
from liaison.audit.services import audit_record
from liaison.notices.services import announcement_queue_email
from liaison.registry.models import Organization, Role, Stakeholder, Topic
from liaison.registry.services import (
    membership_grant,
    stakeholder_set_subscriptions,
    stakeholder_update,
    user_create,
)
from liaison.security.backends import user_by_username


@transaction.atomic
def invitation_issue(*, actor, stakeholder: Stakeholder, email: bool = False) -> str:
    """A fresh invitation token for ``stakeholder``; with ``email``, the invitation e-mail is
    queued for the notices delivery pipeline (:mod:`liaison.accounts.invitation_mail`)."""
    if stakeholder.user_id is not None:
        raise ValidationError({"stakeholder": _("%(name)s already has an account.")
                               % {"name": stakeholder.name}})
    if email and not stakeholder.consent_to_contact:
        raise ValidationError({"email": _("%(name)s has not consented to be contacted: give "
                                          "them the link another way.")
                               % {"name": stakeholder.name}})
    if email and not stakeholder.email.strip():
        raise ValidationError({"email": _("%(name)s has no e-mail address: give them the link "
                                          "another way.") % {"name": stakeholder.name}})
    token = tokens.make_token(stakeholder)
    expires = timezone.now() + dt.timedelta(seconds=tokens.max_age())
    audit_record(actor=actor, verb="invitation.issue", target=stakeholder,
                 liaison_org=stakeholder.liaison_org,
                 summary=f"{stakeholder} invited to create an account"
                         + (" (e-mail queued)" if email else ""),
                 data={"expires": expires, "email": "queued" if email else "not requested"})
    if email:
        with translation.override(stakeholder.language or settings.LANGUAGE_CODE):
            subject = _("Your invitation to take part in %(org)s's standards work") % {
                "org": stakeholder.liaison_org}
        announcement_queue_email(actor=actor, stakeholder=stakeholder,
                                 kind=invitation_mail.KIND, subject=subject,
                                 criteria={"stakeholder": stakeholder.pk,
                                           "address": stakeholder.email.strip()})
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
