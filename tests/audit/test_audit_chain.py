"""The audit trail is append-only and `liaison audit verify` catches tampering."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from liaison.audit.models import AppendOnlyError, AuditEvent
from liaison.audit.services import NotInTransaction, audit_record
from liaison.registry import services
from liaison.registry.models import Organization


@pytest.fixture
def three_organizations(org, coordinator):
    return [services.organization_create(actor=coordinator, liaison_org=org, name=name)
            for name in ("W3C", "OASIS", "IETF")]


def verify_output():
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_each_service_write_appends_one_linked_event(org, coordinator, three_organizations):
    events = list(AuditEvent.objects.filter(verb="organization.create"))
    assert [e.summary for e in events] == [
        "organization “W3C” created", "organization “OASIS” created", "organization “IETF” created"
    ]
    assert all(e.actor == coordinator and e.liaison_org == org for e in events)
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert "intact" in verify_output()


def test_altered_event_is_named(three_organizations):
    victim = AuditEvent.objects.get(verb="organization.create", summary__contains="OASIS")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET summary = %s WHERE seq = %s",
                       ["organization “OASIS” deleted", victim.seq])
    with pytest.raises(CommandError,
                       match=f"broken at event {victim.seq}: its content was altered"):
        verify_output()


def test_removed_event_is_named(three_organizations):
    victim = AuditEvent.objects.get(verb="organization.create", summary__contains="OASIS")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [victim.seq])
    with pytest.raises(CommandError, match=f"event {victim.seq + 1}: does not follow"):
        verify_output()


def test_removed_last_event_is_caught_by_the_head(three_organizations):
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [last.seq])
    with pytest.raises(CommandError, match="missing at the end"):
        verify_output()


def test_orm_cannot_change_or_remove_events(three_organizations):
    event = AuditEvent.objects.first()
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_a_rolled_back_write_leaves_no_event(org, coordinator):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.organization_create(actor=coordinator, liaison_org=org, name="Doomed")
        raise RuntimeError("later step failed")
    assert AuditEvent.objects.count() == before
    assert not Organization.objects.filter(name="Doomed").exists()
    assert "intact" in verify_output()


def test_recording_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(NotInTransaction):
        audit_record(actor=None, verb="x", summary="y")
