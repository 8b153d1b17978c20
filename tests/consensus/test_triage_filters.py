"""The consolidation page as a triage table: filters are GET parameters (so a filtered view
is a link) by status, cluster and "has a contradiction", on top of clause, type and
category; rows can be walked with the keyboard (a local script, no CDN)."""

from __future__ import annotations

import re

import pytest

from liaison.consensus import services
from tests.consensus.test_consolidation_relations import linked, ref  # noqa: F401 (fixture)
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def _shown(html: str) -> set[str]:
    """The comment references shown in the grouped table (not the relation tables)."""
    table = html.split('id="groups-title"')[1]
    return set(re.findall(r'name="comments" value="\d+">([^<]+)</th>', table))


def test_status_filter_separates_undisposed_disposed_and_drafted(world, coordinator, client):
    consultation = world["consultation"]
    c1, c2, c3, c4 = world["comments"]
    services.draft_create(actor=coordinator, consultation=consultation, comments=[c1, c2])
    services.disposition_set(actor=coordinator, comment=c3, kind="noted", reason="Later.")
    client.force_login(coordinator)
    url = f"/consensus/{consultation.pk}/"
    before = row_counts()
    assert _shown(client.get(url, {"status": "none"}).content.decode()) == {c4.reference}
    assert _shown(client.get(url, {"status": "disposed"}).content.decode()) == {c3.reference}
    assert _shown(client.get(url, {"status": "drafted"}).content.decode()) == {
        c1.reference, c2.reference}
    assert row_counts() == before


def test_cluster_filter_is_a_link_from_the_cluster_heading(world, coordinator, client):
    consultation = world["consultation"]
    c1, c2 = world["comments"][:2]
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    assert '<a href="?cluster=1">Cluster 1</a>' in html
    filtered = client.get(f"/consensus/{consultation.pk}/?cluster=1").content.decode()
    assert _shown(filtered) == {c1.reference, c2.reference}
    assert 'name="cluster" value="1"' in filtered  # the filter form shows what is applied


def test_contradiction_filter_keeps_the_pair(consultation, linked, coordinator,  # noqa: F811
                                             client):
    drop, keep = linked["contradiction"]
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/?contradicted=1").content.decode()
    assert _shown(html) == {ref(drop), ref(keep)}


def test_rows_can_be_walked_with_the_keyboard(world, coordinator, client):
    client.force_login(coordinator)
    html = client.get(f"/consensus/{world['consultation'].pk}/").content.decode()
    assert 'tabindex="-1"' in html and "/static/liaison/triage.js" in html
    assert "j or ↓ next comment" in html


def test_groups_come_under_their_clause_in_document_order(world, coordinator, client):
    client.force_login(coordinator)
    html = client.get(f"/consensus/{world['consultation'].pk}/").content.decode()
    headings = re.findall(r'data-testid="clause-heading">Clause ([^<]+)</h3>', html)
    assert headings == ["1", "5.2.7", "5.2.20"]  # 5.2.7 before 5.2.20: numbers, not text
