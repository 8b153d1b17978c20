"""The organization's two secrets, held outside the database.

* **The signing key** (Ed25519) signs evidence packs and published chain heads.
  ``LIAISON_SIGNING_KEY_FILE`` names a PEM file; its public key is published at
  ``/.well-known/liaison-signing-key`` with the retired ones listed in
  ``LIAISON_SIGNING_RETIRED_KEYS_FILE`` (base64 public keys, one a line), so signatures made
  before a rotation still verify.
* **The audit key** (HMAC-SHA-256) keys the audit chain's event hashes.
  ``LIAISON_AUDIT_KEY`` (hex) or ``LIAISON_AUDIT_KEY_FILE`` (hex keys, one a line: the first
  signs new events, the others are retired keys kept to verify older ones).

When neither is configured (development, the demo, tests) each is generated once under
``var/keys/`` and a warning says so: a production deployment configures both, and keeps them
off the database server and out of its backups.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from liaison.core import signing
from liaison.core.hashchain import key_id

log = logging.getLogger("liaison.keys")


def _generated(path: Path, make) -> bytes:
    """Read ``path``, creating it first with ``make()`` if it does not exist (atomically: two
    processes starting together end up with the same key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_bytes(make())
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
            log.warning("no key configured: generated %s (configure your own for production,"
                        " see docs/security.md)", path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_bytes()


def _configured(setting: str, default_name: str) -> tuple[Path, bool]:
    value = getattr(settings, setting, "")
    if value:
        return Path(value), False
    return Path(settings.VAR_DIR) / "keys" / default_name, True


@lru_cache(maxsize=4)
def _signing_key(path: Path, generate: bool) -> Ed25519PrivateKey:
    if generate:
        data = _generated(path, lambda: signing.private_pem(signing.new_private_key()))
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImproperlyConfigured(f"LIAISON_SIGNING_KEY_FILE: cannot read {path}: "
                                       f"{exc.strerror or exc}") from exc
    return signing.load_private_pem(data)


def signing_key() -> Ed25519PrivateKey:
    """The organization's current signing key."""
    return _signing_key(*_configured("LIAISON_SIGNING_KEY_FILE", "signing-key.pem"))


def published_keys() -> list[dict[str, object]]:
    """The public keys to publish, current first: ``{key_id, alg, public_key, current}``."""
    current = signing.public_raw(signing_key())
    raws = [current]
    retired = getattr(settings, "LIAISON_SIGNING_RETIRED_KEYS_FILE", "")
    if retired:
        try:
            text = Path(retired).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"LIAISON_SIGNING_RETIRED_KEYS_FILE: cannot read "
                                       f"{retired}: {exc.strerror or exc}") from exc
        raws += [raw for raw in signing.parse_public_keys(text).values() if raw != current]
    return [{"key_id": signing.key_id_of(raw), "alg": signing.ALG,
             "public_key": base64.b64encode(raw).decode(), "current": raw == current}
            for raw in raws]


@lru_cache(maxsize=4)
def _audit_keys(env: str, path: Path, generate: bool) -> tuple[bytes, ...]:
    if env:
        text = env
    elif generate:
        text = _generated(path, lambda: (secrets.token_hex(32) + "\n").encode()).decode()
    else:
        try:
            text = path.read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"LIAISON_AUDIT_KEY_FILE: cannot read {path}: "
                                       f"{exc.strerror or exc}") from exc
    try:
        keys = tuple(bytes.fromhex(line.strip()) for line in text.splitlines() if line.strip())
    except ValueError as exc:
        raise ImproperlyConfigured("the audit key must be hexadecimal") from exc
    if not keys or any(len(k) < 16 for k in keys):
        raise ImproperlyConfigured("the audit key must be at least 16 bytes (32 hex digits)")
    return keys


def audit_keys() -> dict[str, bytes]:
    """Every audit key by id, the current one first."""
    env = getattr(settings, "LIAISON_AUDIT_KEY", "")
    keys = _audit_keys(env, *_configured("LIAISON_AUDIT_KEY_FILE", "audit-key"))
    return {key_id(k): k for k in keys}


def current_audit_key() -> tuple[str, bytes]:
    """``(key id, key)`` that new events are hashed with."""
    return next(iter(audit_keys().items()))


def key_sources() -> list[str]:
    """Where the two keys come from, in words (for ``liaison demo`` and operators)."""
    signing_path, signing_generated = _configured("LIAISON_SIGNING_KEY_FILE", "signing-key.pem")
    audit_path, audit_generated = _configured("LIAISON_AUDIT_KEY_FILE", "audit-key")
    audit = ("LIAISON_AUDIT_KEY" if getattr(settings, "LIAISON_AUDIT_KEY", "") else
             f"{audit_path}" + (" (generated: not configured)" if audit_generated else ""))
    return [f"signing key: {signing_path}"
            + (" (generated: not configured)" if signing_generated else ""),
            f"audit key: {audit}"]
