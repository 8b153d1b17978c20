"""In-place triage on the consolidation page: a cluster or a contradictory pair side by side
with the differing words marked; "same point as draft X" merges a group into an existing
draft from its row (a plain POST redirects back to the filtered page; an htmx request gets
the group back in place), as one bulk step that can be undone."""

from __future__ import annotations

import pytest

from liaison.consensus import services
from liaison.consensus.models import Disposition
from tests.consensus.test_consolidation_relations import linked, ref  # noqa: F401 (fixture)
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def test_a_contradictory_pair_side_by_side(consultation, linked, coordinator,  # noqa: F811
                                           client):
    drop, keep = linked["contradiction"]
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    link = f"/consensus/{consultation.pk}/compare/?c={drop.pk}&amp;c={keep.pk}"
    assert link in html
    page = client.get(f"/consensus/{consultation.pk}/compare/",
                      {"c": [drop.pk, keep.pk]}).content.decode()
    assert "<mark>Delete </mark>the note on approximate dates." in page
    assert "<mark>Retain </mark>the note on approximate dates." in page
    assert ref(drop) in page and ref(keep) in page


def test_compare_names_only_this_consultations_comments(world, coordinator, client):
    client.force_login(coordinator)
    c1 = world["comments"][0]
    url = f"/consensus/{world['consultation'].pk}/compare/"
    assert client.get(url, {"c": [c1.pk, 999999]}).status_code == 404
    one = client.get(url, {"c": [c1.pk]})  # one comment: nothing to compare, said so
    assert one.status_code == 400
    assert "Choose two comments or more" in one.content.decode()


def _drafted_c3(world, coordinator):
    return services.draft_create(actor=coordinator, consultation=world["consultation"],
                                 comments=[world["comments"][2]])


def test_same_point_as_a_draft_without_javascript(world, coordinator, client):
    consultation = world["consultation"]
    draft = _drafted_c3(world, coordinator)
    c4 = world["comments"][3]
    client.force_login(coordinator)
    back = f"/consensus/{consultation.pk}/?status=none"
    html = client.get(back).content.decode()
    assert "Same point as draft" in html and "Merge into this draft" in html
    response = client.post(f"/consensus/{consultation.pk}/merge-into/",
                           {"comments": [c4.pk], "draft": draft.reference, "next": back})
    assert response.status_code == 302 and response.url == back
    assert Disposition.objects.get(comment=c4).draft == draft
    assert c4 in draft.sources.all()
    html = client.get(f"/consensus/{consultation.pk}/dispositions/").content.decode()
    assert "Undo the last bulk step (1 comment)" in html


def test_same_point_as_a_draft_with_htmx_returns_the_group(world, coordinator, client):
    consultation = world["consultation"]
    draft = _drafted_c3(world, coordinator)
    c4 = world["comments"][3]
    client.force_login(coordinator)
    response = client.post(f"/consensus/{consultation.pk}/merge-into/",
                           {"comments": [c4.pk], "draft": draft.pk},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="group" id="g{c4.pk}"')
    assert "<html" not in html and "1 comment merged into" in html
    assert f">{draft.reference}</a>" in html  # the row now links its draft


def test_merge_into_is_refused_after_finalization_and_for_stakeholders(
        world, coordinator, client):
    consultation = world["consultation"]
    draft = _drafted_c3(world, coordinator)
    c4 = world["comments"][3]
    client.force_login(world["cy"][0])
    before = row_counts()
    url = f"/consensus/{consultation.pk}/merge-into/"
    assert client.post(url, {"comments": [c4.pk], "draft": draft.pk}).status_code == 403
    client.force_login(coordinator)
    response = client.post(url, {"comments": [c4.pk], "draft": "TMI-CC999"})
    assert response.status_code == 400
    assert "Choose the draft to merge into" in response.content.decode()
    consultation.state = "finalized"
    consultation.save(update_fields=["state"])
    response = client.post(url, {"comments": [c4.pk], "draft": draft.pk})
    assert response.status_code == 409
    assert "cannot be done while the consultation is" in response.content.decode()
    assert row_counts() == before and not Disposition.objects.filter(comment=c4).exists()


def test_one_step_drafts_every_cluster_not_yet_drafted(world, coordinator, client):
    consultation = world["consultation"]
    c1, c2 = world["comments"][:2]
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    assert "Make a draft of the cluster not yet drafted" in html
    response = client.post(f"/consensus/{consultation.pk}/drafts/from-clusters/")
    assert response.status_code == 302
    draft = Disposition.objects.get(comment=c1).draft
    assert Disposition.objects.get(comment=c2).draft == draft
    assert set(draft.sources.all()) == {c1, c2}
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    assert "1 draft created, one per cluster." in html
    assert "clusters not yet drafted" not in html and "cluster not yet drafted" not in html
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/drafts/from-clusters/")
    assert response.status_code == 409
    assert "Every cluster is already in a draft." in response.content.decode()
    assert row_counts() == before


def test_every_comment_without_a_disposition_is_one_tick(world, coordinator, client):
    consultation = world["consultation"]
    services.drafts_from_clusters(actor=coordinator, consultation=consultation)
    c3, c4 = world["comments"][2:]
    client.force_login(coordinator)
    url = f"/consensus/{consultation.pk}/dispositions/"
    assert "All 2 comments without a disposition" in client.get(url).content.decode()
    response = client.post(f"{url}bulk/", {"groups": ["undisposed"], "kind": "noted",
                                           "reason": "For the next revision."})
    assert response.status_code == 302
    assert {d.comment for d in Disposition.objects.filter(kind="noted")} == {c3, c4}
    assert "without a disposition" not in client.get(url).content.decode()
