"""The consolidation view shows redundant clusters, series and related comments apart, with
reasons that name comments by their reference (never by database id)."""

from __future__ import annotations

import pytest

from liaison.consensus import services
from liaison.consensus.models import Analysis
from tests.consensus.conftest import comment, pass_deadline

pytestmark = pytest.mark.django_db

REQUEST = "Every date element should allow the EDTF level 1 uncertain and approximate forms."


def ref(c) -> str:
    return f"{c.mb or 'C'}-{c.number:03d}"


@pytest.fixture
def linked(consultation, coordinator, make_stakeholder):
    ana = make_stakeholder("ana", "industry")
    ben = make_stakeholder("ben", "consumers")
    s1 = comment(consultation, ana[1], ana[0], clause="5.2.7", type="te", comment=REQUEST)
    s2 = comment(consultation, ben[1], ben[0], clause="5.2.9", type="te", comment=REQUEST)
    target = comment(consultation, ben[1], ben[0], clause="6", type="ge",
                     comment="The conformance clause lists no levels.",
                     proposed_change="Add the three conformance levels.")
    pointer = comment(consultation, ana[1], ana[0], clause="1", type="ed",
                      comment=f"The scope must match the levels; see {ref(target)}.",
                      proposed_change="Name the levels in the scope.")
    drop = comment(consultation, ana[1], ana[0], clause="5.3", type="te",
                   comment="The note repeats the normative text.",
                   proposed_change="Delete the note on approximate dates.")
    keep = comment(consultation, ben[1], ben[0], clause="5.3", type="te",
                   comment="Readers rely on it.",
                   proposed_change="Retain the note on approximate dates.")
    pass_deadline(consultation)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    return {"series": (s1, s2), "related": (pointer, target), "contradiction": (drop, keep)}


def test_series_and_related_are_stored_apart_from_clusters(consultation, linked):
    stored = Analysis.objects.get(consultation=consultation).clusters
    assert sorted(c["relation"] for c in stored) == ["related", "series"]


def test_page_shows_series_and_related_with_references(consultation, linked, coordinator,
                                                       client):
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    assert 'data-testid="cluster"' not in html  # a series is never merged
    s1, s2 = linked["series"]
    series = html.split('data-testid="series"')[1].split("</table>")[0]
    assert ref(s1) in series and ref(s2) in series and "5.2.9" in series
    assert "the same request on 2 places" in series
    pointer, target = linked["related"]
    related = html.split('data-testid="related"')[1].split("</table>")[0]
    assert f"{ref(pointer)} refers to {ref(target)}" in related
    assert f">{pointer.pk} " not in related


def test_page_in_french_names_the_sections(consultation, linked, coordinator, client):
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/",
                      headers={"accept-language": "fr"}).content.decode()
    assert "Série" in html and "à traiter ensemble" in html


def test_contradiction_reason_names_references_and_quotes(consultation, linked, coordinator,
                                                           client):
    client.force_login(coordinator)
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    drop, keep = linked["contradiction"]
    table = html.split('data-testid="contradictions"')[1].split("</table>")[0]
    assert (f"{ref(drop)} asks “Delete the note on approximate dates”, {ref(keep)} asks "
            f"“Retain the note on approximate dates”: one removes what the other keeps") in table
    assert table.count("<tr>") == 2  # header and this pair: the series is no contradiction
