"""Offline verification of evidence packs (liaison.core.evidence): a hand-built pack, then
each kind of damage, and zip safety."""

import io
import json
import zipfile

import pytest

from liaison.core import evidence as ev
from liaison.core import signing
from liaison.core.hashchain import GENESIS, event_hash

KEY = signing.new_private_key()


def _events(n: int, *, marked=(2,), files=None) -> tuple[list[str], str]:
    """``n`` events; the last one records the pack's manifest (``evidence.pack`` with every
    file's hash but the chain file's), as the product writes it."""
    prev, lines = GENESIS, []
    for seq in range(1, n + 1):
        payload = {"seq": seq, "verb": "thing.do", "summary": f"event {seq}", "data": {}}
        if seq == n and files is not None:
            payload = {"seq": seq, "verb": ev.PACK_VERB, "summary": "pack",
                       "data": {"files": {p: ev.sha256(d) for p, d in sorted(files.items())}}}
        h = event_hash(prev, payload)
        lines.append(ev.event_line(seq, prev, h, payload, seq in marked))
        prev = h
    return lines, prev


def make_pack(files=None, *, n_events=4, lines=None, head=None, count=None,
              marked=(2,), extra=None, skip_manifest_for=()) -> bytes:
    """A pack as the product makes it: files, the chain whose last event records the
    manifest, the manifest, and its Ed25519 signature (:data:`KEY`)."""
    files = dict(files or {"comments/comments.csv": b"id,comment\n1,hello\n"})
    event_lines, real_head = _events(n_events, marked=marked, files={
        p: d for p, d in files.items() if p not in skip_manifest_for})
    files[ev.CHAIN_FILE] = "".join(lines if lines is not None else event_lines).encode()
    manifest = {"format": ev.FORMAT, "chain": {
        "file": ev.CHAIN_FILE, "count": n_events if count is None else count,
        "head": real_head if head is None else head, "consultation_events": list(marked),
        "pack_event": n_events},
        "files": [{"path": p, "sha256": ev.sha256(d)} for p, d in sorted(files.items())
                  if p not in skip_manifest_for]}
    manifest_bytes = json.dumps(manifest).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(ev.MANIFEST, manifest_bytes)
        z.writestr(ev.SIGNATURE, json.dumps(signing.sign(KEY, manifest_bytes)))
        for p, d in files.items():
            z.writestr(p, d)
        for p, d in (extra or {}).items():
            z.writestr(p, d)
    return buf.getvalue()


def rewrite(data: bytes, name: str, change) -> bytes:
    """The same pack with member ``name`` replaced by ``change(old bytes)``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            z.writestr(info.filename, change(content) if info.filename == name else content)
    return buf.getvalue()


def test_an_intact_pack_verifies():
    result = ev.verify_pack(make_pack())
    assert result.intact, result.problems
    assert (result.events, result.consultation_events, result.files_checked) == (4, 1, 2)


def test_one_byte_changed_in_a_file_names_the_file():
    data = rewrite(make_pack(), "comments/comments.csv", lambda b: b.replace(b"hello", b"hellO"))
    result = ev.verify_pack(data)
    assert result.first_problem.startswith("comments/comments.csv: SHA-256 differs")


def test_an_altered_event_is_named_before_the_file_hash():
    lines, _ = _events(4)
    row = json.loads(lines[2])
    row["payload"]["summary"] = "something else"
    lines[2] = json.dumps(row) + "\n"
    result = ev.verify_pack(make_pack(lines=lines))
    assert result.first_problem == (f"{ev.CHAIN_FILE}: audit event 3: its content was altered "
                                    "(stored hash does not match the recomputed one)")


def test_a_removed_event_breaks_the_next_link():
    lines, _ = _events(4)
    del lines[1]
    result = ev.verify_pack(make_pack(lines=lines))
    assert result.first_problem.startswith(f"{ev.CHAIN_FILE}: audit event 3: does not follow")


def test_a_removed_tail_disagrees_with_the_manifest():
    lines, _ = _events(4)
    result = ev.verify_pack(make_pack(lines=lines[:3]))
    assert "event(s) missing at the end" in result.first_problem


def test_a_removed_first_event_is_caught():
    lines, _ = _events(4)
    result = ev.verify_pack(make_pack(lines=lines[1:]))
    assert "start at seq 2" in result.first_problem


def test_a_head_kept_elsewhere_must_match():
    data = make_pack()
    assert ev.verify_pack(data, expected_head="0" * 64).first_problem.startswith(
        "the chain head in the pack")
    head = json.loads(zipfile.ZipFile(io.BytesIO(data)).read(ev.MANIFEST))["chain"]["head"]
    assert ev.verify_pack(data, expected_head=head).intact


def test_missing_unlisted_and_unmarked_files():
    assert "missing from the pack" in ev.verify_pack(
        _drop(make_pack(), "comments/comments.csv")).first_problem
    assert "not listed in the manifest" in ev.verify_pack(
        make_pack(extra={"notes.txt": b"added later"})).first_problem
    data = make_pack(marked=(2,))
    relabel = rewrite(data, ev.CHAIN_FILE, lambda b: b.replace(b'"consultation":false',
                                                               b'"consultation":true', 1))
    assert "marked as concerning" in ev.verify_pack(relabel).first_problem


def _drop(data: bytes, name: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            if info.filename != name:
                z.writestr(info.filename, src.read(info))
    return buf.getvalue()


def test_not_a_pack():
    assert ev.verify_pack(b"PK-not-a-zip").first_problem.startswith("not a zip file")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "manifest.json is missing" in ev.verify_pack(buf.getvalue()).first_problem


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "c:/x",
                                  "a\\b", "a//b"])
def test_names_that_escape_the_pack_are_refused(name):
    assert not ev.safe_name(name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(ev.MANIFEST, "{}")
        z.writestr(zipfile.ZipInfo(name), "x")
    result = ev.verify_pack(buf.getvalue())
    assert result.first_problem.startswith("unsafe file name")


def test_size_limits_apply_before_decompressing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.bin", b"\0" * (4 * 1024 * 1024))
    data = buf.getvalue()
    assert "a zip bomb" in ev.verify_pack(data).first_problem
    assert "above the limit" in ev.verify_pack(
        data, limits=ev.Limits(max_member_bytes=1024, max_ratio=10**9)).first_problem
    assert "above the limit" in ev.verify_pack(
        data, limits=ev.Limits(max_pack_bytes=100)).first_problem
    assert "files in the pack" in ev.verify_pack(
        make_pack(), limits=ev.Limits(max_members=1)).first_problem


def test_duplicate_names_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(ev.MANIFEST, "{}")
        with pytest.warns(UserWarning):
            z.writestr(ev.MANIFEST, "{}")
    assert "appears twice" in ev.verify_pack(buf.getvalue()).first_problem
