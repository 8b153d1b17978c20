"""Published chain heads: the audit chain's head, stated once a day and signed, so that a
copy kept anywhere outside the database can later show that the chain was rewritten.

A statement, as published (``/proof/heads/<date>.json``, and in the Atom feed)::

    {"statement": {"format": "liaison-chain-head/1", "issuer": "https://…",
                   "date": "2026-12-08", "count": 1234, "head": "<hash of event 1234>",
                   "stated_at": "2026-12-08T23:55:00Z"},
     "signature": {…Ed25519 over canonical_json(statement), see liaison.core.signing…}}

:func:`head_problems` compares statements with a chain: event ``count`` must still have hash
``head``. Someone who rewrote an event at or before ``count`` cannot keep that true, with or
without the audit key. No Django here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from liaison.core.hashchain import canonical_json
from liaison.core.signing import signature_problem

FORMAT = "liaison-chain-head/1"


def statement(*, issuer: str, date: str, count: int, head: str, stated_at: str
              ) -> dict[str, Any]:
    return {"format": FORMAT, "issuer": issuer, "date": date, "count": count, "head": head,
            "stated_at": stated_at}


def signed_bytes(stated: Mapping[str, Any]) -> bytes:
    """What the signature covers."""
    return canonical_json(stated).encode("utf-8")


def parse_heads(text: str) -> list[dict]:
    """Statements from a published document: one statement, a list of them, or
    ``{"heads": [...]}`` (the heads page's JSON). ``ValueError`` if there are none."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not a published head (JSON expected): {exc}") from exc
    if isinstance(document, dict) and isinstance(document.get("heads"), list):
        document = document["heads"]
    items = document if isinstance(document, list) else [document]
    heads = [item for item in items
             if isinstance(item, dict) and isinstance(item.get("statement"), dict)
             and item["statement"].get("format") == FORMAT]
    if not heads:
        raise ValueError("no published chain head found")
    return heads


def head_problems(heads: list[dict], hash_at: Callable[[int], str | None],
                  trusted_keys: Mapping[str, bytes] | None) -> list[str]:
    """Why the chain (``hash_at(seq)``: the stored hash of event ``seq``, ``None`` if there is
    no such event) disagrees with the published ``heads``; empty when it agrees."""
    problems = []
    for item in heads:
        stated = item["statement"]
        name = f"the head published for {stated.get('date')}"
        signature = item.get("signature")
        problem = (signature_problem(signature, signed_bytes(stated), trusted_keys)
                   if isinstance(signature, dict) else "it is not signed")
        if problem:
            problems.append(f"{name}: {problem}")
            continue
        try:
            count, head = int(stated["count"]), str(stated["head"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{name}: cannot be read")
            continue
        stored = hash_at(count)
        if stored is None:
            problems.append(f"{name}: the chain has no event {count} any more (events were "
                            "removed)")
        elif stored != head:
            problems.append(f"{name}: event {count} was {head} when published and is now "
                            f"{stored} (the chain was rewritten after it was published)")
    return problems
