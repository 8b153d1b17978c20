"""Contradictory comments: pairs whose proposed changes cannot both be accepted.

A pair is flagged only when the two comments are about the **same place** (same or nested
clause, or line ranges within ``LINE_WINDOW``; never two different paragraphs / tables) and
their changes act on the **same object** in incompatible ways:

- **remove vs keep / extend**: one asks to delete X, the other to keep X (or "do not delete
  X") or to add to / extend X;
- **add vs do not add**: one asks to add X, the other not to add X;
- **allow vs forbid**: one asks to allow / permit X, the other to forbid / prohibit X, or says
  "X shall not be used";
- **keep vs replace**: one asks to keep X as is, the other to replace or reword X;
- **value A vs value B**: both replace the same X, with different values ("change X to A" /
  "change X to B"; the values' words overlap by less than half);
- **require vs forbid**: "S shall/must/should/may V" against "S shall not V" for the same verb
  and a shared subject S;
- **opposite positions** (``position_contradictions``): stakeholders who took a side on both
  mostly took opposite sides: ``r = (same − opposite) / both ≤ −0.5`` over at least 3 people.

"The same object" means the words that follow each action verb (up to the end of the clause)
share salient words — not determiners, generic words such as *sentence*, *text*, *wording*,
nor the words of the clause both are about — that make at least half of the words of the two
objects together (Jaccard ≥ 0.5); when neither names
anything but generic words, both must name the same one definitely ("the note"). Deleting one thing
while adding another in the same clause is compatible, and is not flagged: fewer, right pairs.

A comment that itself asks both sides (the same action as the other comment's on the same
object, or both "shall" and "shall not" for one verb) is not opposed to the other.

Each pair's reason names both comments (``CommentText.name``: the reference a reader sees),
quotes the conflicting parts and says why they conflict. Score: 0.6 for an action or value
conflict, 0.5 for require vs forbid (their sum, capped at 1, if both), plus 0.4 × word TF-IDF
cosine; for positions ``score = −r``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from liaison.core.consensus import PositionMatrix
from liaison.core.similarity import (
    NESTED,
    SAME,
    UNKNOWN,
    CommentText,
    Places,
    _row_dots,
    clause_relation,
    format_clause,
    line_distance,
    parse_clause,
    parse_element,
    parse_line,
    word_tfidf,
)

ACTIONS: dict[str, tuple[str, ...]] = {
    "delete": ("delete", "remove", "strike", "drop", "eliminate", "deprecate", "omit"),
    "add": ("add", "insert", "introduce", "include", "extend", "expand", "provide", "define"),
    "keep": ("keep", "retain", "preserve"),
    "replace": ("replace", "change", "modify", "rename", "reword", "revise", "rewrite"),
    "allow": ("allow", "permit", "use"),  # "use" only as "X shall (not) be used"
    "forbid": ("forbid", "prohibit", "disallow"),
}
#: A negated action reads as another: "do not delete X" keeps X, "do not add X" refuses it.
_NEGATED = {
    "delete": "keep",
    "add": "noadd",
    "keep": "replace",
    "replace": "keep",
    "allow": "forbid",
    "forbid": "allow",
}
#: Incompatible pairs of actions on one object, with the words that say why.
_WHY = {
    frozenset(("delete", "keep")): "one removes what the other keeps",
    frozenset(("delete", "add")): "one removes what the other extends",
    frozenset(("add", "noadd")): "one adds what the other refuses",
    frozenset(("keep", "replace")): "one keeps as is what the other rewrites",
    frozenset(("replace",)): "different replacements for the same text",
    frozenset(("allow", "forbid")): "one allows what the other forbids",
}
_ACTION_OF = {w: a for a, ws in ACTIONS.items() for w in ws}
_KINDS = ("delete", "add", "keep", "replace", "noadd", "allow", "forbid")
_ACTION_WORDS = "|".join(sorted({w for ws in ACTIONS.values() for w in ws}, key=len, reverse=True))
_ACTION_RE = re.compile(r"\b(" + _ACTION_WORDS + r")(?:s|d|ed|ing)?\b", re.I)
#: The same on lower-case ASCII text, several times faster: case-sensitive, and a position is
#: only tried where a word starts with a verb's first letter (``_finditer``).
_ACTION_LOWER = re.compile(
    r"(?<!\w)(?=[" + "".join(sorted({w[0] for w in _ACTION_WORDS.split("|")})) + r"])("
    + _ACTION_WORDS + r")(?:s|d|ed|ing)?\b"
)
_NEGATION = re.compile(
    r"(?:\b(?:do|does|did|should|shall|must|will|can|to)\s+)?"
    r"\b(?:not|never|no|n't|don't|doesn't)\s+(?:(?!(?:but|and|or)\b)\w+\s+){0,2}$",
    re.I,
)
_VALUE = re.compile(r"^(?P<object>.+?)\s+(?:with|by|to|into)\s+(?P<value>.+)$", re.I)
_CLAUSE_END = re.compile(r"[;!?\n]|[.:](?=\s|$)|\s(?:and|but|or|because|since|so that)\s")
_MODAL = (
    r"(shall|must|should|may|can|is required to|is allowed to)\s+(not\s+|never\s+)?(\w+)"
    r"(?:\s+(\w+))?"
)
_MODAL_RE = re.compile(r"\b" + _MODAL, re.I)
_MODAL_LOWER = re.compile(r"\b" + _MODAL)


def _finditer(pattern: re.Pattern, lower: re.Pattern, text: str):
    """``pattern.finditer(text)`` (case-insensitive), as (start, end, groups) with the groups in
    lower case. ASCII text is searched lower-cased with ``lower``, its case-sensitive twin: the
    same matches at the same offsets (ASCII lower-casing keeps every offset, and re.I folds
    nothing else in ASCII), in a fraction of the time; other text with ``pattern`` itself."""
    if text.isascii():
        for m in lower.finditer(text.lower()):
            yield m.start(), m.end(), m.group(0), m.groups()
    else:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), m.group(0).lower(), tuple(
                g.lower() if g is not None else None for g in m.groups()
            )
_AUXILIARY = {"be", "have", "been", "also", "only", "still", "always", "then", "just", "both"}
_WORD = re.compile(r"[\w:<>~]+")
#: Words that never make two objects "the same": determiners, pronouns, generic nouns.
_GENERIC = frozenset(
    (
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "them",
        "their", "there", "here", "of", "to", "in", "on", "for", "at", "by", "with",
        "from", "as", "and", "or", "be", "is", "are", "was", "were", "which", "what",
        "who", "all", "any", "each", "every", "some", "such", "other", "same", "new",
        "following", "above", "below", "current", "existing", "whole", "entire",
        "paragraph", "paragraphs", "sentence", "sentences", "text", "wording", "words",
        "word", "clause", "subclause", "section", "note", "notes", "example", "examples",
        "footnote", "bullet", "item", "list", "line", "lines", "part", "parts",
        "definition", "term", "requirement", "requirements", "statement", "statements",
        "specification", "standard", "document", "instead", "please", "also", "only",
        "just", "so", "not", "no",
    )
)


def action_of(comment: CommentText) -> str | None:
    """``delete`` / ``add`` / ``keep`` / ``replace`` / ``noadd``: the first action of the
    proposed change, else of the comment; None if there is none."""
    for text in (comment.proposed_change, comment.comment):
        found = changes_in(text)
        if found:
            return found[0].action
    return None


@dataclass(frozen=True)
class Change:
    """One requested change: its action, the words it acts on (``object``, as written, and
    its salient words ``salient``), the new value for a replacement, and the quoted part."""

    action: str
    object: str
    salient: frozenset[str]
    value: frozenset[str]
    quote: str
    definite: frozenset[str] = frozenset()  # generic nouns named definitely: "the note"


def value_words(text: str) -> frozenset[str]:
    """Every lower-case word of a replacement value, numbers included, without articles."""
    words = {w.strip(":<>~").lower() for w in _WORD.findall(text or "")}
    return frozenset(words - {"", "a", "an", "the"})


def salient_words(text: str) -> frozenset[str]:
    """Lower-case words of ``text`` without determiners and generic words (``_GENERIC``)."""
    text = text or ""
    if text.isascii():  # lower-casing the whole text first gives the same words, faster
        words = {w.strip(":<>~") for w in _WORD.findall(text.lower())}
    else:
        words = {w.strip(":<>~").lower() for w in _WORD.findall(text)}
    return frozenset(w for w in words if w and w not in _GENERIC and not w.isdigit())


def changes_in(text: str, limit: int = 6) -> list[Change]:
    """The changes requested in ``text`` (at most ``limit``): each action verb, negated if
    "not / never / do not" comes just before it, with its object up to the end of the clause."""
    out: list[Change] = []
    text = " ".join((text or "").split())
    for m_start, m_end, matched, (word,) in _finditer(_ACTION_RE, _ACTION_LOWER, text):
        action = _ACTION_OF[word]
        before = text[max(0, m_start - 80) : m_start]
        if matched[len(word) :] in ("d", "ed"):
            # a past form asks for a change only as "X should be deleted": X is the object
            passive = _PASSIVE.search(before)
            if not passive:
                continue
            if passive.group("neg"):
                action = _NEGATED[action]
            obj = " ".join(_SUBJECT_CUT.split(before[: passive.start()])[-1].split()[-8:])
            quote = " ".join((obj + " " + text[passive.start() : m_end]).split())
            definite = frozenset(w.lower() for w in _DEFINITE.findall(obj)) & _GENERIC
            out.append(Change(action, obj, salient_words(obj), frozenset(), quote, definite))
            if len(out) >= limit:
                break
            continue
        if word == "use":
            continue  # "use X" is too common a phrase to read as a request
        start = m_start
        negation = _NEGATION.search(before[-30:])
        if negation:
            action = _NEGATED[action]
            start = m_start - len(before[-30:]) + negation.start()
        stop = _CLAUSE_END.search(text, m_end)
        end = stop.start() if stop else len(text)
        obj = " ".join(text[m_end : min(end, m_end + 200)].split()[:14])
        value: frozenset[str] = frozenset()
        if action == "replace":
            v = _VALUE.match(obj)
            if v:
                obj, value = v.group("object"), value_words(v.group("value"))
        quote = " ".join(text[start : min(end, m_end + 200)].split()[:16]).rstrip(",")
        definite = frozenset(w.lower() for w in _DEFINITE.findall(obj)) & _GENERIC
        out.append(Change(action, obj, salient_words(obj), value, quote, definite))
        if len(out) >= limit:
            break
    return out


_PASSIVE = re.compile(
    r"\b(?:shall|must|should|could|would|may|can|is|are|to)\s+(?P<neg>not\s+)?be\s+(?:\w+ly\s+)?$",
    re.I,
)
#: What ends the subject of a passive or modal statement, looking back from the verb.
_SUBJECT_CUT = re.compile(r"[.;:!?,]|\b(?:that|which|where|whether|if)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(\w+)", re.I)


def acts_on_same(x: Change, y: Change, place: frozenset[str] = frozenset()) -> bool:
    """The two changes name one object: shared salient words (``same_object``) other than the
    words of the clause they are both about (``place``: naming the clause's subject is not
    naming one object in it), or, when neither names anything else but generic words, the
    same generic noun named definitely ("delete the note" / "extend the note"; not "add a
    note")."""
    if x.definite and y.definite and not x.definite & y.definite:
        return False  # "the note on dates" and "the example of dates" are two things
    xs, ys = x.salient - place, y.salient - place
    if xs or ys:
        return bool(same_object(xs, ys))
    return bool(x.definite & y.definite)


def same_object(x: frozenset[str], y: frozenset[str]) -> frozenset[str]:
    """The shared salient words when they make at least half of both objects' words together
    (Jaccard ≥ 0.5); else empty."""
    shared = x & y
    if not shared or 2 * len(shared) < len(x | y):
        return frozenset()
    return shared


def modal_claims(text: str) -> set[tuple[str, bool]]:
    """``(verb, allowed)`` claims: "shall not throw" → ("throw", False), "may throw" →
    ("throw", True), "shall be empty" → ("be empty", True); bare auxiliaries are skipped."""
    return {(verb, ok) for verb, ok, _subject, _quote in modal_statements(text)}


def modal_statements(text: str) -> list[tuple[str, bool, frozenset[str], str]]:
    """``(verb, allowed, subject words, quote)`` of each modal statement; the subject is the
    salient words of the (at most 5) words before the modal, in the same sentence."""
    out = []
    text = " ".join((text or "").split())
    for m_start, m_end, _matched, (_modal, neg, verb, after) in _finditer(
        _MODAL_RE, _MODAL_LOWER, text
    ):
        if verb in _AUXILIARY:
            if not after or after in _AUXILIARY | {"a", "an", "the"}:
                continue
            verb = f"{verb} {after}"
        before = _SUBJECT_CUT.split(text[max(0, m_start - 80) : m_start])[-1]
        subject = salient_words(" ".join(before.split()[-5:]))
        stop = _CLAUSE_END.search(text, m_end)
        end = min(stop.start() if stop else len(text), m_end + 160)
        quote = " ".join(before.split()[-5:] + text[m_start : end].split()[:12])
        out.append((verb, not neg, subject, quote))
    return out


@dataclass(frozen=True)
class Contradiction:
    """A pair of comments whose proposed changes cannot both be accepted."""

    a: str
    b: str
    score: float
    kind: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "kind": self.kind,
            "reason": self.reason,
        }


def same_place(a: CommentText, b: CommentText, line_window: int = 10) -> str | None:
    """A description of the shared place, or None if the comments are not about one place."""
    pa = (parse_element(a.element, a.comment), parse_clause(a.clause), parse_line(a.line))
    pb = (parse_element(b.element, b.comment), parse_clause(b.clause), parse_line(b.line))
    return _same_place(a, b, pa, pb, line_window)


def _same_place(a: CommentText, b: CommentText, pa: tuple, pb: tuple, line_window: int = 10):
    (ea, ra, la), (eb, rb, lb) = pa, pb
    if ea is not None and eb is not None and ea != eb:
        return None
    rel = clause_relation(ra, rb)
    if rel == "same":
        return "same clause " + ", ".join(format_clause(r) for r in sorted(ra & rb))
    if rel == "nested":
        return f"nested clauses {a.clause.strip()} / {b.clause.strip()}"
    gap = line_distance(la, lb)
    if rel == "unknown" and gap is not None and gap <= line_window:
        return "same line" if gap == 0 else f"lines {gap} apart"
    return None


def _object_words(
    changes: list[list[Change]], modals: list[list[tuple[str, bool, frozenset[str], str]]]
) -> sparse.csr_matrix:
    """Comment × word incidence of every word that can make two objects one (salient words of
    the objects and of the modal subjects, generic nouns named definitely): a pair sharing
    none cannot conflict, so it is dropped before the objects are compared."""
    ids: dict[str, int] = {}
    rows, cols = [], []
    for k, (cs, ms) in enumerate(zip(changes, modals, strict=True)):
        words = {w for ch in cs for w in ch.salient} | {"#" + w for ch in cs for w in ch.definite}
        words |= {w for m in ms for w in m[2]}
        for w in words:
            rows.append(k)
            cols.append(ids.setdefault(w, len(ids)))
    shape = (len(changes), max(1, len(ids)))
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)


def _also_says(changes: list[Change], other: Change, place: frozenset[str]) -> bool:
    """``changes`` hold the same action as ``other`` on the same object."""
    return any(c.action == other.action and acts_on_same(c, other, place) for c in changes)


def _also_states(
    modals: list[tuple[str, bool, frozenset[str], str]],
    verb: str,
    ok: bool,
    subject: frozenset[str],
    place: frozenset[str],
) -> bool:
    """``modals`` hold the stance (``verb``, ``ok``) on the same subject."""
    return any(
        v == verb and o == ok and same_object(s - place, subject - place) for v, o, s, _q in modals
    )


def _place_words(clause: str) -> frozenset[str]:
    """The salient words of a clause reference (``[variant.get]`` → variant, get)."""
    return salient_words(re.sub(r"[\W_]+", " ", clause))


def _changes(comment: CommentText) -> list[Change]:
    return changes_in(comment.proposed_change) or changes_in(comment.comment)


def find_contradictions(
    comments: Sequence[CommentText], max_group: int = 200, places: Places | None = None
) -> list[Contradiction]:
    """Contradictions among comments about one place (module docstring). Pairs are only
    formed within a clause (by its first reference; comments with no clause are paired by
    line); a place with more than ``max_group`` comments is checked on its first ``max_group``.
    ``places``: the comments' parsed places, when the caller has them (``Places.of``).

    Candidate pairs are screened at once with integer codes (which actions each comment asks
    for, as a bit mask; its modal claims as a sparse comment × (verb, allowed) matrix; its
    place as ``Places`` codes); the objects are compared, and reasons written, only for the
    pairs that pass."""
    if len(comments) < 2:
        return []
    seen_changes: dict[tuple[str, str], list[Change]] = {}  # copied texts are read once
    changes = [
        seen_changes.get((c.proposed_change, c.comment))
        or seen_changes.setdefault((c.proposed_change, c.comment), _changes(c))
        for c in comments
    ]
    seen_modals: dict[str, list] = {}
    modals = [
        seen_modals[t] if t in seen_modals else seen_modals.setdefault(t, modal_statements(t))
        for t in (c.text for c in comments)
    ]
    claims = [{(v, ok) for v, ok, _s, _q in m} for m in modals]
    places = places or Places.of(comments)
    i, j = _candidate_pairs(comments, places, changes, claims, max_group)
    if not len(i):
        return []
    mask = np.array(
        [sum(1 << _KINDS.index(a) for a in {ch.action for ch in cs}) for cs in changes],
        dtype=np.int64,
    )
    action_hit = _CONFLICT_TABLE[mask[i], mask[j]]
    claim_ids: dict[tuple[str, bool], int] = {}
    rows, cols, flipped = [], [], []
    for k, cl in enumerate(claims):
        for verb, ok in cl:
            rows.append(k)
            cols.append(claim_ids.setdefault((verb, ok), len(claim_ids)))
            flipped.append(claim_ids.setdefault((verb, not ok), len(claim_ids)))
    shape = (len(comments), max(1, len(claim_ids)))
    has = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    flip = sparse.csr_matrix((np.ones(len(rows)), (rows, flipped)), shape=shape)
    modal_hit = _row_dots(has, i, j, other=flip) > 0
    rel = places.relation(i, j)
    gap = places.line_gap(i, j)
    place_ok = ~places.element_differs(i, j) & (
        (rel == SAME) | (rel == NESTED) | ((rel == UNKNOWN) & (gap >= 0) & (gap <= LINE_WINDOW))
    )
    hit = (action_hit | modal_hit) & place_ok
    hit[hit] = _row_dots(_object_words(changes, modals), i[hit], j[hit]) > 0
    i, j, rel, gap = i[hit], j[hit], rel[hit], gap[hit]
    if not len(i):
        return []
    clause_words = {t: _place_words(t) for t in places.clause_texts}
    words = [clause_words[places.clause_texts[k]] for k in places.clause.tolist()]
    found = []
    for a, b, r, g in zip(i.tolist(), j.tolist(), rel.tolist(), gap.tolist(), strict=True):
        conflict = _conflict(comments[a], comments[b], changes[a], changes[b], modals[a],
                             modals[b], words[a] | words[b])
        if conflict is not None:
            found.append((a, b, r, g, conflict))
    if not found:
        return []
    # text similarity of the pairs found, TF-IDF fitted on the comments they involve
    involved = np.unique([k for f in found for k in f[:2]])
    pos = np.full(len(comments), -1, dtype=np.int64)
    pos[involved] = np.arange(len(involved))
    vec = vectorise_words([comments[k] for k in involved.tolist()])
    sims = _row_dots(vec, pos[[f[0] for f in found]], pos[[f[1] for f in found]])
    out = []
    for (a, b, r, g, (base, kind, why)), t in zip(found, sims.tolist(), strict=True):
        if r == UNKNOWN:
            place = "same line" if g == 0 else f"lines {g} apart"
        else:
            place = places.clause_words(a, b, r)
        out.append(
            Contradiction(
                comments[a].id, comments[b].id, min(1.0, base + 0.4 * t), kind, f"{place}; {why}"
            )
        )
    out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out


LINE_WINDOW = 10


def _conflict_table() -> np.ndarray:
    """``table[mask_a, mask_b]``: some action of a and some action of b may conflict."""
    size = 1 << len(_KINDS)
    table = np.zeros((size, size), dtype=bool)
    for x in range(size):
        for y in range(size):
            ax = {k for n, k in enumerate(_KINDS) if x >> n & 1}
            ay = {k for n, k in enumerate(_KINDS) if y >> n & 1}
            table[x, y] = any(frozenset((p, q)) in _WHY for p in ax for q in ay)
    return table


_CONFLICT_TABLE = _conflict_table()


def _candidate_pairs(
    comments: Sequence[CommentText],
    places: Places,
    changes: list[list[Change]],
    claims: list[set[tuple[str, bool]]],
    max_group: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``i < j`` sharing a bucket (the first element of a clause reference, or
    "has lines but no clause"), among each bucket's first ``max_group`` comments that ask for
    a change or state a modal claim; each pair once."""
    buckets: dict[str, list[int]] = {}
    for k, cid in enumerate(places.clause.tolist()):
        refs = places.clause_refs[cid]
        if refs:
            for head in {r[0] for r in refs}:
                buckets.setdefault("c:" + head, []).append(k)
        elif places.has_line[k]:
            buckets.setdefault("lines", []).append(k)
    n = len(comments)
    keys = []
    for members in buckets.values():
        m = np.array([k for k in members[:max_group] if changes[k] or claims[k]], dtype=np.int64)
        if len(m) < 2:
            continue
        a, b = np.triu_indices(len(m), k=1)
        keys.append(m[a] * n + m[b])
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key = np.unique(np.concatenate(keys))
    return key // n, key % n


def vectorise_words(comments: Sequence[CommentText]) -> sparse.csr_matrix:
    """Word TF-IDF rows (l2) of comment + proposed change."""
    docs = [" ".join(c.text.lower().split()) for c in comments]
    return word_tfidf(docs, ngram_max=1)


def _conflict(
    a: CommentText,
    b: CommentText,
    changes_a: list[Change],
    changes_b: list[Change],
    modals_a: list[tuple[str, bool, frozenset[str], str]],
    modals_b: list[tuple[str, bool, frozenset[str], str]],
    place: frozenset[str],
) -> tuple[float, str, str] | None:
    """(base score, kind, why) of the first conflict on one object, or None; ``place`` are
    the words of both comments' clauses."""
    base, kinds, why = 0.0, [], []
    for x in changes_a:
        for y in changes_b:
            words = _WHY.get(frozenset((x.action, y.action)))
            if words is None or not acts_on_same(x, y, place):
                continue
            if x.action == y.action == "replace" and not (
                x.value and y.value and 2 * len(x.value & y.value) < len(x.value | y.value)
            ):
                continue  # the same (or nearly the same) replacement
            if x.action != y.action and (
                _also_says(changes_a, y, place) or _also_says(changes_b, x, place)
            ):
                continue  # a comment that asks both is not opposed to the other
            base += 0.6
            kinds.append("value" if x.action == y.action else "action")
            why.append(f"{a.name} asks “{x.quote}”, {b.name} asks “{y.quote}”: {words}")
            break
        if kinds:
            break
    for verb, ok, subject, quote in modals_a:
        if _also_states(modals_a, verb, not ok, subject, place) or _also_states(
            modals_b, verb, ok, subject, place
        ):
            continue  # one comment says both: no opposition between the two
        other = next(
            (
                q
                for v, o, s, q in modals_b
                if v == verb and o != ok and same_object(subject - place, s - place)
            ),
            None,
        )
        if other is not None and (subject - place):
            base += 0.5
            kinds.append("modal")
            req, forb = (quote, other) if ok else (other, quote)
            who_req, who_forb = (a.name, b.name) if ok else (b.name, a.name)
            why.append(
                f"{who_req} says “{req}”, {who_forb} says “{forb}”: one requires or allows "
                "what the other forbids"
            )
            break
    if not kinds:
        return None
    return min(base, 1.0), "+".join(kinds), "; ".join(why)


def position_contradictions(
    matrix: PositionMatrix, threshold: float = -0.5, min_common: int = 3
) -> list[Contradiction]:
    """Statement pairs on which the stakeholders who took a side on both mostly took opposite
    sides: ``r = (same − opposite) / both ≤ threshold`` with ``both ≥ min_common``."""
    m = matrix.shape[1]
    if m < 2 or matrix.n_positions == 0:
        return []
    sign = np.sign(matrix.codes).astype(np.float64)
    side = sign != 0
    x = _signed(matrix, sign, side)
    both = (abs(x).T @ abs(x)).toarray()  # statements x statements: m is small
    agree = (x.T @ x).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(both > 0, agree / both, 0.0)
    iu = np.triu_indices(m, k=1)
    hit = (both[iu] >= min_common) & (r[iu] <= threshold)
    out = []
    for i, j in zip(iu[0][hit], iu[1][hit], strict=True):
        n, rr = int(both[i, j]), float(r[i, j])
        opposite = round(float(n - agree[i, j]) / 2)
        out.append(
            Contradiction(
                matrix.statements[i],
                matrix.statements[j],
                min(1.0, -rr),
                "positions",
                f"{opposite} of {n} stakeholders who took a side on both {matrix.statements[i]} "
                f"and {matrix.statements[j]} took opposite sides",
            )
        )
    out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out


def _signed(matrix: PositionMatrix, sign: np.ndarray, side: np.ndarray) -> sparse.csr_matrix:
    return sparse.csr_matrix(
        (sign[side], (matrix.rows[side], matrix.cols[side])), shape=matrix.shape
    )
