"""A hash chain over append-only events, and its verification.

Each event stores ``prev_hash`` (the previous event's hash, or :data:`GENESIS` for the first)
and ``hash = SHA-256(prev_hash ‖ "\\n" ‖ canonical_json(payload))``, where ``canonical_json``
sorts keys and uses no whitespace. Altering any stored field changes the recomputed hash;
removing an event breaks the next event's ``prev_hash`` link; removing the tail is caught by
comparing with an anchored head (count and last hash) kept apart from the events.

**Keyed events.** Anyone who can write the database can recompute plain SHA-256 hashes, so an
event may instead be hashed with HMAC-SHA-256 under a secret key held outside the database:
its payload then names the key (``key_id``, see :func:`key_id`) and
``hash = HMAC(key, prev_hash ‖ "\\n" ‖ canonical_json(payload))``. Events written before a key
was configured keep their plain hashes; the first keyed event records the switch. The rules
that stop a quiet downgrade, checked when the verifier holds the keys (``strict``):

* after a keyed event every later event is keyed (no switch back to plain hashes);
* the last event is keyed (a chain rewritten entirely with plain hashes is refused);
* a key id the verifier does not hold is a break.

Without the keys (an outsider checking an evidence pack), keyed events are checked only for
their links and counted as ``unchecked``: the pack's signature covers them instead.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def event_hash(prev_hash: str, payload: Mapping[str, Any], key: bytes | None = None) -> str:
    """Hex digest of ``prev_hash + "\\n" + canonical_json(payload)``: SHA-256, or
    HMAC-SHA-256 under ``key`` (for events whose payload names a key)."""
    data = (prev_hash + "\n" + canonical_json(payload)).encode("utf-8")
    if key is not None:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def key_id(key: bytes) -> str:
    """A public name for an HMAC key (16 hex digits) that reveals nothing usable about it."""
    return hmac.new(key, b"liaison audit key id", hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Link:
    """One stored event as the verifier sees it."""

    seq: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    seq: int
    reason: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    count: int
    head: str
    broken: Break | None
    unchecked: int = 0  # keyed events whose key the verifier does not hold (links checked)

    @property
    def intact(self) -> bool:
        return self.broken is None


def _check(link: Link, keys: Mapping[str, bytes] | None, keyed_before: bool
           ) -> tuple[str | None, bool]:
    """``(reason the link breaks or None, whether its hash was recomputed)``."""
    named = str(link.payload.get("key_id") or "")
    if not named:
        if keyed_before and keys is not None:
            return ("its hash is unkeyed after keyed events (the chain was rewritten "
                    "without the key)"), False
        return (None if event_hash(link.prev_hash, link.payload) == link.hash else
                "its content was altered (stored hash does not match the recomputed one)"), True
    if keys is None:
        return None, False
    key = keys.get(named)
    if key is None:
        return f"its hash is keyed with key {named}, which is not one of the audit keys", False
    if not hmac.compare_digest(event_hash(link.prev_hash, link.payload, key), link.hash):
        return ("its content was altered (stored keyed hash does not match the one "
                "recomputed with the audit key)"), True
    return None, True


def verify(
    links: Iterable[Link],
    *,
    start_hash: str = GENESIS,
    expected_count: int | None = None,
    expected_head: str | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> Verification:
    """Walk ``links`` in sequence order and report the first break, if any.

    A link breaks the chain when its ``prev_hash`` is not the previous link's hash (an event
    was removed or reordered) or when its stored hash differs from the recomputed one (the
    event was altered). ``expected_count``/``expected_head`` come from an anchor kept apart
    from the events; a mismatch there means events were removed from the end. ``keys``
    (key id → HMAC key) makes the check strict (see the module's rules on keyed events);
    ``None`` checks keyed events' links only and counts them as ``unchecked``.
    """
    previous = start_hash
    count = unchecked = 0
    last_seq = 0
    keyed = False
    for link in links:
        count += 1
        last_seq = link.seq
        if link.prev_hash != previous:
            return Verification(count, previous, Break(link.seq, "does not follow the previous "
                                "event (an event before it was removed or altered)"), unchecked)
        reason, recomputed = _check(link, keys, keyed)
        if reason is not None:
            return Verification(count, previous, Break(link.seq, reason), unchecked)
        unchecked += 0 if recomputed else 1
        keyed = keyed or bool(link.payload.get("key_id"))
        previous = link.hash
    if expected_count is not None and count != expected_count:
        return Verification(count, previous, Break(last_seq + 1, f"{expected_count - count} "
                            "event(s) missing at the end of the chain"), unchecked)
    if expected_head is not None and previous != expected_head:
        return Verification(count, previous, Break(last_seq, "the chain head does not match "
                            "the anchored head"), unchecked)
    if keys and count and not keyed:
        return Verification(count, previous, Break(last_seq, "no event is keyed although an "
                            "audit key is configured (the chain was rewritten without the "
                            "key?)"), unchecked)
    return Verification(count, previous, None, unchecked)
