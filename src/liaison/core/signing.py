"""Ed25519 signatures over evidence packs and published chain heads (no Django).

A signature travels as a small JSON object::

    {"alg": "Ed25519", "key_id": "…", "public_key": "<base64 raw 32 bytes>",
     "signature": "<base64 64 bytes>"}

``key_id`` is the first 16 hex digits of the SHA-256 of the raw public key, so a rotated key
has a new id and old signatures keep naming the key that made them. A signature proves
anything only against a public key obtained apart from the signed file (the organization's
published keys, :func:`parse_public_keys`): the ``public_key`` a file carries is a hint, since
whoever rewrites a file can sign it with a key of their own.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG = "Ed25519"


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_pem(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key is not an Ed25519 private key")
    return key


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    return base64.b64encode(public_raw(key)).decode("ascii")


def key_id_of(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def sign(key: Ed25519PrivateKey, message: bytes) -> dict[str, str]:
    """The signature object for ``message``."""
    raw = public_raw(key)
    return {"alg": ALG, "key_id": key_id_of(raw), "public_key": base64.b64encode(raw).decode(),
            "signature": base64.b64encode(key.sign(message)).decode()}


def signature_problem(signature: Mapping, message: bytes,
                      trusted: Mapping[str, bytes] | None = None) -> str | None:
    """Why ``signature`` does not prove ``message`` (``None``: it does).

    ``trusted`` (key id → raw public key, from the organization's published keys): the
    signing key must be one of them. Without it the key the signature carries is used, which
    proves only that the file was not changed after whoever signed it signed it.
    """
    try:
        if signature.get("alg") != ALG:
            return f"unknown signature algorithm {signature.get('alg')!r}"
        carried = base64.b64decode(str(signature["public_key"]), validate=True)
        raw_signature = base64.b64decode(str(signature["signature"]), validate=True)
    except (KeyError, ValueError, TypeError):
        return "the signature cannot be read"
    named = key_id_of(carried)
    if trusted is not None:
        if named not in trusted:
            return (f"signed with key {named}, which is not one of the published keys "
                    f"({', '.join(sorted(trusted)) or 'none given'})")
        carried = trusted[named]
    try:
        Ed25519PublicKey.from_public_bytes(carried).verify(raw_signature, message)
    except (InvalidSignature, ValueError):
        return "the signature does not match the signed content (it was changed after signing)"
    return None


def parse_public_keys(text: str) -> dict[str, bytes]:
    """Public keys as published: the JSON document of ``/.well-known/liaison-signing-key``
    (``{"keys": [{"public_key": …}, …]}``), one signature-like object, or bare base64 keys
    one per line. Returns key id → raw key; ``ValueError`` if nothing usable is found."""
    found: list[str] = []
    try:
        document = json.loads(text)
    except ValueError:
        found = [line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#")]
    else:
        if isinstance(document, dict) and isinstance(document.get("keys"), list):
            found = [str(k.get("public_key", "")) for k in document["keys"]
                     if isinstance(k, dict)]
        elif isinstance(document, dict) and "public_key" in document:
            found = [str(document["public_key"])]
    keys: dict[str, bytes] = {}
    for item in found:
        try:
            raw = base64.b64decode(item, validate=True)
        except ValueError as exc:
            raise ValueError(f"not a base64 public key: {item[:20]}…") from exc
        if len(raw) != 32:
            raise ValueError("an Ed25519 public key is 32 bytes")
        keys[key_id_of(raw)] = raw
    if not keys:
        raise ValueError("no public key found")
    return keys
