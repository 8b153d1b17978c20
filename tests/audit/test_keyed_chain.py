"""A chain an insider cannot rewrite quietly (issue 19, item 2): every event is sealed with
an HMAC of its hash under a key held outside the database, so recomputing the chain with the
product's own ``payload()``/``event_hash()`` — all that someone with database access has — is
caught."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liaison.audit.keys import audit_keys
from liaison.audit.models import AuditEvent, AuditHead
from liaison.core.hashchain import GENESIS, Link, event_hash, key_id, seal, verify
from liaison.registry import services

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def chain(org, coordinator):
    for name in ("W3C", "OASIS", "IETF", "IEEE"):
        services.organization_create(actor=coordinator, liaison_org=org, name=name)
    return list(AuditEvent.objects.order_by("seq"))


def verify_command() -> None:
    call_command("audit", "verify", stdout=io.StringIO())


def recompute_from(seq: int, *, drop_key: bool = False) -> None:
    """What an insider can do: rewrite every event from ``seq`` on with the public
    ``payload()``/``event_hash()`` (no audit key), then move the head row."""
    previous = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if drop_key:
            event.key_id = event.mac = ""
        event.prev_hash = previous
        event.hash = event_hash(previous, event.payload())
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s, key_id = %s, "
                           "mac = %s WHERE seq = %s", [event.prev_hash, event.hash,
                                                       event.key_id, event.mac, event.seq])
        previous = event.hash
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditHead._meta.db_table} SET last_hash = %s", [previous])


def alter_summary(event: AuditEvent, summary: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET summary = %s WHERE seq = %s", [summary, event.seq])


def test_new_events_are_sealed_with_the_audit_key(chain):
    current, key = next(iter(audit_keys().items()))
    assert all(e.key_id == current and e.payload()["key_id"] == current for e in chain)
    assert all(e.mac == seal(key, e.hash) for e in chain)
    verify_command()  # intact


def test_a_recomputed_chain_is_caught(chain):
    """The attack: change a middle event's summary, recompute every later hash with the
    product's own functions, update the head row."""
    victim = chain[len(chain) // 2]
    alter_summary(victim, "organization “OASIS” deleted")
    recompute_from(victim.seq)
    with pytest.raises(CommandError, match=f"broken at event {victim.seq}: its seal does "
                                           "not match"):
        verify_command()


def test_a_chain_rewritten_without_seals_from_the_start_is_caught(chain):
    alter_summary(chain[1], "nothing happened")
    recompute_from(1, drop_key=True)
    with pytest.raises(CommandError, match="no event is sealed although an audit key is "
                                           "configured"):
        verify_command()


def test_a_downgrade_after_keyed_events_is_caught(chain):
    victim = chain[-2]
    alter_summary(victim, "nothing happened")
    recompute_from(victim.seq, drop_key=True)
    with pytest.raises(CommandError, match=f"event {victim.seq}: it has no seal after "
                                           "sealed events"):
        verify_command()


# --- the rule itself, on links (no database) ----------------------------------------------

OLD, NEW = b"o" * 32, b"n" * 32


def links(plan: list[bytes | None]) -> list[Link]:
    """A chain whose n-th event is unsealed (None) or sealed with the given key."""
    out, previous = [], GENESIS
    for seq, key in enumerate(plan, start=1):
        payload = {"seq": seq, "summary": f"event {seq}"}
        if key is not None:
            payload["key_id"] = key_id(key)
        digest = event_hash(previous, payload)
        out.append(Link(seq=seq, prev_hash=previous, hash=digest, payload=payload,
                        mac=seal(key, digest) if key else ""))
        previous = digest
    return out


def test_events_from_before_the_key_stay_verifiable():
    result = verify(links([None, None, NEW, NEW]), keys={key_id(NEW): NEW})
    assert result.intact and result.unchecked == 0


def test_a_rotated_key_verifies_older_events_while_it_is_kept():
    chain = links([OLD, OLD, NEW])
    assert verify(chain, keys={key_id(NEW): NEW, key_id(OLD): OLD}).intact
    broken = verify(chain, keys={key_id(NEW): NEW}).broken
    assert broken.seq == 1 and "not one of the audit keys" in broken.reason


def test_without_the_keys_content_is_checked_and_seals_are_not():
    chain = links([None, NEW, NEW])
    result = verify(chain)
    assert result.intact and result.unchecked == 2
    altered = Link(seq=2, prev_hash=chain[1].prev_hash, hash=chain[1].hash,
                   payload={**chain[1].payload, "summary": "changed"}, mac=chain[1].mac)
    assert verify([chain[0], altered, chain[2]]).broken.seq == 2
