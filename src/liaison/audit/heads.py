"""Publishing the audit chain's head once a day, signed (``liaison audit publish-head``, run
daily from cron), and checking the chain against published heads
(``liaison audit verify --against FILE``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liaison.audit.keys import published_keys, signing_key
from liaison.audit.models import AuditEvent, AuditHead, PublishedHead
from liaison.audit.services import audit_record
from liaison.core import heads, signing
from liaison.core.hashchain import GENESIS


@transaction.atomic
def chain_head_publish(*, actor=None, date: dt.date | None = None) -> PublishedHead:
    """State and sign the chain's head for ``date`` (today, UTC), once: a second run the same
    day returns the statement already made. Recorded as ``audit.head_publish``."""
    date = date or timezone.now().astimezone(dt.UTC).date()
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    existing = PublishedHead.objects.filter(date=date).first()
    if existing is not None:
        return existing
    count, last_hash = (head.count, head.last_hash) if head else (0, GENESIS)
    now = timezone.now().replace(microsecond=0)
    stated = heads.statement(issuer=settings.LIAISON_BASE_URL.rstrip("/"),
                             date=date.isoformat(), count=count, head=last_hash,
                             stated_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    document = {"statement": stated,
                "signature": signing.sign(signing_key(), heads.signed_bytes(stated))}
    published = PublishedHead.objects.create(date=date, count=count, head=last_hash,
                                             document=document, published_at=now)
    audit_record(actor=actor, verb="audit.head_publish", target=published,
                 summary=f"chain head of {date} published: event {count}, {last_hash}",
                 data={"date": date.isoformat(), "count": count, "head": last_hash,
                       "key_id": document["signature"]["key_id"]})
    return published


def _hash_at(seq: int) -> str | None:
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()


def against_published(documents: list[dict], trusted_keys=None) -> list[str]:
    """Problems between the stored chain and published head statements (signatures checked
    against ``trusted_keys``, by default the organization's own published keys)."""
    if trusted_keys is None:
        trusted_keys = signing.parse_public_keys("\n".join(str(k["public_key"])
                                                   for k in published_keys()))
    return heads.head_problems(documents, _hash_at, trusted_keys)
