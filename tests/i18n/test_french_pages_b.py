"""Pages of the consensus, appeals, process and metrics areas in French: a browser that asks for
French (``Accept-Language: fr``) gets French headings, French dates (14/03/2031) and decimal
commas, and the published process exported for ISO comes out in French too."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from liaison.appeals import services as appeals
from liaison.consensus import evaluation
from liaison.consensus import services as consensus
from liaison.process import services as process
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role
from tests.appeals.conftest import GROUNDS, build_world
from tests.builders import open_consultation_on_the_dis
from tests.consensus.conftest import comment, pass_deadline
from tests.process.conftest import T1, T2, V1_TEXT

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
SHORT_FRENCH_MOMENT = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")


def _french(client, url: str) -> str:
    response = client.get(url, **FRENCH)
    assert response.status_code == 200, url
    assert response.headers["Content-Language"] == "fr"
    return response.content.decode()


@pytest.fixture
def consolidating(org, coordinator, make_user):
    """A consultation past its deadline with two comments, consolidation started."""
    evaluation.forget()
    cats = ensure_iso_categories()
    consultation = open_consultation_on_the_dis(org, coordinator)
    for name, code in (("ana", "industry"), ("cy", "consumers")):
        user = make_user(Role.STAKEHOLDER, username=name)
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name.title(),
            email=f"{name}@example.org", user=user, categories=[cats[code]])
        comment(consultation, profile, user, clause="5.2", type="te",
                comment=f"{name} finds the definition unclear.",
                proposed_change="Reword the definition.")
    pass_deadline(consultation)
    consensus.consolidation_start(actor=coordinator, consultation=consultation)
    yield consultation
    evaluation.forget()


@pytest.fixture
def published(org, coordinator):
    """The organization's process: version 1, then version 2 (θ = 1/3, τ = 3/4) in force."""
    v1 = process.process_draft_save(actor=coordinator, liaison_org=org, **V1_TEXT)
    process.process_publish(actor=coordinator, version=v1, at=T1, change_note="First.")
    v2 = process.process_draft_save(
        actor=coordinator, liaison_org=org, min_members=2, support_threshold="3/4",
        disputes_and_appeals="Appeals are lodged within 21 days of the decision.")
    return process.process_publish(actor=coordinator, version=v2, at=T2,
                                   change_note="Longer appeal window.")


def test_the_consolidation_page_in_french(client, coordinator, consolidating):
    client.force_login(coordinator)
    html = _french(client, reverse("consensus:consolidation", args=[consolidating.pk]))
    assert "Commentaires, regroupés et dans l" in html
    assert "Filtrer les commentaires" in html and "Analyser à nouveau" in html
    assert "Modification proposée" in html and "Comments, grouped" not in html


def test_an_appeal_page_in_french_with_french_dates(client, org, coordinator, make_user):
    world = build_world(org, coordinator, make_user)
    appeal = appeals.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    client.force_login(world.coordinator)
    html = _french(client, reverse("appeals:detail", args=[appeal.pk]))
    assert "Délai de recours" in html and "Prochaines étapes" in html
    assert "Statuer sur la recevabilité" in html and "Appeal window" not in html
    assert SHORT_FRENCH_MOMENT.search(html), "deadlines are shown as dd/mm/yyyy hh:mm"


def test_the_public_appeal_outcomes_in_french(client, org, coordinator, make_user):
    world = build_world(org, coordinator, make_user)
    appeal = appeals.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    appeals.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    appeals.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    appeals.appeal_review_start(actor=world.coordinator, appeal=appeal)
    appeals.appeal_decide(actor=world.pat, appeal=appeal, outcome="dismissed",
                          reasons="The survey was fair.")
    listing = _french(client, reverse("appeals:outcomes"))
    assert "Recours tranchés par les jurys de recours" in listing
    assert appeal.reference in listing and "rejeté" in listing
    page = _french(client, reverse("appeals:outcome", args=[appeal.pk]))
    assert "Motifs (résumé)" in page and "le jury de recours de" in page
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", page), "the decision date is dd/mm/yyyy"


def test_the_published_process_page_in_french(client, published):
    html = _french(client, reverse("process:current", args=["tmi"]))
    assert "Notre règle de consensus" in html and "Télécharger en PDF" in html
    assert "Seuil d’opposition θ" in html
    assert "33,3%" in html, "shares use the French decimal comma"
    assert "Our consensus rule" not in html


def test_the_self_assessment_page_in_french(client, coordinator):
    client.force_login(coordinator)
    html = _french(client, reverse("metrics:dashboard"))
    assert "Revues du processus" in html
    assert "Équilibre des participants au regard des groupes requis" in html
    assert "Process reviews" not in html


def test_the_process_exported_for_iso_in_french(client, published):
    response = client.get(reverse("process:docx", args=["tmi", 2]), **FRENCH)
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Règle de consensus" in headings
    assert "Domaine d’application" in headings and "Contestations et recours" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Version 2, publiée le 01/03/2026 14:30 UTC" in text
    rows = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert rows["Seuil d’opposition θ"] == "1/3 (33,3%)"
    assert rows["Une objection fondamentale non résolue empêche le consensus"] == "oui"
    # the organization's own text is left as written
    assert "Appeals are lodged within 21 days of the decision." in text
