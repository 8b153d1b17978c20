"""Writes to the public site's content. Each runs in one transaction with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from liaison.audit.services import create_recorded
from liaison.public.models import NewsItem


@transaction.atomic
def news_publish(*, actor, liaison_org, **fields: Any) -> NewsItem:
    """Write a news item (shown publicly from its ``published_at`` on)."""
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    return create_recorded(NewsItem, actor=actor, verb="news.publish", liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, "created_by": created_by,
                                   **fields})
