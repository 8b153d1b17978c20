"""French typography rules the catalogs follow (docs/i18n.md), as checks on one msgstr.

* ``:`` ``;`` ``?`` ``!`` are preceded by a no-break space (U+00A0), never by an ordinary
  space and never glued to the word, number, quote, parenthesis or ``%(name)s`` before them;
* guillemets hold their text between no-break spaces: ``«\u00a0titre\u00a0»``;
* the apostrophe is the typographic one (’), never the straight ``'``.

Left alone, because they are not French prose: markup (``<a href="https://…">``, whatever
``<code>`` holds), template syntax (``{{ … }}``, ``{% … %}``), URLs, and a colon between two
digits (a time such as 17:00, a ratio such as 2:1, a standard's year as in ISO 8601:2019).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
HIGH_PUNCTUATION = ":;?!"
_NOT_PROSE = re.compile(r"<code>.*?</code>|<[^>]*>|\{\{.*?\}\}|\{%.*?%\}|[a-z][a-z0-9+.-]*://\S+",
                        re.S)


def _prose_positions(text: str) -> list[int]:
    """Indexes of ``text`` that are French prose (outside markup, template syntax, URLs)."""
    hidden = set()
    for match in _NOT_PROSE.finditer(text):
        hidden.update(range(*match.span()))
    return [i for i in range(len(text)) if i not in hidden]


def _show(text: str, i: int) -> str:
    """``text`` around index ``i``, no-break spaces shown as ⍽ so the reader sees them."""
    return repr(text[max(0, i - 25):i + 10].replace(NBSP, "⍽"))


def spacing_problems(text: str) -> list[str]:
    """Each place where ``text`` breaks the rules above, as ``what … where``."""
    found = []
    for i in _prose_positions(text):
        ch = text[i]
        before = text[i - 1] if i else "\n"
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in HIGH_PUNCTUATION:
            if ch == ":" and before.isdigit() and after.isdigit():
                continue
            if before in "\n" + NBSP + HIGH_PUNCTUATION:
                continue
            what = "an ordinary space" if before.isspace() else f"{before!r} directly"
            found.append(f"{what} before {ch!r} (needs a no-break space) in {_show(text, i)}")
        elif ch == "«" and after != NBSP:
            found.append(f"no no-break space after '«' in {_show(text, i)}")
        elif ch == "»" and before != NBSP:
            found.append(f"no no-break space before '»' in {_show(text, i)}")
        elif ch == "'":
            found.append(f"straight apostrophe (write ’) in {_show(text, i)}")
    return found
