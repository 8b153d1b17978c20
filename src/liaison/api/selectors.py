"""Reads about API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.api.models import ApiToken
from liaison.api.services import SECRET_PREFIX, digest_of


def tokens_of(user, liaison_org) -> QuerySet[ApiToken]:
    """``user``'s tokens in ``liaison_org``, newest first (revoked ones included)."""
    return ApiToken.objects.filter(user=user, liaison_org=liaison_org).order_by("-created_at")


def token_of(user, liaison_org, pk: int) -> ApiToken:
    """One of ``user``'s tokens in ``liaison_org`` (``DoesNotExist`` otherwise: a 404)."""
    return tokens_of(user, liaison_org).get(pk=pk)


def active_token(secret: str) -> ApiToken | None:
    """The active token whose secret is ``secret`` (its user active), or None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    return (ApiToken.objects.select_related("user", "liaison_org")
            .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
            .first())
