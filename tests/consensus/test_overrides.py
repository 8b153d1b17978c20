"""Submission follows consensus: finalize and submit are refused while a draft lacks
consensus, unless the coordinator withdraws it or records an override with its reason; an
override shows in the ISO files and on the outcome page, and a changed draft undoes it."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.test import TestCase

from liaison.audit.models import AuditEvent
from liaison.consensus import coverage, services
from liaison.consensus.models import Disposition, Draft, Override
from liaison.consultations.states import State
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db

REASON = "Legal: the national data-protection regulation requires this wording."


@pytest.fixture
def split(world, coordinator):
    """TMI-001 (ana and ben's 5.2.7 comments) lacks consensus: ana supports, ben and cy
    oppose (support 1 of 3 = 33% < τ = 67%); the 5.2.20 draft has everyone's support; the
    typo comment is noted."""
    c1, c2, c3, c4 = world["comments"]
    lacking = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                    comments=[c1, c2])
    agreed = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                   comments=[c3])
    for who, value in (("ana", 1), ("ben", -1), ("cy", -1)):
        services.position_state(actor=world[who][0], draft=lacking, value=value)
    for who in ("ana", "ben", "cy"):
        services.position_state(actor=world[who][0], draft=agreed, value=1)
    services.disposition_set(actor=coordinator, comment=c4, kind="noted",
                             reason="Typo passed to the editor.")
    return lacking, agreed


def test_finalize_is_refused_while_a_draft_lacks_consensus(world, split, coordinator):
    lacking, _agreed = split
    before = row_counts()
    with pytest.raises(services.FinalizationBlocked) as refused:
        services.position_finalize(actor=coordinator, consultation=world["consultation"])
    assert refused.value.drafts == [lacking]
    assert (f"{lacking.reference} has no consensus under the rule: withdraw it or record an "
            "override with its reason") in refused.value.messages
    assert row_counts() == before
    world["consultation"].refresh_from_db()
    assert world["consultation"].state == State.CONSOLIDATING


def test_an_override_needs_a_reason_and_a_draft_without_consensus(world, split, coordinator):
    lacking, agreed = split
    before = row_counts()
    with pytest.raises(services.ValidationError) as no_reason:
        services.draft_override(actor=coordinator, draft=lacking, reason="  ")
    assert "Give the reason" in str(no_reason.value)
    with pytest.raises(services.ValidationError) as has_consensus:
        services.draft_override(actor=coordinator, draft=agreed, reason=REASON)
    assert f"{agreed.reference} has consensus" in str(has_consensus.value)
    with pytest.raises(services.ValidationError):
        services.draft_withdraw(actor=coordinator, draft=lacking, reason="")
    assert row_counts() == before


def test_override_then_finalize_and_submit_mark_it_everywhere(world, split, coordinator,
                                                              client):
    lacking, _agreed = split
    consultation = world["consultation"]
    services.draft_override(actor=coordinator, draft=lacking, reason=REASON)
    event = AuditEvent.objects.get(verb="draft.override")
    assert event.data["ref"] == lacking.reference and event.data["reason"] == REASON
    assert event.data["verdict"]["consensus"] is False
    services.position_finalize(actor=coordinator, consultation=consultation)
    expected = [{"draft": lacking.pk, "ref": lacking.reference, "reason": REASON}]
    assert AuditEvent.objects.get(verb="consensus.finalize").data["overrides"] == expected
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission = services.position_submit(actor=coordinator, consultation=consultation)
    assert AuditEvent.objects.get(verb="consensus.submit").data["overrides"] == expected
    assert submission.verdict["overrides"] == expected

    # the .docx, read back: the overridden draft's row carries the reason in column 8
    document = docx.Document(io.BytesIO(bytes(submission.docx)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert f"Submitted without consensus (override recorded by the coordinator): {REASON}" \
        in text
    # the .xlsx, read back: the same, on the overridden draft's row only
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(submission.xlsx))).active
    marked = [[str(c.value or "") for c in row] for row in sheet.iter_rows()
              if any(REASON in str(c.value or "") for c in row)]
    assert len(marked) == 1 and lacking.reference in marked[0][0]

    # the commenters' outcome page says it
    client.force_login(world["ben"][0])
    page = client.get(f"/consensus/{consultation.pk}/outcome/").content.decode()
    assert "Submitted without consensus; reason:" in page and REASON in page
    client.force_login(world["cy"][0])
    assert REASON not in client.get(f"/consensus/{consultation.pk}/outcome/").content.decode()

    # and anyone reads it on the project's public page, beside the submitted position
    from liaison.projects.models import Project

    Project.objects.filter(pk=consultation.project_id).update(is_public=True)
    client.logout()
    public = client.get(f"/project/{consultation.project_id}/").content.decode()
    assert f"{lacking.reference} was submitted without consensus; reason: {REASON}" in public


def test_a_changed_draft_needs_consensus_again(world, split, coordinator):
    lacking, _agreed = split
    consultation = world["consultation"]
    services.draft_override(actor=coordinator, draft=lacking, reason=REASON)
    services.position_finalize(actor=coordinator, consultation=consultation)
    services.draft_update(actor=coordinator, draft=lacking, version=lacking.version,
                          changes={"comment": "Cite ISO 8601-2 for approximate dates."},
                          reason_kind="legal", reason="Wording asked by the ministry.")
    assert coverage.uncovered(consultation) == [lacking]
    before = row_counts()
    with pytest.raises(services.FinalizationBlocked) as refused:
        services.position_submit(actor=coordinator, consultation=consultation)
    assert refused.value.messages[0] == "The position cannot be submitted yet:"
    assert row_counts() == before
    services.draft_override(actor=coordinator, draft=lacking, reason=REASON + " (v2)")
    services.position_submit(actor=coordinator, consultation=consultation)
    assert Override.objects.filter(draft=lacking).count() == 2


def test_withdrawing_takes_the_draft_out_and_tells_its_sources(world, split, coordinator):
    lacking, _agreed = split
    consultation = world["consultation"]
    services.draft_withdraw(actor=coordinator, draft=lacking, reason="Out of the amendment.")
    lacking.refresh_from_db()
    assert lacking.status == Draft.Status.WITHDRAWN
    for c in world["comments"][:2]:
        d = Disposition.objects.get(comment=c)
        assert (d.kind, d.draft_id) == (Disposition.Kind.NOT_CARRIED, None)
        assert d.reason == (f"Consensus comment {lacking.reference} was withdrawn: Out of "
                            "the amendment.")
    event = AuditEvent.objects.get(verb="draft.withdraw")
    assert event.data["ref"] == lacking.reference
    services.position_finalize(actor=coordinator, consultation=consultation)
    submission = services.position_submit(actor=coordinator, consultation=consultation)
    assert submission.n_drafts == 1 and submission.verdict["overrides"] == []


def test_the_page_refuses_with_links_then_takes_the_override(world, split, coordinator,
                                                             client):
    lacking, _agreed = split
    consultation = world["consultation"]
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/finalize/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "The position cannot be finalized yet:" in page
    assert f"/consensus/{consultation.pk}/drafts/{lacking.pk}/override/" in page
    assert f"/consensus/{consultation.pk}/drafts/{lacking.pk}/withdraw/" in page
    assert 'data-testid="drafts"' in page  # the drafts page itself, still usable
    url = f"/consensus/{consultation.pk}/drafts/{lacking.pk}/override/"
    help_page = client.get(url).content.decode()
    assert "editorial revision for political or legal reasons" in help_page
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Give the reason" in empty.content.decode()
    assert row_counts() == before
    assert client.post(url, {"reason": REASON}).status_code == 302
    for page in ("drafts/", "verdict/", f"drafts/{lacking.pk}/"):
        assert REASON in client.get(f"/consensus/{consultation.pk}/{page}").content.decode()
    assert client.post(f"/consensus/{consultation.pk}/finalize/").status_code == 302


def test_submit_page_refuses_when_the_override_lapsed(world, split, coordinator, client):
    lacking, _agreed = split
    consultation = world["consultation"]
    services.draft_override(actor=coordinator, draft=lacking, reason=REASON)
    services.position_finalize(actor=coordinator, consultation=consultation)
    services.draft_update(actor=coordinator, draft=lacking, version=lacking.version,
                          changes={"clause": "5.2.8"}, reason_kind="political",
                          reason="Moved at the ministry's request.")
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/submit/")
    assert response.status_code == 409
    assert "The position cannot be submitted yet:" in response.content.decode()
    assert row_counts() == before
