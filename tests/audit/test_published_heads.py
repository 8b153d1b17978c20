"""Daily chain heads, signed and published outside the database (issue 19, item 2):
``liaison audit publish-head`` states the head, the public page and feed show it, and
``liaison audit verify --against`` catches a chain rewritten after it was published — even by
someone who also holds the audit key."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liaison.audit.heads import chain_head_publish
from liaison.audit.keys import current_audit_key
from liaison.audit.models import AuditEvent, AuditHead, PublishedHead
from liaison.core import signing
from liaison.core.hashchain import event_hash, seal
from liaison.core.heads import signed_bytes
from liaison.registry import services
from tests.snapshots import row_counts

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def chain(org, coordinator):
    for name in ("W3C", "OASIS", "IETF"):
        services.organization_create(actor=coordinator, liaison_org=org, name=name)
    return list(AuditEvent.objects.order_by("seq"))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def saved(client, tmp_path, url: str = "/proof/heads.json"):
    path = tmp_path / "heads.json"
    path.write_bytes(client.get(url).content)
    return path


def rewrite_with_the_key(victim: AuditEvent, summary: str) -> None:
    """An insider who also stole the audit key: alter, recompute hashes and seals, move the
    head. The chain alone then verifies; only a head kept outside shows the rewrite."""
    _, key = current_audit_key()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET summary = %s WHERE seq = %s", [summary, victim.seq])
    previous = AuditEvent.objects.get(seq=victim.seq - 1).hash
    for event in AuditEvent.objects.filter(seq__gte=victim.seq).order_by("seq"):
        digest = event_hash(previous, event.payload())
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s, mac = %s "
                           "WHERE seq = %s", [previous, digest, seal(key, digest), event.seq])
        previous = digest
    AuditHead.objects.filter(pk=1).update(last_hash=previous)


def test_publishing_states_and_signs_the_head_once_a_day(chain):
    head = AuditHead.objects.get()
    out = run("publish-head")
    published = PublishedHead.objects.get()
    assert f"event {head.count}, {head.last_hash}" in out
    assert (published.count, published.head) == (head.count, head.last_hash)
    stated = published.document["statement"]
    assert stated["count"] == head.count and stated["head"] == head.last_hash
    assert signing.signature_problem(published.document["signature"],
                                     signed_bytes(stated)) is None
    event = AuditEvent.objects.filter(verb="audit.head_publish").get()
    assert event.data["head"] == head.last_hash
    before = row_counts()
    assert chain_head_publish() == published  # the same day: nothing new
    assert row_counts() == before


def test_the_heads_are_public_as_a_page_json_and_a_feed(chain, client):
    published = chain_head_publish()
    day = published.date.isoformat()
    page = client.get("/proof/heads/")
    assert page.status_code == 200
    assert published.head in page.content.decode()
    assert client.get("/proof/heads.json").json()["heads"] == [published.document]
    assert client.get(f"/proof/heads/{day}.json").json() == published.document
    assert client.get("/proof/heads/2001-01-01.json").status_code == 404
    assert client.get("/proof/heads/not-a-date.json").status_code == 404
    feed = client.get("/proof/heads.atom")
    assert feed.status_code == 200 and published.head in feed.content.decode()


def test_verify_against_a_published_head_agrees_with_an_intact_chain(chain, client, tmp_path):
    chain_head_publish()
    path = saved(client, tmp_path)
    assert "agrees with 1 published head(s)" in run("verify", "--against", str(path))


def test_a_chain_rewritten_after_publication_fails_against_the_published_head(
        chain, client, tmp_path):
    chain_head_publish()
    path = saved(client, tmp_path)
    victim = chain[len(chain) // 2]
    rewrite_with_the_key(victim, "organization “OASIS” deleted")
    run("verify")  # the stolen key makes the chain alone look intact
    with pytest.raises(CommandError, match=f"event {chain[-1].seq} was {chain[-1].hash} when "
                                           "published"):
        run("verify", "--against", str(path))


def test_a_head_not_signed_by_the_organization_is_refused(chain, tmp_path):
    stated = {"format": "liaison-chain-head/1", "issuer": "x", "date": "2026-01-01",
              "count": 1, "head": chain[0].hash, "stated_at": "2026-01-01T00:00:00Z"}
    forged = {"statement": stated,
              "signature": signing.sign(signing.new_private_key(), signed_bytes(stated))}
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    with pytest.raises(CommandError, match="not one of the published keys"):
        run("verify", "--against", str(path))


def test_a_head_for_another_day_is_a_separate_statement(chain):
    first = chain_head_publish(date=dt.date(2026, 1, 1))
    second = chain_head_publish(date=dt.date(2026, 1, 2))
    assert first.pk != second.pk and second.count == first.count + 1
