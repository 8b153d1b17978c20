"""A label followed by a colon carries the colon inside its msgid (docs/i18n.md), so that French
can write ``Date limite\u00a0:`` with its no-break space: ``{% translate "Deadline:" %}``, never
``{% translate "Deadline" %}:``. The scan names the file and line of every translated label
that the source follows with a colon of its own, in templates and in Python.

Best effort, by regular expression: in templates a ``{% translate %}`` / ``{% trans %}`` tag or
an ``{% endblocktranslate %}`` / ``{% endblocktrans %}`` followed (after closing tags such as
``</strong>`` or ``{% endif %}``) by ``:``; in Python ``_("…") + ":"`` and a call to ``_`` or
a ``gettext`` function directly followed by ``:`` in an f-string (``f"{_('Label')}: …"``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.i18n.po import SRC, templates

# Closing markup that may sit between a label and its colon: ``</strong>``, ``{% endif %}``.
_CLOSERS = r"(?:\s*(?:</\w+\s*>|\{%-?\s*end\w*\s*-?%\}))*[ \t]*:"
_TEMPLATE = re.compile(
    r"(?:\{%-?\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*')[^%]*?-?%\}"
    r"|\{%-?\s*(?:endblocktranslate|endblocktrans)\s*-?%\})" + _CLOSERS)
_CALL = r"\b(?:_|[np]?gettext(?:_lazy|_noop)?|npgettext(?:_lazy)?)\((?:[^()]|\([^()]*\))*\)"
_PYTHON = re.compile(
    _CALL + r"\s*\+\s*[rRuU]?(?:\"|')[ \t]*:"          # _("Label") + ": "
    r"|\{\s*" + _CALL + r"\s*(?:![rsa])?\s*\}[ \t]*:")  # f"{_('Label')}: …"

# Where a colon after a translated string is right, as "path:line text" → why. A colon in a
# machine-readable format (a header name, a CSV key) belongs here; a label for people does not.
ALLOWED: dict[str, str] = {}


def label_colons(text: str, *, python: bool) -> list[tuple[int, str]]:
    """``(line, snippet)`` for each translated label that ``text`` follows with its own colon."""
    pattern = _PYTHON if python else _TEMPLATE
    return [(text.count("\n", 0, m.start()) + 1, m.group(0).replace("\n", " "))
            for m in pattern.finditer(text)]


def _sources() -> list[Path]:
    return templates() + sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("text", [
    '{% translate "Deadline:" %} {{ deadline }}',
    '<strong>{% translate "Review:" %}</strong> {{ review }}',
    '{% blocktranslate with step=s %}Step: {{ step }}{% endblocktranslate %}',
    '{% translate "Consensus" %} · {{ a }}: {{ b }}',
    '{{ item.get_kind_display }}{% if item.reason %}: {{ item.reason }}{% endif %}',
    "{% translate 'Deadline' %}\n{{ a }}:",
])
def test_the_scan_accepts_a_colon_inside_the_msgid_and_one_after_data(text):
    assert label_colons(text, python=False) == []


@pytest.mark.parametrize("text", [
    '{% translate "Deadline" %}: {{ deadline }}',
    "{% trans 'Deadline' %}:",
    '{% translate "open" context "consultation state" %} :',
    '<strong>{% translate "Review" %}</strong>: {{ review }}',
    '{% if a %}{% translate "A" %}{% else %}{% translate "B" %}{% endif %}: {{ title }}',
    '{% blocktranslate %}Step {{ n }}{% endblocktranslate %}:',
    '{% blocktrans %}Step {{ n }}{% endblocktrans %}: x',
])
def test_the_scan_names_a_template_colon_outside_the_msgid(text):
    assert len(label_colons(text, python=False)) == 1


@pytest.mark.parametrize(("text", "found"), [
    ('mediation = _("Mediation:")\ngrounds = f"{a}\\n\\n{mediation} {note}"', 0),
    ('line = _("%(label)s: %(value)s") % {"label": x, "value": y}', 0),
    ('line = f"{name}: {value}"', 0),
    ('grounds = f"{a}\\n\\n{_(\'Mediation\')}: {note}"', 1),
    ('x = f"{label} — {gettext(\'conflicted\')} : {reason}"', 1),
    ('x = _("Deadline") + ": " + when', 1),
    ('x = pgettext_lazy("state", "closed") + ":"', 1),
    ('x = f"{_(\'Total (%(n)s)\') % {\'n\': n}}: {v}"', 0),  # not a bare call: beyond the scan
])
def test_the_scan_names_a_python_colon_outside_the_msgid(text, found):
    assert len(label_colons(text, python=True)) == found


def test_no_translated_label_is_followed_by_a_colon_outside_its_msgid():
    found = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for line, snippet in label_colons(text, python=path.suffix == ".py"):
            where = f"{path.relative_to(SRC)}:{line}"
            if f"{where} {snippet}" not in ALLOWED:
                found.append(f"{where}: {snippet}")
    assert not found, ("put the colon inside the msgid ({% translate \"Label:\" %}), French "
                       "writes it after a no-break space:\n  " + "\n  ".join(found))
