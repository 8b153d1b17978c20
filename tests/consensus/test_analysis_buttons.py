"""The analysis buttons say what happens (issue 14): before any run the consolidation page
offers one button, "Run the analysis"; the first run is reported as "analysed", not
"analysed again"; only after a run is "Analyse again" offered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.consensus.conftest import REDUNDANT, comment, pass_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(consultation, make_stakeholder):
    """Two comments, the deadline passed, consolidation not started: never analysed."""
    ana = make_stakeholder("ana", "industry")
    ben = make_stakeholder("ben", "industry")
    comment(consultation, ana[1], ana[0], clause="5.2.7", type="te", comment=REDUNDANT)
    comment(consultation, ben[1], ben[0], clause="5.2.7", type="ed", comment=REDUNDANT)
    pass_deadline(consultation)
    consultation.refresh_from_db()
    return consultation


def test_one_button_before_the_first_run_and_no_again_after_it(client, coordinator, closed):
    client.force_login(coordinator)
    page = reverse("consensus:consolidation", args=[closed.pk])
    html = client.get(page).content.decode()
    assert html.count("Run the analysis") == 1 and "Analyse again" not in html

    response = client.post(reverse("consensus:analyse", args=[closed.pk]), follow=True)
    html = response.content.decode()
    assert "The comments were analysed." in html and "analysed again" not in html
    assert "Analyse again" in html and "Run the analysis" not in html

    html = client.post(reverse("consensus:analyse", args=[closed.pk]),
                       follow=True).content.decode()
    assert "The comments were analysed again." in html
