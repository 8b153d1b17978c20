"""The consolidation view only reads: a GET never writes (not even an audit event). The
analysis is run when consolidation starts, and again on an explicit POST."""

from __future__ import annotations

import pytest

from liaison.audit.models import AuditEvent
from liaison.consensus.models import Analysis
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def test_starting_consolidation_analyses_the_comments(world):
    analysis = Analysis.objects.get(consultation=world["consultation"])
    assert analysis.n_comments == 4 and len(analysis.clusters) == 1
    assert AuditEvent.objects.filter(verb="consensus.analyse").count() == 1


def test_a_get_writes_nothing_even_when_the_analysis_is_stale(world, coordinator, client):
    consultation = world["consultation"]
    Analysis.objects.filter(consultation=consultation).delete()
    client.force_login(coordinator)
    before = row_counts()
    page = client.get(f"/consensus/{consultation.pk}/")
    assert page.status_code == 200
    assert row_counts() == before
    html = page.content.decode()
    assert "have not been analysed yet" in html and "Run the analysis" in html
    assert 'data-testid="cluster"' not in html  # shown one by one until analysed

    response = client.post(f"/consensus/{consultation.pk}/analyse/")
    assert response.status_code == 302
    assert Analysis.objects.filter(consultation=consultation).exists()
    html = client.get(f"/consensus/{consultation.pk}/").content.decode()
    assert "Run the analysis" not in html and 'data-testid="cluster"' in html


def test_only_drafters_run_the_analysis(world, client, client_as):
    consultation = world["consultation"]
    client_as("committee_member")
    before = row_counts()
    assert client.post(f"/consensus/{consultation.pk}/analyse/").status_code == 403
    assert row_counts() == before
