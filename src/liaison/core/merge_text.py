"""The suggested text of a draft merged from several comments (pure, no Django).

Rules:
- every sentence is said once: a sentence is dropped when an earlier kept sentence is the
  same once normalized (case, Unicode form, quotes, spacing, final punctuation), or when
  their word sets overlap by ``overlap`` or more (Jaccard) — the same point in other words;
- paragraphs are kept: each source's paragraphs (separated by a blank line) stay paragraphs
  and its line breaks stay line breaks; a paragraph whose sentences were all said already
  disappears;
- order is kept: the first text first, then what each following text adds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def normalize(sentence: str) -> str:
    """The form two sentences are compared in: NFKC, case-folded, straight quotes, single
    spaces, no final punctuation."""
    text = unicodedata.normalize("NFKC", sentence).translate(_QUOTES).casefold()
    return " ".join(text.split()).rstrip(" .!?;:")


def _sentences(line: str) -> Iterable[str]:
    for sentence in _SENTENCE.split(line):
        sentence = " ".join(sentence.split())
        if sentence:
            yield sentence


def merge_texts(texts: Sequence[str], overlap: float = 0.6) -> str:
    """The texts merged as the module docstring says."""
    seen: set[str] = set()
    seen_words: list[set[str]] = []

    def new(sentence: str) -> bool:
        key = normalize(sentence)
        words = set(_WORD.findall(key))
        if not words or key in seen:
            return False
        if any(len(words & k) / len(words | k) >= overlap for k in seen_words):
            return False
        seen.add(key)
        seen_words.append(words)
        return True

    paragraphs: list[str] = []
    for text in texts:
        for paragraph in _PARAGRAPH.split((text or "").strip()):
            lines = [" ".join(s for s in _sentences(line) if new(s))
                     for line in paragraph.splitlines()]
            kept = "\n".join(line for line in lines if line)
            if kept:
                paragraphs.append(kept)
    return "\n\n".join(paragraphs)
