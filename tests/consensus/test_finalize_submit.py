"""Dispositions before finalization, finalize and submit (the ISO files and their SHA-256),
edits after finalization, the outcome page, the secretariat's observations, permissions."""

from __future__ import annotations

import hashlib

import pytest
from django.test import TestCase

from liaison.audit.models import AuditEvent
from liaison.consensus import services
from liaison.consensus.models import Draft, Objection, Position, Revision, Submission
from liaison.consultations.states import State
from liaison.core.isoform import CommentForm, CommentRow, read_form, write_form
from liaison.registry.models import Role
from tests.notices.smtp import text
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(world, coordinator):
    """One draft from the redundant pair, everybody supports it."""
    draft = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                  comments=world["comments"][:2])
    for who in ("ana", "ben", "cy"):
        services.position_state(actor=world[who][0], draft=draft, value=1)
    return draft


def _dispose_rest(world, coordinator, draft):
    c3, c4 = world["comments"][2:]
    services.disposition_set(actor=coordinator, comment=c3, kind="noted",
                             reason="Out of scope of this amendment; kept for the revision.")
    services.disposition_set(actor=coordinator, comment=c4, kind="accepted_changes",
                             reason="Typo fixed editorially by the secretariat.")


def test_finalization_is_refused_while_comments_lack_a_disposition(world, drafted,
                                                                   coordinator, client):
    consultation = world["consultation"]
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/finalize/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "cannot be finalized yet" in html and "2 comment(s) have no disposition" in html
    assert "TMI-003, TMI-004" in html
    assert row_counts() == before
    consultation.refresh_from_db()
    assert consultation.state == State.CONSOLIDATING


def test_a_reason_is_required_except_for_merged(world, drafted, coordinator, client):
    consultation = world["consultation"]
    c3 = world["comments"][2]
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/dispositions/{c3.pk}/",
                           {"kind": "noted", "reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    assert row_counts() == before


def test_an_open_objection_blocks_finalization(world, drafted, coordinator):
    _dispose_rest(world, coordinator, drafted)
    services.position_state(actor=world["cy"][0], draft=drafted, value=-2,
                            argument="Not acceptable for consumers.")
    with pytest.raises(services.FinalizationBlocked) as info:
        services.position_finalize(actor=coordinator, consultation=world["consultation"])
    assert any("unresolved fundamental objection to TMI-CC001 by cy" in m
               for m in info.value.messages)
    services.objection_resolve(actor=coordinator, objection=Objection.objects.get(),
                               resolution="Withdrawn after the call of 4 March.")
    services.position_finalize(actor=coordinator, consultation=world["consultation"])


def test_finalize_submit_export_outcome_and_observations(world, drafted, coordinator, client,
                                                         smtp_server):
    consultation = world["consultation"]
    _dispose_rest(world, coordinator, drafted)
    client.force_login(coordinator)
    assert client.post(f"/consensus/{consultation.pk}/finalize/").status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.FINALIZED
    event = AuditEvent.objects.get(verb="consensus.finalize")
    assert event.data["consensus"] is True and event.data["rule"]["version"] == "default"

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/consensus/{consultation.pk}/submit/").status_code == 302
    submission = Submission.objects.get()
    assert submission.docx_sha256 == hashlib.sha256(bytes(submission.docx)).hexdigest()
    assert submission.xlsx_sha256 == hashlib.sha256(bytes(submission.xlsx)).hexdigest()
    event = AuditEvent.objects.get(verb="consensus.submit")
    assert event.data["docx_sha256"] == submission.docx_sha256
    download = client.get(f"/consensus/{consultation.pk}/position.docx")
    assert download.content == bytes(submission.docx)
    form = read_form(download.content, filename="position.docx")
    assert [(r.id, r.clause, r.type) for r in form.rows] == [("TMI-CC001", "5.2.7", "te")]
    xlsx = read_form(bytes(submission.xlsx), filename="position.xlsx")
    assert xlsx.rows == form.rows
    # everyone who took part is told
    assert sorted(set(smtp_server.recipients)) == ["ana@example.org", "ben@example.org",
                                                   "cy@example.org"]

    # each stakeholder sees what became of their comments
    client.force_login(world["ana"][0])
    html = client.get(f"/consensus/{consultation.pk}/outcome/").content.decode()
    assert "TMI-CC001" in html and "merged into a consensus comment" in html
    assert "accepted with changes" in html and "Typo fixed editorially" in html
    client.force_login(world["cy"][0])
    html = client.get(f"/consensus/{consultation.pk}/outcome/").content.decode()
    assert "noted" in html and "Out of scope" in html and "TMI-CC001" not in html

    # the secretariat's observations come back in column 8 of the file sent, and are
    # passed on
    [sent] = read_form(bytes(submission.xlsx), filename="position.xlsx").rows
    assert (sent.id, sent.mb) == ("TMI-CC001", "TMI")
    returned = write_form(CommentForm(rows=[CommentRow(
        id=sent.id, mb=sent.mb, clause="5.2.7", type="te", comment="x",
        observation="Accepted: EDTF will be cited.")]), "xlsx")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/consensus/{consultation.pk}/observations/", {
            "file": SimpleUploadedFile("osd.xlsx", returned)})
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.observation == "Accepted: EDTF will be cited."
    assert sorted(smtp_server.recipients) == ["ana@example.org", "ben@example.org"]
    client.force_login(world["ana"][0])
    html = client.get(f"/consensus/{consultation.pk}/outcome/").content.decode()
    assert "Accepted: EDTF will be cited." in html


def test_an_edit_after_finalization_needs_a_reason_and_is_kept_as_a_diff(world, drafted,
                                                                        coordinator, client):
    consultation = world["consultation"]
    _dispose_rest(world, coordinator, drafted)
    services.position_finalize(actor=coordinator, consultation=consultation)
    client.force_login(coordinator)
    url = f"/consensus/{consultation.pk}/drafts/{drafted.pk}/edit/"
    data = {"version": drafted.version, "mb": "TMI", "clause": "5.2.7", "type": "te",
            "comment": "Cite ISO 8601-2:2019 for approximate dates.",
            "proposed_change": drafted.proposed_change}
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "political or legal" in response.content.decode()
    assert row_counts() == before
    response = client.post(url, {**data, "reason_kind": "legal",
                                 "reason": "The dated reference is required by the "
                                           "Directives, Part 2."})
    assert response.status_code == 302
    revision = Revision.objects.get(draft=drafted)
    assert revision.after_finalization and revision.reason_kind == "legal"
    assert "-The definition of 'creator'" in revision.diff
    assert "+Cite ISO 8601-2:2019 for approximate dates." in revision.diff
    event = AuditEvent.objects.get(verb="draft.revise")
    assert event.data["diff"] == revision.diff and event.data["reason_kind"] == "legal"
    html = client.get(f"/consensus/{consultation.pk}/drafts/{drafted.pk}/").content.decode()
    assert "after finalization" in html and "+Cite ISO 8601-2:2019" in html


def test_only_coordinators_finalize_and_submit(world, drafted, coordinator, client,
                                               make_user):
    make = make_user
    consultation = world["consultation"]
    _dispose_rest(world, coordinator, drafted)
    for user in (world["ana"][0], *[make(role) for role in (Role.EXPERT,
                                                             Role.COMMITTEE_MEMBER)]):
        client.force_login(user)
        before = row_counts()
        assert client.post(f"/consensus/{consultation.pk}/finalize/").status_code == 403
        assert row_counts() == before
    services.position_finalize(actor=coordinator, consultation=consultation)
    client.force_login(world["ben"][0])
    before = row_counts()
    assert client.post(f"/consensus/{consultation.pk}/submit/").status_code == 403
    assert row_counts() == before
    consultation.refresh_from_db()
    assert consultation.state == State.FINALIZED


def test_stakeholders_state_only_their_own_positions(world, drafted, client):
    consultation = world["consultation"]
    ana, ben = world["ana"][0], world["ben"][0]
    client.force_login(ana)
    url = f"/consensus/{consultation.pk}/drafts/{drafted.pk}/position/"
    # a "user" field naming someone else is ignored: the position is always the signed-in one's
    response = client.post(url, {"value": -1, "user": ben.pk})
    assert response.status_code == 302
    assert Position.objects.get(user=ana).value == -1
    assert Position.objects.get(user=ben).value == 1
    before = row_counts()
    # stakeholders cannot draft, dispose, resolve, or read the consolidation view
    assert client.post(f"/consensus/{consultation.pk}/drafts/new/",
                       {"comments": [world["comments"][2].pk]}).status_code == 403
    assert client.post(f"/consensus/{consultation.pk}/dispositions/"
                       f"{world['comments'][2].pk}/", {"kind": "noted",
                                                       "reason": "x"}).status_code == 403
    assert client.get(f"/consensus/{consultation.pk}/").status_code == 403
    assert client.post(f"/consensus/{consultation.pk}/drafts/{drafted.pk}/edit/",
                       {"version": 1, "comment": "x"}).status_code == 403
    assert row_counts() == before
    # a fundamental objection without an argument is refused, nothing stored
    response = client.post(url, {"value": -2, "argument": ""})
    assert response.status_code == 400 and "needs its argument" in response.content.decode()
    assert row_counts() == before


def test_another_organizations_consultation_is_a_404(world, drafted, other_org, make_user,
                                                     client):
    outsider = make_user(Role.COORDINATOR, username="outsider", liaison_org=other_org)
    client.force_login(outsider)
    consultation = world["consultation"]
    assert client.get(f"/consensus/{consultation.pk}/drafts/").status_code == 404
    assert client.get(f"/consensus/{consultation.pk}/drafts/{drafted.pk}/").status_code == 404
    assert client.post(f"/consensus/{consultation.pk}/finalize/").status_code == 404
    assert Draft.objects.count() == 1


def test_each_participant_is_told_of_the_outcome_in_their_own_language(
        world, drafted, coordinator, client, smtp_server):
    consultation = world["consultation"]
    _dispose_rest(world, coordinator, drafted)
    ana = world["ana"][1]
    ana.language = "fr"
    ana.save(update_fields=["language"])
    client.force_login(coordinator)
    assert client.post(f"/consensus/{consultation.pk}/finalize/").status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/consensus/{consultation.pk}/submit/",
                               HTTP_ACCEPT_LANGUAGE="en")  # the coordinator reads English
    assert response.status_code == 302
    told = {m["To"]: m for m in smtp_server.messages}
    assert (str(told["ana@example.org"]["Subject"])
            == f"[TMI] Résultat\u00a0: {consultation.title}")
    assert "a été soumise" in text(told["ana@example.org"])
    assert str(told["ben@example.org"]["Subject"]) == f"[TMI] Outcome: {consultation.title}"
    assert "was submitted" in text(told["ben@example.org"])


def test_observations_on_a_file_written_before_drafts_had_their_own_numbering(
        world, drafted, coordinator):
    """Files sent before the change name the draft TMI-001 (the comments' numbering); they
    still match the draft now called TMI-CC001."""
    consultation = world["consultation"]
    _dispose_rest(world, coordinator, drafted)
    services.position_finalize(actor=coordinator, consultation=consultation)
    services.position_submit(actor=coordinator, consultation=consultation)
    old = [CommentRow(id="TMI-001", mb="TMI", clause="5.2.7", type="te", comment="x",
                      observation="Noted: see the next edition.")]
    record = services.observations_import(actor=coordinator, consultation=consultation,
                                          rows=old, filename="old.xlsx", sha256="0" * 64)
    drafted.refresh_from_db()
    assert record.matched == 1 and drafted.observation == "Noted: see the next edition."
