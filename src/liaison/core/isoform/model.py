"""The comment-form model: :class:`CommentRow` and :class:`CommentForm`, and the text rules.

Normalisation (applied when a row or form is built, so every reader gives the same result and
round trips through .docx, .xlsx and .csv are exact):

* every field is a ``str``; ``\\r\\n`` and lone ``\\r`` become ``\\n``;
* characters XML 1.0 cannot hold (C0 controls other than tab and newline, lone surrogates,
  U+FFFE, U+FFFF) are removed;
* leading and trailing whitespace of each cell is stripped (inner spaces and newlines are kept);
* ``id`` and ``mb`` are codes: every run of whitespace becomes one space, and a value made only
  of dashes ("-", "–", "—") means empty;
* ``type`` is one of ``"ge"``, ``"te"``, ``"ed"`` or ``""`` (see :func:`normalise_type`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_ONLY_DASHES = re.compile("[-\u2010-\u2015]+")

TYPE_CODES = ("ge", "te", "ed")
#: Words accepted for each type code (case-insensitive), e.g. "General", "technical", "Ed".
TYPE_WORDS = {
    "ge": "ge",
    "g": "ge",
    "gen": "ge",
    "general": "ge",
    "te": "te",
    "t": "te",
    "tech": "te",
    "technical": "te",
    "ed": "ed",
    "e": "ed",
    "edit": "ed",
    "editorial": "ed",
}
#: Filler words ignored in a type cell ("Technical comment").
_TYPE_FILLER = {"comment", "comments", "type"}
#: When a cell names several types ("ge/te") the most significant wins: te, then ge, then ed.
_TYPE_RANK = {"te": 0, "ge": 1, "ed": 2}


def clean_text(value: str) -> str:
    """Cell text under the normalisation rule: newlines as ``\\n``, no XML-illegal characters,
    no leading or trailing whitespace."""
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", value).strip()


def clean_code(value: str) -> str:
    """A code (comment ID, MB/NC): :func:`clean_text`, whitespace runs collapsed to one space,
    and a value of dashes only ("-", "—") read as empty."""
    value = _WHITESPACE.sub(" ", clean_text(value))
    return "" if _ONLY_DASHES.fullmatch(value) else value


def normalise_type(value: str) -> str:
    """The type code for a "Type of comment" cell.

    "ge"/"General"/"g", "te"/"Technical"/"t", "ed"/"Editorial"/"e" (any case, with or without
    the word "comment") map to their code; blank or dashes give ""; several types ("ge/te",
    "te, ed") give the most significant one (te > ge > ed). Anything else raises ``ValueError``.
    """
    text = clean_text(value)
    if not text or _ONLY_DASHES.fullmatch(text):
        return ""
    words = [w for w in re.split(r"[^a-z]+", text.lower()) if w and w not in _TYPE_FILLER]
    codes = {TYPE_WORDS.get(w) for w in words} if words else {None}
    if None in codes:
        raise ValueError(f"unknown comment type {text!r} (expected ge, te or ed)")
    return min(codes, key=_TYPE_RANK.__getitem__)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CommentRow:
    """One comment of an ISO comment form (one table row), already normalised.

    ``id`` is the comment ID ("US-001", may be ""); ``mb`` the member body / national committee
    code or, for stakeholder consultations, the source of the comment; ``element`` the
    paragraph/figure/table; ``observation`` the secretariat's observation.
    """

    id: str = ""
    mb: str = ""
    line: str = ""
    clause: str = ""
    element: str = ""
    type: str = ""
    comment: str = ""
    proposed_change: str = ""
    observation: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("id", "mb"):
                value = clean_code(value)
            elif f.name == "type":
                value = normalise_type(value)
            else:
                value = clean_text(value)
            object.__setattr__(self, f.name, value)


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CommentRow))


@dataclass
class CommentForm:
    """A filled comment form: the Date/Document/Project header and the comment rows."""

    date: str = ""
    document: str = ""
    project: str = ""
    rows: list[CommentRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.date = clean_text(self.date)
        self.document = clean_text(self.document)
        self.project = clean_text(self.project)
        self.rows = list(self.rows)
