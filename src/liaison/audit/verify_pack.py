"""``liaison audit verify --pack FILE``: read a pack from disk and verify it offline.

Nothing here imports a model or opens a database connection: the checks live in the pure
:mod:`liaison.core.evidence`; this module only reads the file (bounded in size) and words the
outcome.
"""

from __future__ import annotations

from pathlib import Path

from liaison.core.evidence import DEFAULT_LIMITS, PackVerification, verify_pack


def verify_pack_file(path: str | Path, *, expected_head: str | None = None
                     ) -> PackVerification:
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
    return verify_pack(data, expected_head=expected_head)


def report(result: PackVerification, path: str | Path) -> str:
    """The success line (the caller prints problems itself)."""
    consultation = result.manifest.get("consultation", {})
    return (f"evidence pack intact: {path}\n"
            f"  consultation #{consultation.get('id')} “{consultation.get('title', '')}”, "
            f"generated {result.manifest.get('generated_at')} by liaison "
            f"{result.manifest.get('liaison_version')}\n"
            f"  {result.files_checked} files match the manifest's SHA-256\n"
            f"  audit chain: {result.events} events, {result.consultation_events} about the "
            f"consultation, head {result.head}")
