"""A draft made of several comments (issue 14 item 3): the suggested text says each sentence
once and keeps the paragraphs, and the edit page shows the sources beside the text."""

from __future__ import annotations

import html as htmllib

import pytest
from django.urls import reverse

from liaison.consensus import services
from liaison.consensus.models import Draft
from tests.consensus.conftest import comment, pass_deadline

pytestmark = pytest.mark.django_db

ANA = ("The example in 5.2 uses a date without its time zone.\n\n"
       "Give the zone in every example.")
BEN = "The example in 5.2 uses a date without its time zone. It also lacks seconds."


def test_the_merged_draft_says_it_once_and_the_editor_shows_the_sources(
        client, coordinator, consultation, make_stakeholder):
    ana, ben = make_stakeholder("ana", "industry"), make_stakeholder("ben", "consumers")
    c1 = comment(consultation, ana[1], ana[0], clause="5.2", type="te", comment=ANA)
    c2 = comment(consultation, ben[1], ben[0], clause="5.2", type="te", comment=BEN)
    pass_deadline(consultation)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    client.force_login(coordinator)
    response = client.post(reverse("consensus:draft_new", args=[consultation.pk]),
                           {"comments": [c1.pk, c2.pk], "representative": c1.pk})
    assert response.status_code == 302
    draft = Draft.objects.get(consultation=consultation)
    assert draft.comment == (
        "The example in 5.2 uses a date without its time zone.\n\n"
        "Give the zone in every example.\n\n"
        "It also lacks seconds.")

    page = client.get(reverse("consensus:draft_edit", args=[consultation.pk, draft.pk]))
    text = htmllib.unescape(page.content.decode())
    form, sources = text.split('data-testid="edit-sources"')
    assert draft.comment in form  # the suggestion, in the text area
    assert c1.reference in sources and c2.reference in sources
    assert "Ana" in sources and "Ben" in sources  # the authors by name
    assert "It also lacks seconds." in sources and "Give the zone" in sources
