"""A colon between two data values is said in the reader's language (docs/i18n.md): French
pages read ``tranché\u00a0: rejeté``, with the no-break space before the colon, English pages
read ``decided: dismissed`` exactly as before. Templates write ``{{ a }}{% colon %}{{ b }}``
(``access/templatetags/typography.py``), Python ``_("%(label)s: %(value)s") % {…}``.

The scan names the file and line of each colon a template writes itself between two values:
a ``}}`` (possibly followed by closing markup such as ``</a>``, ``</strong>``, ``{% endif %}``
or an opening ``{% if … %}``) then ``:`` then a ``{{`` or ``{%`` (possibly after markup).
What ``{% blocktranslate %}`` holds is left out: that colon is inside a msgid, French places
its own.
"""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from liaison.appeals import services as appeals
from tests.appeals.conftest import GROUNDS, build_world
from tests.i18n.po import SRC, templates

NBSP = "\u00a0"
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}

_TAG = r"(?:</?[a-z][^<>{}\n]{0,200}>|\{%[^%\n]{0,200}%\})"
_VALUE_COLON = re.compile(r"\}\}(?:[ \t]*" + _TAG + r"){0,4}[ \t]*:(?:[ \t]|" + _TAG
                          + r"){0,4}(?=\{\{|\{%)")
_BLOCKTRANSLATE = re.compile(r"\{%-?\s*blocktrans(?:late)?\b.*?\{%-?\s*endblocktrans(?:late)?"
                             r"\s*-?%\}", re.S)

# Where a template may write its own colon between two values, as "path:line snippet" → why:
# a machine-readable format (none of the templates renders one today).
ALLOWED: dict[str, str] = {}


def value_colons(text: str) -> list[tuple[int, str]]:
    """``(line, snippet)`` for each colon ``text`` writes itself between two values."""
    blanked = _BLOCKTRANSLATE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return [(text.count("\n", 0, m.start()) + 1, m.group(0).replace("\n", " "))
            for m in _VALUE_COLON.finditer(blanked)]


@pytest.mark.parametrize("text", [
    "{{ a }}{% colon %}{{ b }}",
    '{% blocktranslate with n=g.n size=g.size %}Group {{ n }}: {{ size }}.{% endblocktranslate %}',
    "{% blocktranslate with at=t %}Resolved on {{ at }}:{% endblocktranslate %} {{ text }}",
    '{{ when|date:"H:i" }} {{ what }}',
    '<time datetime="{{ at|date:\'c\' }}">{{ at|time:"TIME_FORMAT" }}</time>',
    "{{ a }} — {{ b }}",
    "{{ a }}:",
])
def test_the_scan_accepts_the_tag_a_msgid_colon_and_colons_inside_a_variable(text):
    assert value_colons(text) == []


@pytest.mark.parametrize("text", [
    "{{ a }}: {{ b }}",
    "{{ a }}:{{ b }}",
    "{{ a.get_state_display }}{% if a.outcome %}: {{ a.get_outcome_display }}{% endif %}",
    '<a href="{% url \'x\' a.pk %}">{{ a.reference }}</a>: {{ a.text }}',
    "<strong>{{ d.get_outcome_display }}</strong>: {{ d.text }}",
    '{{ d.at|date:"SHORT_DATE_FORMAT" }}: <strong>{{ d.outcome }}</strong>',
    '{{ b.label }}: {% translate "closes" %} {{ b.closes_at }}',
])
def test_the_scan_names_a_colon_between_two_values(text):
    assert len(value_colons(text)) == 1


def test_no_template_writes_its_own_colon_between_two_values():
    found = []
    for path in templates():
        for line, snippet in value_colons(path.read_text(encoding="utf-8")):
            where = f"{path.relative_to(SRC)}:{line}"
            if f"{where} {snippet}" not in ALLOWED:
                found.append(f"{where}: {snippet}")
    assert not found, ("write {{ a }}{% colon %}{{ b }} ({% load typography %}): French puts "
                       "a no-break space before the colon:\n  " + "\n  ".join(found))


@pytest.mark.parametrize(("language", "said"), [("en", "ISO/DIS 15836-2: Dublin Core"),
                                                ("fr", f"ISO/DIS 15836-2{NBSP}: Dublin Core")])
def test_the_colon_tag_in_each_language(language, said):
    template = Template("{% load typography %}{{ a }}{% colon %}{{ b }}")
    with translation.override(language):
        assert template.render(Context({"a": "ISO/DIS 15836-2", "b": "Dublin Core"})) == said


@pytest.fixture
def decided(db, org, coordinator, make_user):
    """An appeal against an involvement decision, dismissed by its panel."""
    world = build_world(org, coordinator, make_user)
    appeal = appeals.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    appeals.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    appeals.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    appeals.appeal_review_start(actor=world.coordinator, appeal=appeal)
    return world, appeals.appeal_decide(actor=world.pat, appeal=appeal, outcome="dismissed",
                                        reasons="The survey ran for the usual four weeks.")


def _state(html: str) -> str:
    return re.search(r'<strong data-testid="state">([^<]*)</strong>', html).group(1)


def test_an_appeal_page_in_french_puts_a_no_break_space_before_each_colon(client, decided):
    world, appeal = decided
    client.force_login(world.coordinator)
    url = reverse("appeals:detail", args=[appeal.pk])
    french = client.get(url, **FRENCH).content.decode()
    assert _state(french) == f"tranché{NBSP}: rejeté"
    assert f"{NBSP}: {appeal.subject_label}</dd>" in french
    listing = client.get(reverse("appeals:list"), **FRENCH).content.decode()
    assert f"tranché{NBSP}: rejeté" in listing


def test_the_same_appeal_page_in_english_is_as_before(client, decided):
    world, appeal = decided
    client.force_login(world.coordinator)
    english = client.get(reverse("appeals:detail", args=[appeal.pk]),
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _state(english) == "decided: dismissed"
    assert re.search(r"</dt><dd>[^<:]+: " + re.escape(appeal.subject_label) + "</dd>", english)
    assert NBSP not in english


def test_a_conflicted_panel_member_is_refused_in_french_with_french_colons(client, org,
                                                                           coordinator,
                                                                           make_user):
    world = build_world(org, coordinator, make_user)
    appeal = appeals.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    client.force_login(world.coordinator)
    response = client.post(reverse("appeals:panel", args=[appeal.pk]),
                           {"members": [world.sam.pk]}, **FRENCH)
    assert response.status_code == 400
    assert f"Sam Surveyed{NBSP}: a pris part à la décision{NBSP}: " in response.content.decode()
