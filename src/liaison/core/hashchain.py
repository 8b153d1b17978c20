"""A hash chain over append-only events, and its verification.

Each event stores ``prev_hash`` (the previous event's hash, or :data:`GENESIS` for the first)
and ``hash = SHA-256(prev_hash ‖ "\\n" ‖ canonical_json(payload))``, where ``canonical_json``
sorts keys and uses no whitespace. Altering any stored field changes the recomputed hash;
removing an event breaks the next event's ``prev_hash`` link; removing the tail is caught by
comparing with an anchored head (count and last hash) kept apart from the events.
"""

from __future__ import annotations

import hashlib
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

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify(
    links: Iterable[Link],
    *,
    start_hash: str = GENESIS,
    expected_count: int | None = None,
    expected_head: str | None = None,
) -> Verification:
    """Walk ``links`` in sequence order and report the first break, if any.

    A link breaks the chain when its ``prev_hash`` is not the previous link's hash (an event
    was removed or reordered) or when its stored hash differs from the recomputed one (the
    event was altered). ``expected_count``/``expected_head`` come from an anchor kept apart
    from the events; a mismatch there means events were removed from the end.
    """
    previous = start_hash
    count = 0
    last_seq = 0
    for link in links:
        count += 1
        last_seq = link.seq
        if link.prev_hash != previous:
            return Verification(count, previous, Break(link.seq, "does not follow the previous "
                                "event (an event before it was removed or altered)"))
        recomputed = event_hash(link.prev_hash, link.payload)
        if recomputed != link.hash:
            return Verification(count, previous, Break(link.seq, "its content was altered "
                                "(stored hash does not match the recomputed one)"))
        previous = link.hash
    if expected_count is not None and count != expected_count:
        return Verification(count, previous, Break(last_seq + 1, f"{expected_count - count} "
                            "event(s) missing at the end of the chain"))
    if expected_head is not None and previous != expected_head:
        return Verification(count, previous, Break(last_seq, "the chain head does not match "
                            "the anchored head"))
    return Verification(count, previous, None)
