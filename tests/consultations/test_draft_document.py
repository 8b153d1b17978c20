"""The draft under consultation: attached with its structure and original file, read clause by
clause, and commented on from the outline with clause, element and line filled in; a bad draft
refused with a clear message and nothing stored."""

from __future__ import annotations

import hashlib

import pytest
from benchmarks.draftgen import pdf_bytes
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.consultations import drafts, forms_io, services
from liaison.consultations.models import Comment, DraftDocument
from liaison.core.isoform import read_form
from tests.consultations.helpers import pass_deadline
from tests.core.test_draftdoc import SCOPE, _encrypted, _scanned, tiny_draft
from tests.snapshots import row_counts

BAD_DRAFTS = [
    ("locked.pdf", _encrypted, "encrypted"),
    ("scan.pdf", _scanned, "no text (a scanned draft?)"),
    ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>", "damaged"),
    ("draft.txt", lambda: b"4.2 Scope", "unsupported file type '.txt'"),
]


@pytest.fixture
def draft_pdf() -> bytes:
    return pdf_bytes(tiny_draft())


@pytest.fixture
def draft(consultation, coordinator, draft_pdf) -> DraftDocument:
    return services.draft_attach(actor=coordinator, consultation=consultation,
                                 data=draft_pdf, filename="ISO-DIS-15836-2.pdf")


def attach(client, consultation, name: str, data: bytes):
    return client.post(reverse("consultations:draft_attach", args=[consultation.pk]),
                       {"file": SimpleUploadedFile(name, data)})


def test_attaching_keeps_the_original_and_its_structure_with_one_event(draft, draft_pdf,
                                                                       consultation):
    assert bytes(DraftDocument.objects.get().content) == draft_pdf
    assert draft.sha256 == hashlib.sha256(draft_pdf).hexdigest()
    assert (draft.format, draft.size) == ("pdf", len(draft_pdf))
    structure = drafts.structure_of(draft)
    assert [c.number for c in structure.clauses] == ["1", "2", "2.1"]
    event = AuditEvent.objects.get(verb="draft.attach")
    assert event.data == {"draft": draft.pk, "file": "ISO-DIS-15836-2.pdf",
                          "sha256": draft.sha256, "size": len(draft_pdf), "format": "pdf",
                          "pages": 1, "clauses": 3, "elements": 5, "line_numbers": True}


@pytest.mark.parametrize(("name", "make", "message"), BAD_DRAFTS)
def test_a_bad_draft_is_refused_by_the_service_and_nothing_is_stored(
        consultation, coordinator, name, make, message):
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        services.draft_attach(actor=coordinator, consultation=consultation, data=make(),
                              filename=name)
    assert message in " ".join(refused.value.messages)
    assert row_counts() == before


@pytest.mark.parametrize(("name", "make", "message"), BAD_DRAFTS)
def test_a_bad_draft_is_refused_on_the_page_and_nothing_is_stored(
        client, consultation, coordinator, name, make, message):
    client.force_login(coordinator)
    before = row_counts()
    response = attach(client, consultation, name, make())
    assert response.status_code == 400
    page = response.content.decode()
    assert "The draft was not accepted; nothing was stored." in page
    assert message in page.replace("&#x27;", "'")
    assert row_counts() == before


def test_a_draft_over_the_upload_limit_is_refused(client, consultation, coordinator,
                                                   settings, draft_pdf):
    settings.LIAISON_UPLOAD_MAX_BYTES = 1000
    client.force_login(coordinator)
    before = row_counts()
    response = attach(client, consultation, "big.pdf", draft_pdf)
    assert response.status_code == 400
    assert "over the limit of 1,000 bytes" in response.content.decode()
    with pytest.raises(ValidationError, match="over the limit"):
        services.draft_attach(actor=coordinator, consultation=consultation, data=draft_pdf,
                              filename="big.pdf")
    assert row_counts() == before


def test_only_coordinators_attach_a_draft(client, consultation, alice, draft_pdf):
    client.force_login(alice[0])
    before = row_counts()
    assert attach(client, consultation, "d.pdf", draft_pdf).status_code == 403
    assert row_counts() == before


def test_the_coordinator_attaches_on_the_page_and_the_consultation_shows_it(
        client, consultation, coordinator, draft_pdf):
    client.force_login(coordinator)
    response = attach(client, consultation, "ISO-DIS-15836-2.pdf", draft_pdf)
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:draft", args=[consultation.pk])
    detail = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Read and comment on ISO-DIS-15836-2.pdf" in detail
    draft = DraftDocument.objects.get()
    download = client.get(reverse("consultations:draft_file", args=[consultation.pk, draft.pk]))
    assert download.content == draft_pdf
    assert 'filename="ISO-DIS-15836-2.pdf"' in download["Content-Disposition"]


def test_the_outline_lists_clauses_and_elements_with_their_lines(client, draft, alice):
    client.force_login(alice[0])
    page = client.get(reverse("consultations:draft", args=[draft.consultation_id]))
    html = page.content.decode()
    assert page.status_code == 200
    for heading in ("1 Scope", "2 Terms and definitions", "2.1 Record layout"):
        assert heading in html
    assert "lines 2-3" in html and "lines 8-10" in html
    assert "Comment on Paragraph 2 of clause 1" in html
    assert "Comment on Table 1 of clause 2.1" in html


def test_picking_a_paragraph_prefills_the_comment_and_stores_its_anchor(
        client, consultation, draft, alice):
    user, profile = alice
    client.force_login(user)
    url = reverse("consultations:comment_new", args=[consultation.pk])
    form = client.get(url, {"draft": draft.pk, "clause": "1", "index": 0})
    html = form.content.decode()
    assert form.status_code == 200
    assert "On Paragraph 1 of clause 1 Scope" in html and SCOPE[:60] in html
    assert 'name="clause" value="1"' in html and 'name="line" value="2-3"' in html
    assert 'name="element" value="Paragraph 1"' in html
    response = client.post(url, {
        "mb": "TMI", "clause": "1", "element": "Paragraph 1", "line": "2-3", "type": "te",
        "comment": "The scope leaves out JSON-LD.", "proposed_change": "Add JSON-LD.",
        "place_draft": draft.pk, "place_clause": "1", "place_index": 0, "action": "submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    comment = Comment.objects.get()
    assert (comment.clause, comment.element, comment.line) == ("1", "Paragraph 1", "2-3")
    assert comment.anchor_quote == SCOPE
    assert comment.anchor == {"draft": draft.pk, "sha256": draft.sha256, "clause": "1",
                              "element": "Paragraph 1", "index": 0, "page": 1,
                              "lines": "2-3"}
    assert comment.author == profile and comment.status == Comment.Status.SUBMITTED
    # Downstream, the ISO export carries clause, element and line as the template wants.
    row = read_form(forms_io.export_bytes(consultation, "docx"), filename="x.docx").rows[0]
    assert (row.clause, row.element, row.line) == ("1", "Paragraph 1", "2-3")


def test_a_place_not_in_the_draft_is_refused_and_nothing_is_stored(
        client, consultation, draft, alice):
    client.force_login(alice[0])
    url = reverse("consultations:comment_new", args=[consultation.pk])
    assert client.get(url, {"draft": draft.pk, "clause": "9", "index": 0}).status_code == 404
    before = row_counts()
    response = client.post(url, {
        "clause": "1", "type": "te", "comment": "x", "place_draft": draft.pk,
        "place_clause": "1", "place_index": 99})
    assert response.status_code == 404
    assert row_counts() == before


def test_the_service_refuses_a_place_in_another_consultations_draft(
        consultation, draft, coordinator, alice, org, project):
    import datetime as dt

    from django.utils import timezone

    other = services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Another",
        deadline=timezone.now() + dt.timedelta(days=3))
    place = drafts.place_in(draft, "1", 0)
    before = row_counts()
    with pytest.raises(ValidationError, match="not in the consultation's draft"):
        services.comment_create(actor=alice[0], consultation=other, author=alice[1],
                                comment="x", type="te", place=place)
    assert row_counts() == before


def test_after_the_deadline_the_outline_offers_no_comment_links(client, consultation, draft,
                                                                 alice):
    pass_deadline(consultation)
    client.force_login(alice[0])
    html = client.get(reverse("consultations:draft", args=[consultation.pk])).content.decode()
    assert "2.1 Record layout" in html and "Comment on" not in html
