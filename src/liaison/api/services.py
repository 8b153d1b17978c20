"""Writes to API tokens. Creating and revoking a token run in one transaction and record an
audit event (never the secret, nor its digest).

``api_token_touch`` only stamps ``last_used_at`` (at most once a minute): a usage mark, not a
change of anyone's rights, so it records no event — recording every request would flood the
audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.access.rules import roles_of
from liaison.api.models import ApiToken
from liaison.audit.services import audit_record

#: Every secret starts with this, so leaked tokens are easy to recognise (and to scan for).
SECRET_PREFIX = "lia_"
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest_of(secret: str) -> str:
    """The SHA-256 (hex) under which a secret is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _may_hold(user, liaison_org) -> bool:
    return bool(user.is_superuser or roles_of(user, liaison_org))


@transaction.atomic
def api_token_create(*, actor, user, liaison_org, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` in ``liaison_org``; returns it with its secret (shown once)."""
    if not user.is_active:
        raise ValidationError(_("This account is inactive."))
    if not _may_hold(user, liaison_org):
        raise ValidationError(_("%(user)s has no role in %(org)s.")
                              % {"user": user.get_username(), "org": liaison_org})
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, liaison_org=liaison_org, name=(name or "").strip(),
                     prefix=secret[:12], digest=digest_of(secret))
    token.full_clean()
    token.save()
    audit_record(actor=actor, verb="api_token.create", target=token, liaison_org=liaison_org,
                 summary=f"API token “{token.name}” ({token.prefix}…) created for "
                         f"{user.get_username()}",
                 data={"name": token.name, "prefix": token.prefix, "user": user.pk})
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke ``token`` for good (revoking it again changes nothing)."""
    token = ApiToken.objects.select_for_update().select_related("user", "liaison_org").get(
        pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, verb="api_token.revoke", target=token,
                 liaison_org=token.liaison_org,
                 summary=f"API token “{token.name}” ({token.prefix}…) of "
                         f"{token.user.get_username()} revoked",
                 data={"name": token.name, "prefix": token.prefix, "user": token.user_id})
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Stamp the token as used now (no more than once per :data:`TOUCH_EVERY`)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
