"""Invitation tokens: signed, expiring, bound to one stakeholder record.

A token is ``TimestampSigner(salt=SALT).sign_object({"s": stakeholder id, "e": e-mail})``.
It is refused when the signature does not match (forged or altered), when it is older than
``LIAISON_INVITATION_MAX_AGE`` seconds (default 14 days), when the stakeholder is gone or
their e-mail address has changed since (the invitation was for another address), and once an
account has been created with it (the stakeholder has a user: single use). Nothing is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from liaison.registry.models import Stakeholder

SALT = "liaison.accounts.invitation"
DEFAULT_MAX_AGE = 14 * 24 * 3600


class InvalidInvitation(Exception):
    """Why an invitation link cannot be used; ``status`` is the HTTP answer."""

    status = 404

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ForgedInvitation(InvalidInvitation):
    status = 404


class ExpiredInvitation(InvalidInvitation):
    status = 410


class UsedInvitation(InvalidInvitation):
    status = 410


def max_age() -> int:
    return int(getattr(settings, "LIAISON_INVITATION_MAX_AGE", DEFAULT_MAX_AGE))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(stakeholder: Stakeholder) -> str:
    return _signer().sign_object({"s": stakeholder.pk, "e": stakeholder.email.lower()})


def read_token(token: str, *, lock: bool = False) -> Stakeholder:
    """The stakeholder ``token`` invites, or :class:`InvalidInvitation` saying why not."""
    try:
        data = _signer().unsign_object(token, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise ExpiredInvitation(_("This invitation link has expired. Ask the coordinator "
                                  "for a new one.")) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ForgedInvitation(_("This invitation link is not valid. Check that you copied "
                                 "the whole link, or ask the coordinator for a new one.")) from exc
    rows = Stakeholder.objects.select_related("liaison_org")
    if lock:
        rows = rows.select_for_update(of=("self",))
    stakeholder = rows.filter(pk=data.get("s") if isinstance(data, dict) else None).first()
    if stakeholder is None or stakeholder.email.lower() != data.get("e"):
        raise ForgedInvitation(_("This invitation link is no longer valid. Ask the "
                                 "coordinator for a new one."))
    if stakeholder.user_id is not None:
        raise UsedInvitation(_("This invitation has already been used to create an account. "
                               "Sign in instead."))
    return stakeholder
