"""The verdict's reasons in the reader's language: the verdict and draft pages say them in
French to a browser asking for French, in the same English as the command line otherwise; text
stored with a finalized position is shown as stored."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from liaison.consensus import evaluation
from liaison.consensus import services as consensus
from liaison.consensus.reasons import say
from liaison.core.reasons import ENGLISH, Reason
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role
from tests.builders import open_consultation_on_the_dis
from tests.consensus.conftest import comment, pass_deadline

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en"}

#: Figures for every reason code (counts of 1 and 2 for the plural ones).
SAMPLES = [
    ("no_sustained_opposition", {}),
    ("sustained_opposition_members",
     {"category": "industry", "against": 1, "taking": 3, "share": 1 / 3, "theta": 1 / 3}),
    ("sustained_opposition_required",
     {"category": "consumers", "against": 1, "taking": 1, "share": 1.0, "theta": 1 / 3}),
    ("required_group_silent", {"category": "Consumers"}),
    ("required_group_abstained", {"category": "Government"}),
    ("objections_unresolved", {"count": 1}), ("objections_unresolved", {"count": 2}),
    ("objections_not_blocking", {"count": 1}), ("objections_not_blocking", {"count": 2}),
    ("nobody_took_position", {}),
    ("support_below", {"in_favour": 1, "taking": 3, "share": 1 / 3, "tau": 2 / 3}),
    ("support_reached", {"in_favour": 3, "taking": 4, "share": 0.75, "tau": 2 / 3}),
    ("no_drafts", {}),
    ("drafts_not_all", {"reaching": 1, "total": 3, "failing": ("C-002", "C-003")}),
    ("drafts_all", {"total": 2, "rule": "default"}),
    ("awaiting_review", {"count": 1}), ("awaiting_review", {"count": 3}),
]


def test_every_reason_code_has_a_sample():
    assert {code for code, _ in SAMPLES} == set(ENGLISH)


@pytest.mark.parametrize(("code", "params"), SAMPLES)
def test_each_reason_reads_as_the_core_english_and_has_its_french(code, params):
    reason = Reason(code, **params)
    with translation.override("en"):
        assert say(reason) == str(reason)
    with translation.override("fr"):
        french = say(reason)
    assert french and french != str(reason)


def test_stored_text_is_shown_as_stored():
    with translation.override("fr"):
        assert say("1 of 2 drafts reach consensus; not yet: C-002") == (
            "1 of 2 drafts reach consensus; not yet: C-002")


@pytest.fixture
def positions_taken(org, coordinator, make_user):
    """Two drafts: on C-001 industry (ana, ben, dee) is 2 for, 1 against and consumers (cy) is
    for; on C-002 cy alone raises a fundamental objection."""
    evaluation.forget()
    cats = ensure_iso_categories()
    consultation = open_consultation_on_the_dis(org, coordinator)
    people, notes = {}, []
    for name, code in (("ana", "industry"), ("ben", "industry"), ("dee", "industry"),
                       ("cy", "consumers")):
        user = make_user(Role.STAKEHOLDER, username=name)
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name.title(),
            email=f"{name}@example.org", user=user, categories=[cats[code]])
        people[name] = user
        if name in ("ana", "cy"):
            notes.append(comment(consultation, profile, user, clause="5.2", type="te",
                                 comment=f"{name} finds the definition unclear.",
                                 proposed_change="Reword the definition."))
    pass_deadline(consultation)
    consensus.consolidation_start(actor=coordinator, consultation=consultation)
    first = consensus.draft_create(actor=coordinator, consultation=consultation,
                                   comments=notes[:1])
    second = consensus.draft_create(actor=coordinator, consultation=consultation,
                                    comments=notes[1:])
    for name, value in (("ana", 1), ("ben", 1), ("cy", 1), ("dee", -1)):
        consensus.position_state(actor=people[name], draft=first, value=value)
    consensus.position_state(actor=people["cy"], draft=second, value=-2,
                             argument="The definition contradicts ISO 8601-2.")
    yield consultation, first
    evaluation.forget()


def _page(client, url: str, headers: dict[str, str]) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_verdict_page_gives_its_reasons_in_french(client, coordinator, positions_taken):
    consultation, _first = positions_taken
    client.force_login(coordinator)
    page = _page(client, reverse("consensus:verdict", args=[consultation.pk]), FRENCH)
    assert "0 projet sur 2 atteint le consensus\u00a0; pas encore\u00a0:" in page
    assert ("opposition soutenue dans «\u00a0Industry and commerce\u00a0»\u00a0: 1 sur 3 "
            "(33 %) s’opposent, au moins θ = 33 % (3 ont pris position)") in page
    assert "soutien global de 3 sur 4 (75 %), au moins égal à τ = 67 %" in page
    assert "1 objection fondamentale non résolue" in page
    assert "soutien global de 0 sur 1 (0 %), inférieur à τ = 67 %" in page
    assert "sustained opposition in" not in page and "drafts reach consensus" not in page


@pytest.mark.django_db
def test_the_draft_page_gives_its_reasons_in_french(client, coordinator, positions_taken):
    consultation, first = positions_taken
    client.force_login(coordinator)
    page = _page(client, reverse("consensus:draft", args=[consultation.pk, first.pk]), FRENCH)
    assert "opposition soutenue dans «\u00a0Industry and commerce\u00a0»" in page
    assert "overall support" not in page


@pytest.mark.django_db
def test_in_english_the_pages_say_what_the_command_line_says(client, coordinator,
                                                             positions_taken):
    consultation, _first = positions_taken
    verdict = evaluation.evaluate_consultation(consultation)
    english = [r.text() for r in verdict.reasons] + [
        r.text() for d in verdict.drafts for r in d.verdict.reasons]
    assert ("sustained opposition in 'Industry and commerce': 1 of 3 (33%) oppose, at or "
            "above θ = 33% (3 took a position)") in english
    client.force_login(coordinator)
    page = _page(client, reverse("consensus:verdict", args=[consultation.pk]),
                 ENGLISH_BROWSER)
    for sentence in english:
        assert sentence in page
    drafts = _page(client, reverse("consensus:drafts", args=[consultation.pk]),
                   ENGLISH_BROWSER)
    assert "0 of 2 drafts reach consensus; not yet:" in drafts
