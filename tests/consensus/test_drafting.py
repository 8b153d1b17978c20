"""Consolidation and drafting: clusters from the analysis core become drafts that keep links
to every source comment; split, merge, order by clause; optimistic locking."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from liaison.audit.models import AuditEvent
from liaison.consensus import services
from liaison.consensus.models import Analysis, Disposition, Draft, Position, Revision
from liaison.consensus.selectors import consolidation
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def test_analysis_finds_the_redundant_pair_and_a_draft_keeps_links(world, coordinator,
                                                                   client):
    c1, c2, _c3, _c4 = world["comments"]
    consultation = world["consultation"]
    client.force_login(coordinator)
    page = client.get(f"/consensus/{consultation.pk}/")
    assert page.status_code == 200
    analysis = Analysis.objects.get(consultation=consultation)
    assert [sorted(int(m) for m in c["members"]) for c in analysis.clusters] == [
        sorted([c1.pk, c2.pk])]
    html = page.content.decode()
    assert "Cluster of 2 comments" in html and "Ana" in html and "Industry and commerce" in html

    response = client.post(f"/consensus/{consultation.pk}/drafts/new/",
                           {"comments": [c1.pk, c2.pk], "representative": c1.pk})
    draft = Draft.objects.get(consultation=consultation)
    assert response.status_code == 302 and response["Location"].endswith(f"/{draft.pk}/")
    assert set(draft.sources.values_list("pk", flat=True)) == {c1.pk, c2.pk}
    assert draft.clause == "5.2.7" and draft.type == "te"  # te outranks ed
    assert draft.comment == world["comments"][0].comment  # identical texts merge to one
    assert draft.reference == "TMI-CC001"  # not the comments' TMI-001 numbering
    assert {d.comment_id: (d.kind, d.draft_id) for d in Disposition.objects.all()} == {
        c1.pk: ("merged", draft.pk), c2.pk: ("merged", draft.pk)}
    detail = client.get(f"/consensus/{consultation.pk}/drafts/{draft.pk}/").content.decode()
    assert c1.reference in detail and c2.reference in detail


def test_filters_by_clause_type_and_category(world):
    consultation = world["consultation"]
    services.analysis_refresh(actor=None, consultation=consultation)
    refs = lambda view: sorted(r.reference for g in view.page for r in g.rows)  # noqa: E731
    assert len(refs(consolidation(consultation))) == 4
    assert refs(consolidation(consultation, clause="5.2")) == ["TMI-001", "TMI-002",
                                                               "TMI-003"]
    assert refs(consolidation(consultation, type="ed")) == ["TMI-002", "TMI-004"]
    assert refs(consolidation(consultation, category="consumers")) == ["TMI-003"]
    assert refs(consolidation(consultation, show="clusters")) == ["TMI-001", "TMI-002"]


def test_split_merge_and_order_by_clause(world, coordinator):
    consultation = world["consultation"]
    c1, c2, c3, c4 = world["comments"]
    d1 = services.draft_create(actor=coordinator, consultation=consultation,
                               comments=[c1, c2, c4])
    d2 = services.draft_split(actor=coordinator, draft=d1, comments=[c4])
    assert set(d1.sources.values_list("pk", flat=True)) == {c1.pk, c2.pk}
    assert list(d2.sources.values_list("pk", flat=True)) == [c4.pk]
    assert Disposition.objects.get(comment=c4).draft_id == d2.pk
    d3 = services.draft_create(actor=coordinator, consultation=consultation, comments=[c3])
    ordered = services.drafts_order_by_clause(actor=coordinator, consultation=consultation)
    assert [d.clause for d in ordered] == ["1", "5.2.7", "5.2.20"]
    merged = services.draft_merge(actor=coordinator, target=d1, others=[d3])
    d3.refresh_from_db()
    assert d3.status == Draft.Status.MERGED and d3.merged_into_id == d1.pk
    assert set(merged.sources.values_list("pk", flat=True)) == {c1.pk, c2.pk, c3.pk}
    assert "BCP 47" in merged.comment and merged.version == 2
    assert Disposition.objects.get(comment=c3).draft_id == d1.pk
    assert Revision.objects.filter(draft=d1).count() == 1


def test_a_change_after_positions_marks_them_for_review_and_tells_their_authors(
        world, coordinator, smtp_server):
    consultation = world["consultation"]
    c1, c2, *_ = world["comments"]
    ana_user, ben_user = world["ana"][0], world["ben"][0]
    draft = services.draft_create(actor=coordinator, consultation=consultation,
                                  comments=[c1, c2])
    with pytest.raises(ValidationError):  # not on a draft: the argument is missing
        services.position_state(actor=ana_user, draft=draft, value=-2, argument=" ")
    services.position_state(actor=ana_user, draft=draft, value=1)
    services.position_state(actor=ben_user, draft=draft, value=2)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.draft_update(actor=coordinator, draft=draft, version=1,
                              changes={"comment": "Cite ISO 8601-2 for approximate dates."})
    assert set(Position.objects.filter(needs_review=True).values_list("user__username",
                                                                      flat=True)) == {"ana",
                                                                                     "ben"}
    assert sorted(smtp_server.recipients) == ["ana@example.org", "ben@example.org"]
    assert AuditEvent.objects.filter(verb="positions.review").count() == 1
    services.position_state(actor=ana_user, draft=draft, value=1)
    assert not Position.objects.get(user=ana_user).needs_review


def test_stale_save_is_a_conflict_showing_the_other_text_and_nothing_is_lost(
        world, coordinator, client, make_user):
    consultation = world["consultation"]
    draft = services.draft_create(actor=coordinator, consultation=consultation,
                                  comments=world["comments"][:2])
    expert = make_user("expert", username="eve")
    services.draft_update(actor=expert, draft=draft, version=1,
                          changes={"comment": "Eve's wording."})
    client.force_login(coordinator)
    before = row_counts()
    url = f"/consensus/{consultation.pk}/drafts/{draft.pk}/edit/"
    response = client.post(url, {"version": 1, "mb": "TMI", "clause": "5.2.7", "type": "te",
                                 "comment": "Coordinator's wording.", "proposed_change": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Eve&#x27;s wording." in html and "Coordinator&#x27;s wording." in html
    assert "changed this draft while you were editing" in html
    assert row_counts() == before
    draft.refresh_from_db()
    assert draft.comment == "Eve's wording." and draft.version == 2
    # saving again from the version the conflict page carries succeeds
    response = client.post(url, {"version": 2, "mb": "TMI", "clause": "5.2.7", "type": "te",
                                 "comment": "Merged wording.", "proposed_change": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.comment == "Merged wording." and draft.version == 3
