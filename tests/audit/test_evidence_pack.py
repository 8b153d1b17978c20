"""The evidence pack of one consultation: its contents, the audit event that records it, the
download page's permissions, and ``liaison audit verify --pack`` run as a separate process
with no usable database (intact → 0; a changed byte, an altered or a removed event → 1)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from liaison.audit.models import AuditEvent, AuditHead
from liaison.consensus import coverage
from liaison.consensus import services as consensus
from liaison.consensus.models import Submission
from liaison.core import signing
from liaison.core.evidence import CHAIN_FILE, MANIFEST, SIGNATURE, sha256
from liaison.core.hashchain import event_hash
from liaison.core.signing import parse_public_keys, signature_problem
from liaison.registry.models import Role
from tests.metrics.world import build
from tests.notices.conftest import IMMEDIATE
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db
LIAISON = Path(sys.executable).parent / "liaison"
OVERRIDE = "Legal: the national regulation requires this wording."


@pytest.fixture(autouse=True)
def _immediate(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def world(org, coordinator, make_user, smtp_server):
    w = build(org, coordinator, make_user)
    consensus.disposition_set(actor=coordinator, comment=w.comments[2], kind="noted",
                              reason="Editorial; passed to the editor.")
    for draft in coverage.uncovered(w.consultation):  # the second draft lacks consensus
        consensus.draft_override(actor=coordinator, draft=draft, reason=OVERRIDE)
    consensus.position_finalize(actor=coordinator, consultation=w.consultation)
    consensus.position_submit(actor=coordinator, consultation=w.consultation)
    w.consultation.refresh_from_db()
    return w


@pytest.fixture
def pack(world, client):
    client.force_login(world.coordinator)
    response = client.post(f"/audit/packs/{world.consultation.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="evidence-consultation-{world.consultation.pk}-')
    return response.content


def members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {name: z.read(name) for name in z.namelist()}


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_the_pack_holds_everything_with_its_hashes(world, pack):
    files = members(pack)
    manifest = json.loads(files[MANIFEST])
    assert manifest["format"] == "liaison-evidence-pack/1"
    assert manifest["liaison_version"] and manifest["generated_at"].endswith("Z")
    assert manifest["consultation"]["id"] == world.consultation.pk
    for name in ["consultation.json", "notices/announcements.csv", "notices/notices.csv",
                 "notices/delivery_attempts.csv", "notices/equal_access.csv",
                 "comments/comments.csv", "comments/comments.docx", "analysis/analysis.json",
                 "positions/drafts.csv", "positions/positions.csv", "verdict/evaluation.json",
                 "dispositions/dispositions.csv", "submission/submissions.json", CHAIN_FILE]:
        assert name in files, name
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(files) - {MANIFEST, SIGNATURE}
    assert all(sha256(files[p]) == digest for p, digest in listed.items())

    # the people told, what they said, where it went
    notices = rows(files["notices/notices.csv"])
    told = {r["stakeholder"] for r in notices if r["announcement_kind"] != "step"}
    assert told == {"Ann", "Bob", "Cat", "Dan"}
    # the steps told too (verdict, outcome): the coordinator has no stakeholder record
    assert {r["stakeholder"] for r in notices if r["announcement_kind"] == "step"} >= {
        "user coordinator"}
    assert [r["reference"] for r in rows(files["comments/comments.csv"])] == [
        c.reference for c in world.comments]
    assert files["comments/comments.docx"][:2] == b"PK"
    assert len(rows(files["positions/positions.csv"])) == 6
    dispositions = {r["comment"]: r["disposition"]
                    for r in rows(files["dispositions/dispositions.csv"])}
    assert sorted(dispositions.values()) == ["merged", "merged", "noted"]
    verdict = json.loads(files["verdict/evaluation.json"])
    assert [d["consensus"] for d in verdict["drafts"]] == [True, False]
    assert [e["verb"] for e in verdict["recorded_verdicts"]] == ["consensus.finalize",
                                                                 "consensus.submit"]
    # the draft submitted without consensus, with its reason, wherever the result shows
    [override] = rows(files["verdict/overrides.csv"])
    assert override["reason"] == OVERRIDE and override["in_force"] == "yes"
    assert override["draft"] == world.drafts[1].reference
    for recorded in verdict["recorded_verdicts"]:
        assert [o["reason"] for o in recorded["data"]["overrides"]] == [OVERRIDE]

    # the submitted files, byte for byte, with the hashes stored at submission
    submission = Submission.objects.get(consultation=world.consultation)
    [entry] = json.loads(files["submission/submissions.json"])
    for fmt, stored in (("docx", submission.docx_sha256), ("xlsx", submission.xlsx_sha256)):
        path = entry["files"][fmt]["path"]
        assert sha256(files[path]) == stored == entry["files"][fmt]["stored_sha256"]
    assert [o["reason"] for o in entry["verdict"]["overrides"]] == [OVERRIDE]

    # the whole chain, from seq 1 to the head when the pack was made
    events = [json.loads(line) for line in files[CHAIN_FILE].decode().splitlines()]
    assert [e["seq"] for e in events] == list(range(1, manifest["chain"]["count"] + 1))
    assert events[-1]["hash"] == manifest["chain"]["head"]
    marked = {e["seq"] for e in events if e["consultation"]}
    assert marked == set(manifest["chain"]["consultation_events"])
    verbs = {e["payload"]["verb"] for e in events if e["consultation"]}
    assert {"consultation.create", "announcement.consultation", "comment.create",
            "draft.create", "position.state", "disposition.set", "draft.override",
            "consensus.submit"} <= verbs
    assert "stakeholder.create" not in verbs


def test_making_a_pack_records_its_manifest_in_the_chain(world, pack):
    event = AuditEvent.objects.filter(verb="evidence.pack").get()
    files = members(pack)
    manifest = json.loads(files[MANIFEST])
    assert event.object_id == str(world.consultation.pk)
    assert event.actor == world.coordinator
    # every file's hash but the chain file's (which holds this event) is in the event
    assert event.data["files"] == {f["path"]: f["sha256"] for f in manifest["files"]
                                   if f["path"] != CHAIN_FILE}
    # the event is the pack's last one and its hash is the head
    assert event.seq == manifest["chain"]["count"] == manifest["chain"]["pack_event"]
    assert event.hash == manifest["chain"]["head"]
    assert json.loads(files[CHAIN_FILE].decode().splitlines()[-1])["hash"] == event.hash
    assert AuditHead.objects.get().count == event.seq


def test_the_manifest_is_signed_with_the_published_key(world, pack, client):
    files = members(pack)
    signature = json.loads(files[SIGNATURE])
    published = client.get("/.well-known/liaison-signing-key")
    assert published.status_code == 200
    [current] = [k for k in published.json()["keys"] if k["current"]]
    assert signature["key_id"] == current["key_id"]
    assert signature["public_key"] == current["public_key"]
    assert signature_problem(signature, files[MANIFEST],
                             parse_public_keys(published.content.decode())) is None


def test_the_command_line_writes_the_same_kind_of_pack(world, tmp_path):
    out = tmp_path / "pack.zip"
    call_command("audit", "pack", "--consultation", str(world.consultation.pk), "-o",
                 str(out), "--by", "coordinator", stdout=io.StringIO())
    files = members(out.read_bytes())
    assert MANIFEST in files and CHAIN_FILE in files
    assert AuditEvent.objects.filter(verb="evidence.pack").get().actor == world.coordinator


# --- verify --pack, offline ---------------------------------------------------------------

@pytest.fixture
def offline_env(tmp_path):
    """No database: DATABASE_URL names a file that does not exist in a read-only folder."""
    locked = tmp_path / "no-database-here"
    locked.mkdir()
    locked.chmod(0o555)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{locked}/liaison.sqlite3", LIAISON_HOME=str(home),
               DJANGO_SETTINGS_MODULE="liaison.config.settings")
    yield env, locked
    assert not (locked / "liaison.sqlite3").exists(), "the verifier opened a database"
    locked.chmod(0o755)


def verify(path: Path, env, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LIAISON), "audit", "verify", "--pack", str(path), *options],
                          env=env, capture_output=True, text=True, timeout=120)


def rewrite(data: bytes, name: str, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            z.writestr(info.filename, change(content) if info.filename == name else content)
    return buf.getvalue()


def test_verify_an_intact_pack_offline(pack, tmp_path, offline_env):
    env, _ = offline_env
    path = tmp_path / "intact.zip"
    path.write_bytes(pack)
    result = verify(path, env)
    assert result.returncode == 0, result.stderr
    assert "evidence pack intact" in result.stdout


def test_one_byte_changed_in_a_csv_fails(pack, tmp_path, offline_env):
    env, _ = offline_env
    name = "comments/comments.csv"

    def flip(b: bytes) -> bytes:
        i = b.index(b"ISO 8601-2")
        return b[:i] + b"ISO 8601-3" + b[i + len(b"ISO 8601-2"):]

    path = tmp_path / "csv.zip"
    path.write_bytes(rewrite(pack, name, flip))
    result = verify(path, env)
    assert result.returncode == 1
    assert f"{name}: SHA-256 differs from the manifest" in result.stderr


def test_an_altered_event_fails_naming_it(pack, tmp_path, offline_env):
    env, _ = offline_env

    def alter(b: bytes) -> bytes:
        lines = b.decode().splitlines(keepends=True)
        row = json.loads(lines[4])
        row["payload"]["summary"] += " (edited)"
        lines[4] = json.dumps(row) + "\n"
        return "".join(lines).encode()

    path = tmp_path / "altered.zip"
    path.write_bytes(rewrite(pack, CHAIN_FILE, alter))
    result = verify(path, env)
    assert result.returncode == 1
    assert "audit event 5: its content was altered" in result.stderr


def test_a_removed_event_fails_naming_where(pack, tmp_path, offline_env):
    env, _ = offline_env

    def remove(b: bytes) -> bytes:
        lines = b.decode().splitlines(keepends=True)
        del lines[9]  # seq 10
        return "".join(lines).encode()

    path = tmp_path / "removed.zip"
    path.write_bytes(rewrite(pack, CHAIN_FILE, remove))
    result = verify(path, env)
    assert result.returncode == 1
    assert "audit event 11: does not follow the previous event" in result.stderr


def _comment_changed(data: bytes) -> bytes:
    text = data.decode()
    i = text.index("ISO 8601-2")
    return (text[:i] + "ISO 8601-3" + text[i + len("ISO 8601-2"):]).encode()


def _manifest_updated(files: dict[str, bytes]) -> bytes:
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:
        entry["sha256"] = sha256(files[entry["path"]])
    return json.dumps(manifest, indent=2).encode()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def test_a_rewritten_pack_with_a_recomputed_manifest_fails(pack, tmp_path, offline_env):
    """The attack of issue 19: change a comment in comments.csv, put its new SHA-256 into
    manifest.json, rezip. The manifest recorded in the chain and the signature disagree."""
    env, _ = offline_env
    files = members(pack)
    head = json.loads(files[MANIFEST])["chain"]["head"]
    files["comments/comments.csv"] = _comment_changed(files["comments/comments.csv"])
    files[MANIFEST] = _manifest_updated(files)
    path = tmp_path / "tampered.zip"
    path.write_bytes(_zip(files))
    result = verify(path, env, "--expect-head", head)
    assert result.returncode == 1, result.stdout
    assert "signature.json: the signature does not match the signed content" in result.stderr
    assert ("manifest.json: differs from the manifest recorded in the audit chain"
            in result.stderr and "comments/comments.csv" in result.stderr)


def test_a_pack_rewritten_and_re_signed_by_the_forger_fails_against_the_published_key(
        pack, client, tmp_path, offline_env):
    """A thorough forger also rewrites the recorded manifest, recomputes the last event's
    hash and the head, and signs with a key of their own. Alone, the pack is consistent;
    the published key (or the head kept elsewhere) shows it is not the organization's."""
    env, _ = offline_env
    published = tmp_path / "liaison-signing-key.json"
    published.write_bytes(client.get("/.well-known/liaison-signing-key").content)
    files = members(pack)
    head = json.loads(files[MANIFEST])["chain"]["head"]
    files["comments/comments.csv"] = _comment_changed(files["comments/comments.csv"])
    lines = files[CHAIN_FILE].decode().splitlines(keepends=True)
    last = json.loads(lines[-1])
    last["payload"]["data"]["files"]["comments/comments.csv"] = sha256(
        files["comments/comments.csv"])
    last["hash"] = event_hash(last["prev_hash"], last["payload"])
    lines[-1] = json.dumps(last) + "\n"
    files[CHAIN_FILE] = "".join(lines).encode()
    manifest = json.loads(_manifest_updated(files))
    manifest["chain"]["head"] = last["hash"]
    files[MANIFEST] = json.dumps(manifest, indent=2).encode()
    files[SIGNATURE] = json.dumps(signing.sign(signing.new_private_key(),
                                               files[MANIFEST])).encode()
    path = tmp_path / "forged.zip"
    path.write_bytes(_zip(files))

    assert verify(path, env).returncode == 0  # self-consistent, as the command says
    with_key = verify(path, env, "--key", str(published))
    assert with_key.returncode == 1
    assert "which is not one of the published keys" in with_key.stderr
    with_head = verify(path, env, "--expect-head", head)
    assert with_head.returncode == 1 and "is not the head you kept" in with_head.stderr


def test_the_genuine_pack_verifies_against_the_published_key(pack, client, tmp_path,
                                                             offline_env):
    env, _ = offline_env
    published = tmp_path / "liaison-signing-key.json"
    published.write_bytes(client.get("/.well-known/liaison-signing-key").content)
    path = tmp_path / "intact.zip"
    path.write_bytes(pack)
    result = verify(path, env, "--key", str(published), "--expect-head",
                    json.loads(members(pack)[MANIFEST])["chain"]["head"])
    assert result.returncode == 0, result.stderr
    assert "one of the published keys you gave" in result.stdout


def test_an_unsigned_pack_fails(pack, tmp_path, offline_env):
    env, _ = offline_env
    files = members(pack)
    del files[SIGNATURE]
    path = tmp_path / "unsigned.zip"
    path.write_bytes(_zip(files))
    result = verify(path, env)
    assert result.returncode == 1 and "the pack is not signed" in result.stderr


def test_a_file_that_is_not_a_pack_fails(tmp_path, offline_env):
    env, _ = offline_env
    path = tmp_path / "nothing.zip"
    path.write_bytes(b"not a zip")
    result = verify(path, env)
    assert result.returncode == 1 and "not a zip file" in result.stderr


# --- permissions --------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.EXPERT, Role.COMMITTEE_MEMBER,
                                  Role.APPEALS_PANEL])
def test_only_coordinators_make_packs(world, client, make_user, role):
    client.force_login(make_user(role, username=f"who-{role}"))
    before = row_counts()
    head = AuditHead.objects.get().count
    assert client.get("/audit/packs/").status_code == 403
    assert client.post(f"/audit/packs/{world.consultation.pk}/").status_code == 403
    assert row_counts() == before
    assert AuditHead.objects.get().count == head


def test_another_organizations_consultation_is_404_and_get_is_refused(world, client,
                                                                      make_user, other_org):
    stranger = make_user(Role.COORDINATOR, username="elsewhere", liaison_org=other_org)
    client.force_login(stranger)
    before = row_counts()
    assert client.post(f"/audit/packs/{world.consultation.pk}/").status_code == 404
    client.force_login(world.coordinator)
    assert client.get(f"/audit/packs/{world.consultation.pk}/").status_code == 405
    assert row_counts() == before


def test_the_download_page_lists_consultations(world, client):
    client.force_login(world.coordinator)
    page = client.get("/audit/packs/").content.decode()
    assert "Comments on the DIS" in page
    assert f'action="/audit/packs/{world.consultation.pk}/"' in page


def test_the_packs_page_shows_each_packs_head_to_keep(world, pack, client):
    head = json.loads(members(pack)[MANIFEST])["chain"]["head"]
    page = client.get("/audit/packs/").content.decode()
    assert f"<code>{head}</code>" in page
