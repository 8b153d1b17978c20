"""The fast text scanners read exactly what the regular expressions they replace read: the
analysis gives the same results, only sooner."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.core import contradiction, relations
from liaison.core.similarity import TOKEN_PATTERN, _tokens

# letters, digits, word punctuation, non-ASCII letters and separators, the verbs and modals
_PIECES = st.sampled_from(
    ["a", "Z", "1", "_", ":", " ", "-", ".", ",", "é", "ß", "—", "“", "\u00a0", "İ", "ſ",
     "delete", "Removed", "ADDS", "keep", "used", "shall", "not", "be", "MAY", "never",
     "is required to", "GB", "UK", " 5", "-007", "US12"]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_tokens_are_the_token_pattern_matches(text):
    assert _tokens(text.lower()) == re.findall(TOKEN_PATTERN, text.lower())


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_action_and_modal_scans_match_the_case_insensitive_patterns(text):
    for pattern, lower in (
        (contradiction._ACTION_RE, contradiction._ACTION_LOWER),
        (contradiction._MODAL_RE, contradiction._MODAL_LOWER),
    ):
        expected = [
            (m.start(), m.end(), m.group(0).lower(),
             tuple(g.lower() if g else g for g in m.groups()))
            for m in pattern.finditer(text)
        ]
        assert list(contradiction._finditer(pattern, lower, text)) == expected


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_references_to_known_codes_are_those_of_the_general_pattern(text):
    codes = {"GB", "US"}
    general = [
        (m.span(), relations._ALIASES.get(m.group(1), m.group(1)), m.group(2))
        for m in relations._REFERENCE.finditer(text)
        if relations._ALIASES.get(m.group(1), m.group(1)) in codes
    ]
    fast = [
        (m.span(), relations._ALIASES.get(m.group(1), m.group(1)), m.group(2))
        for m in relations._references_to(codes).finditer(text)
    ]
    assert fast == general
