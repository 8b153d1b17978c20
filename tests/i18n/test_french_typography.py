"""Every French translation follows French typography (docs/i18n.md): a no-break space before
``:`` ``;`` ``?`` ``!`` and inside « guillemets », and the typographic apostrophe — on pages
and in e-mails alike. URLs, times, markup and template syntax are left as they are."""

from __future__ import annotations

import pytest

from tests.i18n.po import SRC, catalogs, read_po
from tests.i18n.typography import spacing_problems


@pytest.mark.parametrize("text", [
    "Date limite\u00a0: %(date)s",
    "Peut siéger au jury\u00a0?",
    "Clôture du vote ISO à 17:00, ratio 2:1, ISO 8601:2019.",
    "Voir https://liaison.example.org/a?b=c;d!",
    "<a href=\"/api/docs\">l’API</a> et <code>Authorization: Bearer &lt;jeton&gt;</code>",
    "Le jeton «\u00a0%(name)s\u00a0» est révoqué\u00a0!",
    "{% if x %}{{ a|date:'c' }}{% endif %}",
    "Ce qui a changé\u00a0:\n: en début de ligne",
])
def test_the_check_accepts_correct_french_and_what_is_not_prose(text):
    assert spacing_problems(text) == []


@pytest.mark.parametrize(("text", "complaint"), [
    ("Date limite: %(date)s", "'e' directly before ':'"),
    ("Date limite : %(date)s", "an ordinary space before ':'"),
    ("%(file)s: vide", "'s' directly before ':'"),
    ("un point ; un autre", "an ordinary space before ';'"),
    ("Peut siéger au jury?", "'y' directly before '?'"),
    ("(à revoir)!", "')' directly before '!'"),
    ("le jeton « %(name)s\u00a0»", "after '«'"),
    ("le jeton «\u00a0%(name)s»", "before '»'"),
    ("l'application", "straight apostrophe"),
])
def test_the_check_names_each_mistake(text, complaint):
    [found] = spacing_problems(text)
    assert complaint in found


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: str(p.relative_to(SRC).parts[0]))
def test_every_french_translation_follows_french_typography(po):
    found = [f"{entry}: {problem}"
             for entry in read_po(po) if not entry.obsolete
             for text in set(entry.msgstr.values())
             for problem in spacing_problems(text)]
    assert not found, f"{po.relative_to(SRC)}:\n  " + "\n  ".join(found)
