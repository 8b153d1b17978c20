"""Redundant comments: pairs that make the same point about the same place, and their clusters.

Score of a pair of comments *a*, *b* (texts are comment + proposed change):

    text  = w · cos_word(a, b) + (1 − w) · cos_char(a, b)
    score = clip(text + place, 0, 1)
    place = same_clause_bonus      if a clause of a equals a clause of b
            nested_clause_bonus    elif one clause contains the other ("5.2" in "5",
                                   "[variant.ctor]" in "[variant]")
            − other_clause_penalty elif both name clauses and none is related
            + line_bonus · (1 − |Δline| / line_window) when both give lines that close

``cos_word`` is the TF-IDF cosine over word 1–2-grams, ``cos_char`` over character 3–5-grams
(sublinear tf, l2 rows). Candidate pairs are the ``n_neighbors`` nearest neighbours of each
comment by the combined vector (sparse products in row blocks; never a dense n x n matrix).
Pairs with ``score ≥ threshold`` are joined with union-find; each cluster names a
representative (the medoid: largest total text similarity to the other members) and a
suggested merged text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


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

    threshold: float = 0.6
    word_weight: float = 0.5
    same_clause_bonus: float = 0.1
    nested_clause_bonus: float = 0.05
    other_clause_penalty: float = 0.1
    line_bonus: float = 0.05
    line_window: int = 10
    n_neighbors: int = 10
    block_rows: int = 1000


#: Plain TF-IDF cosine of the word vectors only: the baseline the score must beat.
BASELINE = RedundancyConfig(
    threshold=0.5,
    word_weight=1.0,
    same_clause_bonus=0.0,
    nested_clause_bonus=0.0,
    other_clause_penalty=0.0,
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
    """l2-normalised TF-IDF rows: ``word``, ``char`` and ``combined`` (√w·word ⊕ √(1−w)·char),
    so that ``combined[a] · combined[b] = w·cos_word + (1 − w)·cos_char``."""

    word: sparse.csr_matrix
    char: sparse.csr_matrix
    combined: sparse.csr_matrix


def _normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def vectorise(comments: Sequence[CommentText], word_weight: float = 0.5) -> TextVectors:
    """TF-IDF of every comment's text (comment + proposed change). Empty texts give zero rows."""
    docs = [_normalise_text(c.text) for c in comments]
    n = len(docs)
    word = _tfidf(
        docs,
        analyzer="word",
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b\w[\w:]*\b",
        max_df=1.0 if n < 20 else 0.5,
    )
    char = _tfidf(docs, analyzer="char_wb", ngram_range=(3, 5), max_df=1.0 if n < 20 else 0.5)
    combined = sparse.hstack(
        [word * np.sqrt(word_weight), char * np.sqrt(1.0 - word_weight)], format="csr"
    )
    return TextVectors(word=word, char=char, combined=combined)


def _tfidf(docs: list[str], **kwargs: object) -> sparse.csr_matrix:
    if not any(docs):
        return sparse.csr_matrix((len(docs), 1))
    try:
        vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kwargs)
        return vec.fit_transform(docs).tocsr()
    except ValueError:  # every token was cut (stop words, max_df, ...): try without max_df
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
    xt = x.T.tocsc()
    k = min(k, n - 1)
    found: list[np.ndarray] = []
    for start in range(0, n, block_rows):
        stop = min(n, start + block_rows)
        sims = (x[start:stop] @ xt).toarray()
        sims[np.arange(stop - start), np.arange(start, stop)] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else None
        rows = np.repeat(np.arange(start, stop), k)
        cols = top.ravel() if top is not None else np.tile(np.arange(n), stop - start)
        keep = sims[rows - start, cols] > 0
        found.append(np.stack([rows[keep], cols[keep]], axis=1))
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


def _place(ca: CommentText, cb: CommentText, ra, rb, cfg: RedundancyConfig) -> tuple[float, str]:
    rel = clause_relation(ra, rb)
    bonus, words = 0.0, []
    if rel == "same":
        bonus += cfg.same_clause_bonus
        words.append("same clause " + ", ".join(format_clause(r) for r in sorted(ra & rb)))
    elif rel == "nested":
        bonus += cfg.nested_clause_bonus
        words.append(f"nested clauses {ca.clause.strip()} / {cb.clause.strip()}")
    elif rel == "different":
        bonus -= cfg.other_clause_penalty
        words.append("different clauses")
    gap = line_distance(parse_line(ca.line), parse_line(cb.line))
    if gap is not None and gap <= cfg.line_window and cfg.line_window > 0:
        bonus += cfg.line_bonus * (1 - gap / cfg.line_window)
        words.append("same line" if gap == 0 else f"lines {gap} apart")
    return bonus, "; ".join(words)


def score_pairs(
    comments: Sequence[CommentText],
    config: RedundancyConfig = RedundancyConfig(),
    vectors: TextVectors | None = None,
) -> list[PairScore]:
    """Every candidate pair (k nearest neighbours) with its score, best first."""
    vec = vectors or vectorise(comments, config.word_weight)
    pairs = nearest_pairs(vec.combined, config.n_neighbors, config.block_rows)
    if not len(pairs):
        return []
    i, j = pairs[:, 0], pairs[:, 1]
    w = config.word_weight
    text = w * _row_dots(vec.word, i, j) + (1 - w) * _row_dots(vec.char, i, j)
    refs = [parse_clause(c.clause) for c in comments]
    out = []
    for a, b, t in zip(i.tolist(), j.tolist(), text.tolist(), strict=True):
        bonus, place = _place(comments[a], comments[b], refs[a], refs[b], config)
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


def find_redundancy(
    comments: Sequence[CommentText], config: RedundancyConfig = RedundancyConfig()
) -> list[RedundancyCluster]:
    """Clusters of redundant comments (pairs with score ≥ threshold, joined transitively),
    largest first. Comment ids must be unique."""
    ids = [c.id for c in comments]
    if len(set(ids)) != len(ids):
        raise ValueError("comment ids must be unique")
    vec = vectorise(comments, config.word_weight)
    scored = [p for p in score_pairs(comments, config, vec) if p.score >= config.threshold]
    index = {cid: k for k, cid in enumerate(ids)}
    uf = _UnionFind(len(comments))
    for p in scored:
        uf.union(index[p.a], index[p.b])
    groups: dict[int, list[int]] = {}
    for p in scored:
        groups.setdefault(uf.find(index[p.a]), [])
    for k in range(len(comments)):
        root = uf.find(k)
        if root in groups:
            groups[root].append(k)
    by_root: dict[int, list[PairScore]] = {}
    for p in scored:
        by_root.setdefault(uf.find(index[p.a]), []).append(p)
    clusters = [
        _cluster(comments, members, by_root[root], vec) for root, members in groups.items()
    ]
    clusters.sort(key=lambda c: (-len(c.members), -c.score, c.members[0]))
    return clusters


def _cluster(
    comments: Sequence[CommentText], members: list[int], pairs: list[PairScore], vec: TextVectors
) -> RedundancyCluster:
    sub = vec.combined[members]
    sims = (sub @ sub.T).toarray()
    medoid = members[int(np.argmax(sims.sum(axis=1)))]
    ordered = [medoid] + [m for m in members if m != medoid]
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
        merged_comment=merge_texts([comments[m].comment for m in ordered]),
        merged_proposed_change=merge_texts([comments[m].proposed_change for m in ordered]),
        pairs=tuple(sorted(pairs, key=lambda p: (-p.score, p.a, p.b))),
    )


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
