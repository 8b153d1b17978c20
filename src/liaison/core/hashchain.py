"""A hash chain over append-only events, and its verification.

Each event stores ``prev_hash`` (the previous event's hash, or :data:`GENESIS` for the first)
and ``hash = SHA-256(prev_hash ‖ "\\n" ‖ canonical_json(payload))``, where ``canonical_json``
sorts keys and uses no whitespace. Altering any stored field changes the recomputed hash;
removing an event breaks the next event's ``prev_hash`` link; removing the tail is caught by
comparing with an anchored head (count and last hash) kept apart from the events.

**Keyed seals.** Anyone who can write the database can recompute SHA-256 hashes, so each
event also carries a *seal*: ``mac = HMAC-SHA-256(key, hash)`` under a secret audit key held
outside the database, named in the payload (``key_id``, see :func:`key_id`, so the hash covers
which key seals it). Hashes stay plain SHA-256, so anyone can still check the chain's content
and links offline (an evidence pack); only the holder of the key can check, or make, seals.
Events written before a key was configured have no ``key_id`` and no seal; the first sealed
event records the switch. The rules that stop a quiet downgrade, checked when the verifier
holds the keys (``strict``):

* after a sealed event every later event is sealed (no switch back);
* the last event is sealed (a chain rewritten entirely without seals is refused);
* a key id the verifier does not hold is a break.
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


def event_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 hex digest of ``prev_hash + "\\n" + canonical_json(payload)``."""
    data = (prev_hash + "\n" + canonical_json(payload)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def seal(key: bytes, hash_: str) -> str:
    """HMAC-SHA-256 of an event's hash under the audit key."""
    return hmac.new(key, hash_.encode("ascii"), hashlib.sha256).hexdigest()


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
    mac: str = ""


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
    unchecked: int = 0  # sealed events whose seal was not checked (the verifier has no keys)

    @property
    def intact(self) -> bool:
        return self.broken is None


def _check(link: Link, keys: Mapping[str, bytes] | None, sealed_before: bool
           ) -> tuple[str | None, bool]:
    """``(reason the link breaks or None, whether its seal was checked)``."""
    if event_hash(link.prev_hash, link.payload) != link.hash:
        return "its content was altered (stored hash does not match the recomputed one)", True
    named = str(link.payload.get("key_id") or "")
    if keys is None:
        return None, not named
    if not named:
        if sealed_before:
            return ("it has no seal after sealed events (the chain was rewritten without the "
                    "audit key)"), True
        return None, True
    key = keys.get(named)
    if key is None:
        return f"it is sealed with key {named}, which is not one of the audit keys", True
    if not hmac.compare_digest(seal(key, link.hash), link.mac):
        return ("its seal does not match (the event was rewritten by someone without the "
                "audit key)"), True
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
    (key id → audit key) also checks the seals, strictly (see the module's rules); with
    ``None`` sealed events are counted as ``unchecked``.
    """
    previous = start_hash
    count = unchecked = 0
    last_seq = 0
    sealed = False
    for link in links:
        count += 1
        last_seq = link.seq
        if link.prev_hash != previous:
            return Verification(count, previous, Break(link.seq, "does not follow the previous "
                                "event (an event before it was removed or altered)"), unchecked)
        reason, checked = _check(link, keys, sealed)
        if reason is not None:
            return Verification(count, previous, Break(link.seq, reason), unchecked)
        unchecked += 0 if checked else 1
        sealed = sealed or bool(link.payload.get("key_id"))
        previous = link.hash
    if expected_count is not None and count != expected_count:
        return Verification(count, previous, Break(last_seq + 1, f"{expected_count - count} "
                            "event(s) missing at the end of the chain"), unchecked)
    if expected_head is not None and previous != expected_head:
        return Verification(count, previous, Break(last_seq, "the chain head does not match "
                            "the anchored head"), unchecked)
    if keys and count and not sealed:
        return Verification(count, previous, Break(last_seq, "no event is sealed although an "
                            "audit key is configured (the chain was rewritten without the "
                            "key?)"), unchecked)
    return Verification(count, previous, None, unchecked)
