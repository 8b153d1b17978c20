"""The consultation page links everything about it (issue 14 item 7), each link shown to those
allowed to follow it: announcement, equal-access report, consolidation, drafts, verdict,
dispositions, outcome, process check, and the evidence pack as a POST form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.consultations import services as consultation_services
from liaison.notices import services as notices
from liaison.notices.audience import Criteria
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories

pytestmark = pytest.mark.django_db

EVERYTHING = ["link-report", "link-consolidation", "link-drafts", "link-verdict",
              "link-dispositions", "process-check-link", "link-evidence-pack"]


def _links(html: str) -> set[str]:
    section = html[html.index('data-testid="consultation-links"'):]
    section = section[:section.index("</nav>")]
    return set(re.findall(r'data-testid="(link-[a-z-]+|process-check-link)"', section))


def test_the_coordinator_finds_every_page_of_the_consultation(client, coordinator, world):
    consultation = world["consultation"]
    client.force_login(coordinator)
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert _links(html) == set(EVERYTHING)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(?:(?!</form>).)*'
                     r'link-evidence-pack', html, re.S)
    assert form and form.group(1) == reverse("audit:pack", args=[consultation.pk])
    pack = client.post(form.group(1))
    assert pack.status_code == 200 and pack["Content-Type"] == "application/zip"
    for name in ("link-consolidation", "link-drafts", "link-verdict", "link-dispositions"):
        url = re.search(rf'href="([^"]+)" data-testid="{name}"', html).group(1)
        assert client.get(url).status_code == 200, name


def test_a_stakeholder_sees_only_what_they_may_open(client, world):
    consultation = world["consultation"]
    client.force_login(world["ana"][0])
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert _links(html) == {"link-drafts", "link-verdict", "link-outcome"}
    assert "evidence pack" not in html


def test_an_announced_consultation_links_its_announcement(client, org, coordinator, project):
    consultation = consultation_services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Announced",
        deadline=timezone.now() + dt.timedelta(days=30))
    industry = ensure_iso_categories()["industry"]
    registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Ida Interested",
                                email="ida@example.net", consent_to_contact=True,
                                categories=[industry])
    announcement = notices.consultation_announce(
        actor=coordinator, consultation=consultation, subject="Comments wanted",
        criteria=Criteria(committee=False, topics=False, required_groups=False,
                          categories=(industry.pk,)))
    client.force_login(coordinator)
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert _links(html) == {"link-announcement", "link-report", "process-check-link",
                            "link-evidence-pack"}  # still open: no consensus pages yet
    assert f'href="{reverse("notices:announcement", args=[announcement.pk])}"' in html
