"""``liaison audit verify --pack FILE``: read a pack from disk and verify it offline.

Nothing here imports a model or opens a database connection: the checks live in the pure
:mod:`liaison.core.evidence`; this module only reads the file (bounded in size) and words the
outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from liaison.core.evidence import DEFAULT_LIMITS, PackVerification, verify_pack
from liaison.core.signing import parse_public_keys


def verify_pack_file(path: str | Path, *, expected_head: str | None = None,
                     trusted_keys: Mapping[str, bytes] | None = None) -> PackVerification:
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        return PackVerification(problems=[f"cannot read {file}: {exc.strerror or exc}"])
    if size > DEFAULT_LIMITS.max_pack_bytes:
        return PackVerification(problems=[f"{file} is {size} bytes, above the limit of "
                                          f"{DEFAULT_LIMITS.max_pack_bytes}"])
    try:
        data = file.read_bytes()
    except OSError as exc:
        return PackVerification(problems=[f"cannot read {file}: {exc.strerror or exc}"])
    return verify_pack(data, expected_head=expected_head, trusted_keys=trusted_keys)


def read_public_keys(value: str) -> dict[str, bytes]:
    """``--key``: a file holding the published keys (the well-known document or base64 keys
    one a line), or one base64 key given as is. ``ValueError`` when none can be read."""
    file = Path(value)
    try:
        text = file.read_text(encoding="utf-8") if file.is_file() else value
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {file}: {exc}") from exc
    return parse_public_keys(text)


def report(result: PackVerification, path: str | Path) -> str:
    """The success line (the caller prints problems itself)."""
    consultation = result.manifest.get("consultation", {})
    return (f"evidence pack intact: {path}\n"
            f"  consultation #{consultation.get('id')} “{consultation.get('title', '')}”, "
            f"generated {result.manifest.get('generated_at')} by liaison "
            f"{result.manifest.get('liaison_version')}\n"
            f"  {result.files_checked} files match the manifest's SHA-256\n"
            f"  audit chain: {result.events} events, {result.consultation_events} about the "
            f"consultation, head {result.head}\n"
            f"  signed by key {result.signed_by}"
            + (" (one of the published keys you gave)" if result.trusted else
               " (the key the pack carries: give the published key with --key to know it is "
               "the organization's)"))
