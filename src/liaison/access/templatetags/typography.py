"""``{% colon %}``: the colon between two values in the reader's language (docs/i18n.md).

French puts a no-break space before it (``tranché\u00a0: rejeté``), English does not
(``decided: dismissed``). A template writes ``{{ a }}{% colon %}{{ b }}``, never
``{{ a }}: {{ b }}``; the separator is taken from the one message every colon between two
values uses, ``"%(label)s: %(value)s"`` (Python formats that message itself), so there is a
single French for it in the catalogs.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def colon() -> str:
    """``": "`` in English, ``"\u00a0: "`` in French."""
    return _("%(label)s: %(value)s") % {"label": "", "value": ""}
