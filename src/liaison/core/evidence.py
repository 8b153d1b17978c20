"""Evidence packs: the pure part — safe reading of the zip and offline verification.

A pack (built by :mod:`liaison.audit.evidence`) is a zip whose ``manifest.json`` lists every
other file with its SHA-256 and records the audit chain's head (count and last hash) at the
moment the pack was made. ``audit/events.jsonl`` holds **every** audit event from seq 1 to that
head — the chain is global, so verifying any one event needs all the events before it — one
JSON object per line::

    {"seq": 7, "prev_hash": "…", "hash": "…", "payload": {…}, "consultation": true}

``payload`` is exactly what the hash covers (:meth:`AuditEvent.payload`); ``consultation``
marks events that concern the pack's consultation (not covered by the event hash, but by the
file's SHA-256 in the manifest). The last event (``chain.pack_event``) is ``evidence.pack``:
it records every other file's SHA-256, so the manifest's hashes are part of the chain.
``signature.json`` holds the manifest's Ed25519 signature (:mod:`liaison.core.signing`).

:func:`verify_pack` needs no database and no Django. It reports, in this order: an unreadable
or unsafe zip, a missing manifest, a missing or wrong signature (against the published keys
when given: ``trusted_keys``), chain problems (an altered event, a removed one, a missing
tail, a head that differs from the manifest or from a head kept elsewhere), a manifest that
differs from the one the chain recorded, then files whose SHA-256 differs from the manifest,
files missing, and files not listed.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from liaison.core.hashchain import Link, verify
from liaison.core.signing import signature_problem

FORMAT = "liaison-evidence-pack/1"
MANIFEST = "manifest.json"
CHAIN_FILE = "audit/events.jsonl"
SIGNATURE = "signature.json"
PACK_VERB = "evidence.pack"


@dataclass(frozen=True)
class Limits:
    """Bounds on what a pack may hold before anything is decompressed."""

    max_pack_bytes: int = 512 * 1024 * 1024
    max_members: int = 10_000
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for members above 1 MB


DEFAULT_LIMITS = Limits()


class PackError(ValueError):
    """The file cannot be read safely as an evidence pack."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> bool:
    """A relative POSIX path inside the pack: no absolute path, drive, backslash, ``..`` or
    empty segment."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":
        return False
    return all(p not in ("", ".", "..") for p in name.split("/"))


def read_pack(data: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """The pack's files by name. Raises :class:`PackError` for anything unsafe: too big,
    too many members, a member that expands too much or beyond its declared size, a name that
    escapes the pack, a duplicate name."""
    if len(data) > limits.max_pack_bytes:
        raise PackError(f"the pack is {len(data)} bytes, above the limit of "
                        f"{limits.max_pack_bytes}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackError(f"not a zip file ({exc})") from exc
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            raise PackError(f"{len(infos)} files in the pack, above the limit of "
                            f"{limits.max_members}")
        total = 0
        files: dict[str, bytes] = {}
        for info in infos:
            name = info.filename
            if not safe_name(name):
                raise PackError(f"unsafe file name in the pack: {name!r}")
            if name in files:
                raise PackError(f"{name}: appears twice in the pack")
            if info.file_size > limits.max_member_bytes:
                raise PackError(f"{name}: {info.file_size} bytes, above the limit of "
                                f"{limits.max_member_bytes}")
            if (info.file_size > 1024 * 1024 and info.compress_size
                    and info.file_size / info.compress_size > limits.max_ratio):
                raise PackError(f"{name}: expands {info.file_size // info.compress_size}"
                                " times (a zip bomb?)")
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackError(f"the pack expands beyond {limits.max_total_bytes} bytes")
            try:
                with archive.open(info) as member:
                    content = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                raise PackError(f"{name}: cannot be read ({exc})") from exc
            if len(content) != info.file_size:
                raise PackError(f"{name}: its size differs from the size the zip declares")
            files[name] = content
    return files


@dataclass(frozen=True)
class Event:
    seq: int
    prev_hash: str
    hash: str
    payload: dict
    consultation: bool

    def link(self) -> Link:
        return Link(seq=self.seq, prev_hash=self.prev_hash, hash=self.hash, payload=self.payload)


def event_line(seq: int, prev_hash: str, hash_: str, payload: Mapping, concerns: bool) -> str:
    """One line of ``audit/events.jsonl`` (compact, keys sorted)."""
    return json.dumps({"seq": seq, "prev_hash": prev_hash, "hash": hash_,
                       "payload": payload, "consultation": concerns},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str) + "\n"


def parse_events(data: bytes) -> Iterator[Event]:
    """The events of ``audit/events.jsonl``; :class:`PackError` naming the line if one is not
    a well-formed event."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(f"{CHAIN_FILE}: not UTF-8 text") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            event = Event(int(row["seq"]), str(row["prev_hash"]), str(row["hash"]),
                          dict(row["payload"]), bool(row.get("consultation", False)))
        except (ValueError, KeyError, TypeError) as exc:
            raise PackError(f"{CHAIN_FILE} line {number}: not an audit event ({exc})") from exc
        yield event


@dataclass
class PackVerification:
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    events: int = 0
    consultation_events: int = 0
    head: str = ""
    manifest: dict = field(default_factory=dict)
    signed_by: str = ""  # the signing key's id
    trusted: bool = False  # signed by one of the keys the verifier was given

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> str:
        return self.problems[0] if self.problems else ""


def _check_signature(files: Mapping[str, bytes], manifest: bytes,
                     trusted_keys: Mapping[str, bytes] | None, result: PackVerification) -> None:
    raw = files.get(SIGNATURE)
    if raw is None:
        result.problems.append(f"{SIGNATURE} is missing: the pack is not signed")
        return
    try:
        signature = json.loads(raw.decode("utf-8"))
        if not isinstance(signature, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError) as exc:
        result.problems.append(f"{SIGNATURE} cannot be read ({exc})")
        return
    problem = signature_problem(signature, manifest, trusted_keys)
    if problem:
        result.problems.append(f"{SIGNATURE}: {problem}")
        return
    result.signed_by = str(signature.get("key_id", ""))
    result.trusted = trusted_keys is not None


def _check_recorded_manifest(events: list[Event], chain: Mapping, listed: Mapping[str, str],
                             chain_file: str, result: PackVerification) -> None:
    """The pack's last event must record the manifest's hashes of every other file."""
    recorded = events[-1] if events else None
    if (recorded is None or recorded.seq != int(chain.get("pack_event", -1))
            or recorded.payload.get("verb") != PACK_VERB):
        result.problems.append(f"{chain_file}: the last event does not record this pack's "
                               "manifest")
        return
    data = recorded.payload.get("data")
    files = data.get("files") if isinstance(data, dict) else None
    expected = {path: digest for path, digest in listed.items() if path != chain_file}
    if files != expected:
        changed = sorted(p for p in set(expected) | set(files or {})
                         if (files or {}).get(p) != expected.get(p))
        result.problems.append(f"{MANIFEST}: differs from the manifest recorded in the audit "
                               f"chain (event {recorded.seq}) for: {', '.join(changed[:5])}")


def verify_files(files: Mapping[str, bytes], *, expected_head: str | None = None,
                 trusted_keys: Mapping[str, bytes] | None = None) -> PackVerification:
    """Verify a pack already read by :func:`read_pack` (see the module's order of checks).
    ``trusted_keys``: the organization's published public keys (id → raw key)."""
    result = PackVerification()
    raw = files.get(MANIFEST)
    if raw is None:
        result.problems.append(f"{MANIFEST} is missing: this is not an evidence pack")
        return result
    try:
        manifest = json.loads(raw.decode("utf-8"))
        listed = {str(f["path"]): str(f["sha256"]) for f in manifest["files"]}
        chain = manifest["chain"]
        count, head = int(chain["count"]), str(chain["head"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        result.problems.append(f"{MANIFEST} cannot be read ({exc})")
        return result
    result.manifest = manifest
    if manifest.get("format") != FORMAT:
        result.problems.append(f"{MANIFEST}: unknown format {manifest.get('format')!r} "
                               f"(expected {FORMAT})")
        return result
    _check_signature(files, raw, trusted_keys, result)

    # 1. the chain, from seq 1 to the head recorded in the manifest
    chain_file = str(chain.get("file", CHAIN_FILE))
    data = files.get(chain_file)
    if data is None:
        result.problems.append(f"{chain_file} is missing: the audit events are not in the pack")
    else:
        try:
            events = list(parse_events(data))
        except PackError as exc:
            result.problems.append(str(exc))
            events = []
        else:
            result.events = len(events)
            result.consultation_events = sum(1 for e in events if e.consultation)
            if events and events[0].seq != 1:
                result.problems.append(f"{chain_file}: the events start at seq {events[0].seq}, "
                                       "not 1 (events missing at the start)")
            outcome = verify((e.link() for e in events), expected_count=count,
                             expected_head=head)
            result.head = outcome.head
            if not outcome.intact:
                result.problems.append(f"{chain_file}: audit event {outcome.broken.seq}: "
                                       f"{outcome.broken.reason}")
            else:
                seqs = [e.seq for e in events]
                if seqs != list(range(1, len(seqs) + 1)):
                    result.problems.append(f"{chain_file}: the events are not numbered 1…N")
            marked = sorted(e.seq for e in events if e.consultation)
            declared = sorted(int(s) for s in chain.get("consultation_events", []))
            if not result.problems and marked != declared:
                result.problems.append(f"{chain_file}: the events marked as concerning the "
                                       "consultation differ from the manifest's list")
            if outcome.intact:
                _check_recorded_manifest(events, chain, listed, chain_file, result)
    if expected_head is not None and head != expected_head:
        result.problems.append(f"the chain head in the pack ({head}) is not the head you "
                               f"kept ({expected_head})")

    # 2. every file against the manifest
    for path, digest in listed.items():
        content = files.get(path)
        if content is None:
            result.problems.append(f"{path}: listed in the manifest but missing from the pack")
            continue
        result.files_checked += 1
        if sha256(content) != digest:
            result.problems.append(f"{path}: SHA-256 differs from the manifest (the file was "
                                   "altered)")
    for path in sorted(set(files) - set(listed) - {MANIFEST, SIGNATURE}):
        result.problems.append(f"{path}: in the pack but not listed in the manifest")
    return result


def verify_pack(data: bytes, *, expected_head: str | None = None,
                trusted_keys: Mapping[str, bytes] | None = None,
                limits: Limits = DEFAULT_LIMITS) -> PackVerification:
    """Read and verify a pack's bytes; never raises for a bad pack, it reports it."""
    try:
        files = read_pack(data, limits)
    except PackError as exc:
        return PackVerification(problems=[str(exc)])
    return verify_files(files, expected_head=expected_head, trusted_keys=trusted_keys)
