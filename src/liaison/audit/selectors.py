"""Reading the audit trail and verifying its chain."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from liaison.audit.keys import audit_keys
from liaison.audit.models import AuditEvent, AuditHead
from liaison.core.hashchain import Link, Verification, verify


def events_for(obj) -> QuerySet[AuditEvent]:
    """Events about one object, oldest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def events_for_org(liaison_org) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(liaison_org=liaison_org).order_by("-seq")


def _links(batch: int = 2000) -> Iterator[Link]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        for event in chunk:
            yield event.link()
        last = chunk[-1].seq


def verify_chain() -> Verification:
    """Verify every event against its predecessor and the anchored head, keyed events with
    the audit keys (strictly: see :mod:`liaison.core.hashchain`)."""
    head = AuditHead.objects.filter(pk=1).first()
    return verify(
        _links(),
        expected_count=head.count if head else 0,
        expected_head=head.last_hash if head else None,
        keys=audit_keys(),
    )
