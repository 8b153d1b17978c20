"""The French catalogs agree with one another.

Django merges every app's catalog into one table per language: when two catalogs translate the
same msgid (same context) differently, the catalog found first wins everywhere, and a page of
one app silently shows the other app's wording (an appeal "clôturée", a consultation "clos").
So a msgid says the same in every catalog; where the same English means different things, the
source gives it a context (``pgettext``, ``{% translate … context … %}``) and each meaning has
its own French.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import translation

from liaison.appeals.states import AppealState, DisputeState
from liaison.committees.models import Decision, Invitation
from liaison.consensus.models import Disposition, Objection
from liaison.consultations.states import State as ConsultationState
from liaison.involvement.models import SurveyResponse
from liaison.notices.models import Notice
from liaison.process.models import ProcessVersion
from tests.i18n.po import SRC, catalogs, read_po


def _translations() -> dict[tuple, dict[tuple, list[str]]]:
    """(context, msgid, plural) → {its translation: the catalogs that give it}."""
    found: dict[tuple, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for po in catalogs():
        for entry in read_po(po):
            if not entry.obsolete:
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                found[key][tuple(sorted(entry.msgstr.items()))].append(
                    str(po.relative_to(SRC)))
    return found


def test_a_msgid_says_the_same_in_every_catalog():
    clashes = []
    for (context, msgid, _plural), versions in sorted(
            _translations().items(), key=lambda item: (item[0][1], item[0][0] or "")):
        if len(versions) > 1:
            said = "; ".join(f"{[text for _, text in msgstr]} in {', '.join(where)}"
                             for msgstr, where in versions.items())
            clashes.append(f"{msgid!r}" + (f" (context {context!r})" if context else "")
                           + f": {said}")
    assert not clashes, (
        "the same msgid is translated differently by several catalogs (only one wins on "
        "every page): make them identical, or give the source strings a context:\n  "
        + "\n  ".join(clashes))


@pytest.mark.parametrize(("label", "french"), [
    (AppealState.CLOSED.label, "clos"),
    (ConsultationState.CLOSED.label, "clôturée"),
    (Notice.State.SENT.label, "envoyé"),
    (Invitation.State.SENT.label, "envoyée"),
    (Disposition.Kind.NOTED.label, "pris en note"),
    (Decision.Outcome.NOTED.label, "prise en note"),
    (DisputeState.OPEN.label, "ouverte"),
    (Objection.State.OPEN.label, "ouverte"),
    (ProcessVersion.Status.DRAFT.label, "projet"),
    (SurveyResponse.Interest.NONE.label, "nul"),
], ids=lambda value: str(value) if not isinstance(value, str) else None)
def test_the_same_english_word_takes_the_french_of_its_own_meaning(label, french):
    with translation.override("fr"):
        assert str(label) == french


def test_one_page_shows_each_meaning_of_sign_in_and_change(client, db):
    response = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "Connectez-vous</a> pour participer." in html, "the sentence on the home page"
    assert ">Se connecter</a>" in html, "the menu item"
    assert "Changer</button>" in html, "the language switcher"
