"""The verdict page's section for one draft, rendered once per content (issue 14).

Rule: a section is a function of the draft (id, reference), its verdict, its chart, the
override shown on it, and the language — nothing about the viewer. It is kept, keyed by all of
these, in a bounded least-recently-used store (``SECTIONS_KEPT``); so after one position
changed, the page renders only the sections whose content changed and reuses the others. A
change of any part of the key makes a new entry, so a kept section is never out of date.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from liaison.consensus.recent import Recent

#: Sections kept per process: all the drafts of a few large consultations, in two languages.
SECTIONS_KEPT = 4000

_SECTIONS: Recent[tuple, SafeString] = Recent(SECTIONS_KEPT)


def section(consultation, item: dict) -> SafeString:
    """The HTML of ``item``'s section (``draft``, ``result``, ``override``, ``chart``)."""
    draft, result = item["draft"], item["result"]
    key = (get_language(), consultation.pk, draft.pk, draft.reference, repr(result.verdict),
           repr(result.blocking_objections), repr(item["chart"]), str(item["override"] or ""))
    html = _SECTIONS.get(key)
    if html is None:
        html = render_to_string("consensus/_verdict_draft.html",
                                {"consultation": consultation, "item": item})
        _SECTIONS[key] = html
    return html
