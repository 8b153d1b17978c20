"""Redundant comments: pairs that make the same point about the same place, and their clusters.

Score of a pair of comments *a*, *b* (texts are comment + proposed change):

    text  = w · cos_word(a, b) + (1 − w) · cos_char(a, b)
    score = clip(text + place, 0, 1)
    place = same_clause_bonus      if a clause of a equals a clause of b
            nested_clause_bonus    elif one clause contains the other ("5.2" in "5",
                                   "[variant.ctor]" in "[variant]")
            − other_clause_penalty elif both name clauses and none is related
          − other_element_penalty when both name a paragraph/figure/table (the element
                                  column, or a leading "Paragraph 4:" in the comment) and
                                  they differ
            + line_bonus · (1 − |Δline| / line_window) when both give lines that close

``cos_word`` is the TF-IDF cosine over word 1–2-grams, ``cos_char`` the cosine of character
4-grams (hashed; sublinear tf, l2 rows). Candidate pairs are the ``n_neighbors`` nearest
neighbours of each comment by word TF-IDF, found by sparse products in row blocks (never a
dense n x n matrix; from 1,000 comments on, words found in more than max(50, 0.5% of n)
comments are left out of this search only). ``cos_char`` is computed only for candidates that
can still reach the threshold.
Pairs with ``score ≥ threshold`` are joined with union-find; each cluster names a
representative (the medoid: largest total word similarity to the other members) and a
suggested merged text (from the representative and its 19 closest members).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


@dataclass(frozen=True)
class CommentText:
    """What the analyser needs of a comment (one row of an ISO comment form)."""

    id: str
    clause: str = ""
    line: str = ""
    element: str = ""
    type: str = ""
    comment: str = ""
    proposed_change: str = ""
    author: str = ""
    category: str = ""

    @property
    def text(self) -> str:
        """Comment and proposed change, the text that is compared."""
        return f"{self.comment}\n{self.proposed_change}".strip()


@dataclass(frozen=True)
class RedundancyConfig:
    """Weights and threshold of the pair score (module docstring). Defaults were tuned on the
    WG21 C++0x, C++14 and C++17 ballots (``benchmarks/eval_redundancy.py``)."""

    threshold: float = 0.9
    word_weight: float = 0.3
    same_clause_bonus: float = 0.0
    nested_clause_bonus: float = 0.0
    other_clause_penalty: float = 0.1
    other_element_penalty: float = 0.1
    line_bonus: float = 0.05
    line_window: int = 10
    n_neighbors: int = 10
    block_rows: int = 1000


#: Plain TF-IDF cosine of the word vectors only: the baseline the score must beat.
BASELINE = RedundancyConfig(
    threshold=0.95,
    word_weight=1.0,
    same_clause_bonus=0.0,
    nested_clause_bonus=0.0,
    other_clause_penalty=0.0,
    other_element_penalty=0.0,
    line_bonus=0.0,
)


# ---------------------------------------------------------------- places: clauses and lines

_STABLE_NAME = re.compile(r"\[([A-Za-z_][\w.:-]*)\]")
_NUMBER = re.compile(r"(?<![\w.])((?:\d+|[A-Z])(?:\.\d+)+|\d+)(?![\w.])")
_LINE = re.compile(r"\d+")


def parse_clause(text: str) -> frozenset[tuple[str, ...]]:
    """The clause references in ``text``, each as a path: ``"17.6.4.2 [namespace.std]"`` gives
    ``{("17", "6", "4", "2"), ("namespace", "std")}``; ``"[any.class]"`` gives
    ``{("any", "class")}``; annex numbers like ``"A.3"`` are kept."""
    refs: set[tuple[str, ...]] = set()
    text = text or ""
    for name in _STABLE_NAME.findall(text):
        refs.add(tuple(("@" + name.lower()).split(".")))
    stripped = _STABLE_NAME.sub(" ", text)
    for num in _NUMBER.findall(stripped):
        refs.add(tuple(num.split(".")))
    return frozenset(refs)


def clause_relation(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> str:
    """``same``, ``nested`` (one path is a prefix of the other), ``different`` or ``unknown``
    (a side names no clause)."""
    if not a or not b:
        return "unknown"
    if a & b:
        return "same"
    for x in a:
        for y in b:
            k = min(len(x), len(y))
            if x[:k] == y[:k]:
                return "nested"
    return "different"


def format_clause(ref: tuple[str, ...]) -> str:
    """A path back as text: ``[any.class]`` or ``5.2``."""
    if ref and ref[0].startswith("@"):
        return "[" + ".".join((ref[0][1:], *ref[1:])) + "]"
    return ".".join(ref)


_ELEMENT_IN_TEXT = re.compile(
    r"^\W*(?:paragraph|para\.?|p\.?|¶)\s*(\d+(?:\.\d+)*)|^\W*(figure|table)\s*(\d+)", re.I
)


def parse_element(element: str, comment: str = "") -> str | None:
    """The paragraph / figure / table a comment is about, normalised (``"Paragraph 4"`` →
    ``"p4"``, ``"Table 3"`` → ``"table3"``): from the element column, else from the start of
    the comment; None if neither names one."""
    text = (element or "").strip()
    if text:
        m = _ELEMENT_IN_TEXT.match(text)
        if m:
            return f"p{m.group(1)}" if m.group(1) else f"{m.group(2).lower()}{m.group(3)}"
        return re.sub(r"\W+", "", text.lower()) or None
    m = _ELEMENT_IN_TEXT.match(comment or "")
    if m:
        return f"p{m.group(1)}" if m.group(1) else f"{m.group(2).lower()}{m.group(3)}"
    return None


def parse_line(text: str) -> tuple[int, int] | None:
    """``"17"`` → (17, 17); ``"17-19"`` → (17, 19); no number → None."""
    nums = [int(x) for x in _LINE.findall(text or "")[:2]]
    if not nums:
        return None
    return min(nums), max(nums)


def line_distance(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """Gap between two line ranges (0 if they overlap); None if either is unknown."""
    if a is None or b is None:
        return None
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


# ---------------------------------------------------------------- text vectors and pairs


@dataclass(frozen=True)
class TextVectors:
    """l2-normalised rows: ``word`` TF-IDF of every comment, and ``char`` (4-gram tf) of the
    comments listed in ``char_rows`` (``char[k]`` belongs to comment ``char_rows[k]``)."""

    word: sparse.csr_matrix
    char: sparse.csr_matrix
    char_rows: np.ndarray


def _normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def vectorise(
    comments: Sequence[CommentText], word_weight: float = 0.5, char_rows: np.ndarray | None = None
) -> TextVectors:
    """Word TF-IDF of every comment, char vectors of ``char_rows`` (default: all)."""
    docs = [_normalise_text(c.text) for c in comments]
    n = len(docs)
    word = _tfidf(
        docs,
        analyzer="word",
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b\w[\w:]*\b",
        max_df=1.0 if n < 20 else 0.5,
    )
    rows = np.arange(n) if char_rows is None else np.asarray(char_rows, dtype=np.int64)
    return TextVectors(word=word, char=char_vectors([docs[k] for k in rows]), char_rows=rows)


def char_vectors(docs: Sequence[str]) -> sparse.csr_matrix:
    """Character 4-grams of the normalised text (UTF-8 bytes, hashed into 2^20 buckets),
    sublinear tf ``1 + log tf``, l2 rows. Vectorised with numpy; no corpus statistics, so a
    comment's vector does not depend on the others."""
    encoded = [_normalise_text(d).encode("utf-8") for d in docs]
    lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
    grams = np.maximum(lengths - 3, 0)
    if not len(encoded) or grams.sum() == 0:
        return sparse.csr_matrix((len(encoded), _CHAR_FEATURES), dtype=np.float32)
    buf = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    row = np.repeat(np.arange(len(encoded)), grams)
    offset = np.arange(int(grams.sum())) - np.repeat(np.cumsum(grams) - grams, grams)
    pos = starts[row] + offset
    code = (buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]
    feature = ((code * np.uint64(2654435761)) >> np.uint64(7)) % np.uint64(_CHAR_FEATURES)
    x = sparse.csr_matrix(
        (np.ones(len(row), dtype=np.float64), (row, feature.astype(np.int64))),
        shape=(len(encoded), _CHAR_FEATURES),
    )
    x.sum_duplicates()
    x.data = 1.0 + np.log(x.data)
    return normalize(x).astype(np.float32)


_CHAR_FEATURES = 2**20


def _tfidf(docs: list[str], **kwargs: object) -> sparse.csr_matrix:
    """TF-IDF rows (sublinear tf, l2); all-zero rows when no token survives."""
    if not any(docs):
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)
    try:
        vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kwargs)
        return vec.fit_transform(docs).tocsr()
    except ValueError:  # every token was cut (max_df, ...): try without max_df
        kwargs.pop("max_df", None)
        try:
            vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kwargs)
            return vec.fit_transform(docs).tocsr()
        except ValueError:
            return sparse.csr_matrix((len(docs), 1), dtype=np.float32)


def nearest_pairs(x: sparse.csr_matrix, k: int, block_rows: int = 1000) -> np.ndarray:
    """Index pairs (i < j) where j is among the k most similar rows to i (or i to j), by
    sparse dot products in blocks of ``block_rows`` rows; pairs of similarity 0 are dropped."""
    n = x.shape[0]
    if n < 2 or k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    if n >= 1000:
        df = np.bincount(x.indices, minlength=x.shape[1])
        x = normalize(x[:, np.nonzero(df <= max(50, 0.005 * n))[0]])
    xt = x.T.tocsc()
    found: list[np.ndarray] = []
    for start in range(0, n, block_rows):
        stop = min(n, start + block_rows)
        sims = (x[start:stop] @ xt).tocoo()
        row, col, val = sims.row + start, sims.col, sims.data
        keep = (row != col) & (val > 0)
        row, col, val = row[keep], col[keep], val[keep]
        order = np.lexsort((-val, row))  # by row, then most similar first
        row, col = row[order], col[order]
        first = np.searchsorted(row, row, side="left")
        rank = np.arange(len(row)) - first
        top = rank < k
        found.append(np.stack([row[top], col[top]], axis=1))
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs, axis=1)
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def _row_dots(a: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``a[i[k]] · a[j[k]]`` for every k, without forming a[i] @ a[j].T."""
    if len(i) == 0:
        return np.zeros(0)
    return np.asarray(a[i].multiply(a[j]).sum(axis=1)).ravel()


@dataclass(frozen=True)
class PairScore:
    """A scored pair of comments (ids ``a`` < ``b`` by input order)."""

    a: str
    b: str
    score: float
    text_similarity: float
    place: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "text_similarity": round(self.text_similarity, 4),
            "place": self.place,
        }


def _place(
    ra: frozenset[tuple[str, ...]],
    rb: frozenset[tuple[str, ...]],
    ea: str | None,
    eb: str | None,
    la: tuple[int, int] | None,
    lb: tuple[int, int] | None,
    clause_a: str,
    clause_b: str,
    cfg: RedundancyConfig,
) -> tuple[float, str]:
    rel = clause_relation(ra, rb)
    bonus, words = 0.0, []
    if rel == "same":
        bonus += cfg.same_clause_bonus
        words.append("same clause " + ", ".join(format_clause(r) for r in sorted(ra & rb)))
    elif rel == "nested":
        bonus += cfg.nested_clause_bonus
        words.append(f"nested clauses {clause_a.strip()} / {clause_b.strip()}")
    elif rel == "different":
        bonus -= cfg.other_clause_penalty
        words.append("different clauses")
    if ea is not None and eb is not None and ea != eb:
        bonus -= cfg.other_element_penalty
        words.append(f"different elements {ea} / {eb}")
    gap = line_distance(la, lb)
    if gap is not None and gap <= cfg.line_window and cfg.line_window > 0:
        bonus += cfg.line_bonus * (1 - gap / cfg.line_window)
        words.append("same line" if gap == 0 else f"lines {gap} apart")
    return bonus, "; ".join(words)


def score_pairs(
    comments: Sequence[CommentText],
    config: RedundancyConfig = RedundancyConfig(),
    vectors: TextVectors | None = None,
    floor: float = 0.0,
) -> list[PairScore]:
    """Candidate pairs (k nearest neighbours) with their scores, best first. Pairs that cannot
    reach ``floor`` even with ``cos_char = 1`` are dropped before ``cos_char`` is computed."""
    vec = vectors or vectorise(comments, config.word_weight, char_rows=np.zeros(0))
    pairs = nearest_pairs(vec.word, config.n_neighbors, config.block_rows)
    if not len(pairs):
        return []
    i, j = pairs[:, 0], pairs[:, 1]
    w = config.word_weight
    word = _row_dots(vec.word, i, j)
    best_bonus = config.same_clause_bonus + config.line_bonus
    reachable = w * word + (1 - w) + best_bonus >= floor
    i, j, word = i[reachable], j[reachable], word[reachable]
    needed = np.unique(np.concatenate([i, j]))
    char = char_vectors([comments[k].text for k in needed])
    pos = np.full(len(comments), -1, dtype=np.int64)
    pos[needed] = np.arange(len(needed))
    text = w * word + (1 - w) * _row_dots(char, pos[i], pos[j])
    refs = [parse_clause(c.clause) for c in comments]
    elements = [parse_element(c.element, c.comment) for c in comments]
    lines = [parse_line(c.line) for c in comments]
    out = []
    for a, b, t in zip(i.tolist(), j.tolist(), text.tolist(), strict=True):
        bonus, place = _place(
            refs[a],
            refs[b],
            elements[a],
            elements[b],
            lines[a],
            lines[b],
            comments[a].clause,
            comments[b].clause,
            config,
        )
        score = min(1.0, max(0.0, t + bonus))
        out.append(PairScore(comments[a].id, comments[b].id, score, min(1.0, t), place))
    out.sort(key=lambda p: -p.score)
    return out


# ---------------------------------------------------------------- clusters


@dataclass(frozen=True)
class RedundancyCluster:
    """Comments that make the same point. ``score`` is the mean score of the pairs that join
    them; ``representative`` the medoid; ``merged_comment`` / ``merged_proposed_change`` a
    suggested text for the single comment that would replace them."""

    members: tuple[str, ...]
    representative: str
    score: float
    reason: str
    merged_comment: str
    merged_proposed_change: str
    pairs: tuple[PairScore, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "members": list(self.members),
            "representative": self.representative,
            "score": round(self.score, 4),
            "reason": self.reason,
            "merged_comment": self.merged_comment,
            "merged_proposed_change": self.merged_proposed_change,
            "pairs": [p.as_dict() for p in self.pairs],
        }


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_pairs(
    ids: Sequence[str], pairs: Sequence[PairScore], threshold: float
) -> list[list[str]]:
    """Connected components (union-find) of the pairs with ``score ≥ threshold``; singletons
    left out; members in input order."""
    index = {cid: k for k, cid in enumerate(ids)}
    uf = _UnionFind(len(ids))
    touched: set[int] = set()
    for p in pairs:
        if p.score >= threshold:
            a, b = index[p.a], index[p.b]
            uf.union(a, b)
            touched.update((a, b))
    groups: dict[int, list[str]] = {}
    for k in sorted(touched):
        groups.setdefault(uf.find(k), []).append(ids[k])
    return list(groups.values())


def find_redundancy(
    comments: Sequence[CommentText], config: RedundancyConfig = RedundancyConfig()
) -> list[RedundancyCluster]:
    """Clusters of redundant comments (pairs with score ≥ threshold, joined transitively),
    largest first. Comment ids must be unique."""
    ids = [c.id for c in comments]
    if len(set(ids)) != len(ids):
        raise ValueError("comment ids must be unique")
    vec = vectorise(comments, config.word_weight, char_rows=np.zeros(0))
    scored = score_pairs(comments, config, vec, floor=config.threshold)
    scored = [p for p in scored if p.score >= config.threshold]
    index = {cid: k for k, cid in enumerate(ids)}
    groups = cluster_pairs(ids, scored, config.threshold)
    group_of = {m: g for g, members in enumerate(groups) for m in members}
    pairs_of: list[list[PairScore]] = [[] for _ in groups]
    for p in scored:
        pairs_of[group_of[p.a]].append(p)
    clusters = [
        _cluster(comments, [index[m] for m in members], pairs_of[g], vec)
        for g, members in enumerate(groups)
    ]
    clusters.sort(key=lambda c: (-len(c.members), -c.score, c.members[0]))
    return clusters


def _cluster(
    comments: Sequence[CommentText], members: list[int], pairs: list[PairScore], vec: TextVectors
) -> RedundancyCluster:
    sub = vec.word[members]
    total = np.asarray(sub @ np.asarray(sub.sum(axis=0)).ravel()).ravel()
    medoid = members[int(np.argmax(total))]
    closeness = np.asarray(sub @ vec.word[medoid].T.toarray()).ravel()
    ordered = [members[k] for k in np.argsort(-closeness, kind="stable")]
    ordered = [medoid] + [m for m in ordered if m != medoid]
    mean_score = float(np.mean([p.score for p in pairs]))
    mean_text = float(np.mean([p.text_similarity for p in pairs]))
    places = {p.place for p in pairs if p.place}
    refs = [parse_clause(comments[m].clause) for m in members]
    common = frozenset.intersection(*refs) if refs else frozenset()
    if common:
        place = "same clause " + ", ".join(format_clause(r) for r in sorted(common))
    elif len(places) == 1:
        place = next(iter(places))
    else:
        place = "clauses " + ", ".join(sorted({comments[m].clause.strip() or "?" for m in members}))
    reason = f"{place}; {mean_text:.2f} text similarity"
    return RedundancyCluster(
        members=tuple(comments[m].id for m in sorted(members)),
        representative=comments[medoid].id,
        score=mean_score,
        reason=reason,
        merged_comment=merge_texts([comments[m].comment for m in ordered[:MERGE_MEMBERS]]),
        merged_proposed_change=merge_texts(
            [comments[m].proposed_change for m in ordered[:MERGE_MEMBERS]]
        ),
        pairs=tuple(sorted(pairs, key=lambda p: (-p.score, p.a, p.b))),
    )


#: The merged text is built from the representative and the members closest to it.
MERGE_MEMBERS = 20
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n{2,}")
_WORD = re.compile(r"\w+")


def merge_texts(texts: Sequence[str], overlap: float = 0.6) -> str:
    """The first text, then each sentence of the others that is not already said: a sentence
    is dropped when its word set overlaps an included sentence's by ``overlap`` or more
    (Jaccard)."""
    kept: list[str] = []
    kept_words: list[set[str]] = []
    for text in texts:
        for sentence in _SENTENCE.split(text or ""):
            sentence = " ".join(sentence.split())
            words = {w.lower() for w in _WORD.findall(sentence)}
            if not words:
                continue
            if any(len(words & k) / len(words | k) >= overlap for k in kept_words):
                continue
            kept.append(sentence)
            kept_words.append(words)
    return " ".join(kept)
