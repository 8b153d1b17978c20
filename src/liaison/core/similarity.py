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
can still reach the threshold. Everything after the candidate search is array work over all
candidate pairs at once (``Places`` integer-codes each comment's clause, element and line;
``score_arrays``); ``PairScore`` objects and readable reasons are built only for the pairs
returned (``find_redundancy``: those that pass the threshold).
**Place first**: two comments about different clauses (neither nested in the other), or about
different paragraphs / figures / tables of one clause, are never redundant, whatever their text
(the same request made on several places is a *series*, ``liaison.core.relations``). Scores are
compared with ``TOLERANCE`` (``score ≥ threshold − TOLERANCE``): a pair exactly at the threshold
is kept whatever the float rounding.
Pairs at the same place with ``score ≥ threshold`` are joined with union-find; each cluster names a
representative (the medoid: largest total word similarity to the other members) and a
suggested merged text (from the representative and its 19 closest members).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from liaison.core.merge_text import merge_texts


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
    label: str = ""

    @property
    def name(self) -> str:
        """What a reader calls the comment (``GB-005``): ``label``, else ``id``."""
        return self.label or self.id

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


#: Scores are float32 sums: a score within this of the threshold counts as reaching it, so
#: that rounding never decides a pair (identical texts score 1 − 6e-8 in float32).
TOLERANCE = 1e-6


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
    # str.split() and re's \s agree on what whitespace is (both use str.isspace)
    return " ".join(text.split()).lower()


TOKEN_PATTERN = r"(?u)\b\w[\w:]*\b"


_NOT_TOKEN = bytes(b if chr(b).isalnum() or chr(b) in "_:" else 32 for b in range(128)).ljust(
    256, b" "
)
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_TOKEN_RE = re.compile(TOKEN_PATTERN)


def _tokens(text: str) -> list[str]:
    """``re.findall(TOKEN_PATTERN, text)``, several times faster when no character outside
    ASCII is a word character: a token is a run of word characters and colons with the colons
    at its ends trimmed, so every other byte becomes a space and the text is split."""
    if not text.isascii():
        if _NON_ASCII_WORD.search(text):
            return _TOKEN_RE.findall(text)
        text = text.encode("ascii", "replace").decode("ascii")  # "?" for each: not a token
    words = text.encode("ascii").translate(_NOT_TOKEN).decode("ascii").split()
    if ":" in text:
        words = [w for w in (w.strip(":") for w in words) if w]
    return words


def vectorise(
    comments: Sequence[CommentText], word_weight: float = 0.5, char_rows: np.ndarray | None = None
) -> TextVectors:
    """Word TF-IDF of every comment, char vectors of ``char_rows`` (default: all)."""
    docs = [_normalise_text(c.text) for c in comments]
    n = len(docs)
    word = word_tfidf(docs, ngram_max=2, max_df=1.0 if n < 20 else 0.5)
    rows = np.arange(n) if char_rows is None else np.asarray(char_rows, dtype=np.int64)
    return TextVectors(word=word, char=char_vectors([docs[k] for k in rows]), char_rows=rows)


def word_tfidf(
    docs: Sequence[str], ngram_max: int = 2, max_df: float = 1.0, token_pattern: str = TOKEN_PATTERN
) -> sparse.csr_matrix:
    """Word 1–``ngram_max``-gram TF-IDF rows (``ngram_max`` 1 or 2), float32: the same matrix as
    scikit-learn's ``TfidfVectorizer(token_pattern=…, ngram_range=(1, ngram_max), max_df=…,
    sublinear_tf=True)`` up to the order of the columns (``tf = 1 + log count``,
    ``idf = ln((1 + n) / (1 + df)) + 1``, l2 rows), built with integer token codes and numpy
    instead of n-gram strings. Terms in more than ``max_df · n`` documents are dropped (unless
    that would drop them all); all-zero rows when no token is found."""
    n = len(docs)
    if token_pattern == TOKEN_PATTERN:
        tokens = [_tokens(d.lower()) for d in docs]
    else:
        pattern = re.compile(token_pattern)
        tokens = [pattern.findall(d.lower()) for d in docs]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    total = int(lengths.sum())
    if total == 0:
        return sparse.csr_matrix((n, 1), dtype=np.float32)
    flat = list(itertools.chain.from_iterable(tokens))
    vocab = {t: k for k, t in enumerate(dict.fromkeys(flat))}
    ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=total)
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    if ngram_max >= 2:
        follows = np.flatnonzero(doc[1:] == doc[:-1])
        v = len(vocab)
        code = np.concatenate([ids, v + ids[follows] * v + ids[follows + 1]])
        doc = np.concatenate([doc, doc[follows]])
    else:
        code = ids
    span = int(code.max()) + 1
    if n * span >= 2**62:  # compact the codes first so that (document, code) fits in int64
        uniq = np.unique(code)
        code, span = np.searchsorted(uniq, code), len(uniq)
    rows, codes, counts = _count_pairs(doc, code, span)
    uniq = np.unique(codes)
    cols = np.searchsorted(uniq, codes)
    df = np.bincount(cols)
    keep = df <= max_df * n
    if not keep.all() and keep.any():
        new = np.cumsum(keep) - 1
        sel = keep[cols]
        rows, cols, counts = rows[sel], new[cols[sel]], counts[sel]
        df = df[keep]
    tf = counts.astype(np.float32)
    np.log(tf, out=tf)
    tf += np.float32(1.0)
    idf = np.full(len(df), n + 1, dtype=np.float32) / (df + 1).astype(np.float32)
    np.log(idf, out=idf)
    idf += np.float32(1.0)
    return _l2_csr(rows, cols, tf * idf[cols], n, len(df)).astype(np.float32)


def _count_pairs(row: np.ndarray, col: np.ndarray, n_cols: int):
    """Distinct (row, col) pairs sorted by row then col, with how often each occurs."""
    key = np.sort(row * n_cols + col)
    first = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    counts = np.diff(np.append(first, len(key)))
    rows, cols = np.divmod(key[first], n_cols)
    return rows, cols, counts


def _l2_csr(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n: int, m: int):
    """CSR from entries sorted by (row, col) without duplicates, rows scaled to unit l2 norm
    (norms accumulated in float64; all-zero rows stay zero)."""
    d64 = data.astype(np.float64)
    norms = np.sqrt(np.bincount(rows, weights=d64 * d64, minlength=n))
    norms[norms == 0] = 1.0
    out = (d64 / norms[rows]).astype(data.dtype)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    x = sparse.csr_matrix((out, cols.astype(np.int32), indptr.astype(np.int32)), shape=(n, m))
    x.has_sorted_indices = True
    x.has_canonical_format = True
    return x


def char_vectors(docs: Sequence[str]) -> sparse.csr_matrix:
    """Character 4-grams of the normalised text (UTF-8 bytes, hashed into 2^20 buckets),
    sublinear tf ``1 + log tf``, l2 rows. Vectorised with numpy; no corpus statistics, so a
    comment's vector does not depend on the others — which lets large inputs be vectorised
    in blocks of ``CHAR_BLOCK`` texts (bounding the memory of the n-gram sort)."""
    if len(docs) > CHAR_BLOCK:
        blocks = [
            _char_block(docs[k : k + CHAR_BLOCK]) for k in range(0, len(docs), CHAR_BLOCK)
        ]
        return sparse.vstack(blocks, format="csr")
    return _char_block(docs)


#: Texts vectorised at once by ``char_vectors``.
CHAR_BLOCK = 1000


def _char_block(docs: Sequence[str]) -> sparse.csr_matrix:
    encoded = [_normalise_text(d).encode("utf-8") for d in docs]
    n = len(encoded)
    lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=n)
    grams = np.maximum(lengths - 3, 0)
    if not n or grams.sum() == 0:
        return sparse.csr_matrix((n, _CHAR_FEATURES), dtype=np.float32)
    b = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint32)
    window = (b[:-3] << 24) | (b[1:-2] << 16) | (b[2:-1] << 8) | b[3:]  # every 4 bytes
    valid = np.ones(len(window), dtype=bool)  # windows that do not cross into the next text
    ends, starts = np.cumsum(lengths), np.cumsum(lengths) - lengths
    for back in (1, 2, 3):
        cut = ends - back
        valid[cut[(cut >= starts) & (cut < len(window))]] = False
    code = window[valid]
    row = np.repeat(np.arange(n, dtype=np.int64), grams)
    # bits 7..26 of code * 2654435761: the low 32 bits of the product suffice (uint32 wraps)
    feature = ((code * np.uint32(2654435761)) >> np.uint32(7)) & np.uint32(_CHAR_FEATURES - 1)
    rows, cols, counts = _count_pairs(row, feature.astype(np.int64), _CHAR_FEATURES)
    tf = 1.0 + np.log(counts.astype(np.float64))
    return _l2_csr(rows, cols, tf, n, _CHAR_FEATURES).astype(np.float32)


_CHAR_FEATURES = 2**20


def nearest_pairs(x: sparse.csr_matrix, k: int, block_rows: int = 1000) -> np.ndarray:
    """Index pairs (i < j) where j is among the k most similar rows to i (or i to j), by
    sparse dot products in blocks of ``block_rows`` rows; pairs of similarity 0 are dropped;
    similarities equal to 1e-6 are ties, broken by the lower index. With 1,000 rows or more,
    words in more than max(50, 0.5% of n) rows are left out of this search."""
    n = x.shape[0]
    if n < 2 or k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    if n >= 1000:
        df = np.bincount(x.indices, minlength=x.shape[1])
        x = _l2_rows(x[:, np.nonzero(df <= max(50, 0.005 * n))[0]])
    xt = x.T.tocsr()
    found: list[np.ndarray] = []
    for start in range(0, n, block_rows):
        stop = min(n, start + block_rows)
        sims = (x[start:stop] @ xt).tocsr()
        row = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(sims.indptr))
        col, val = sims.indices.astype(np.int64), sims.data
        keep = (row + start != col) & (val > 0)
        row, col, val = row[keep], col[keep], val[keep]
        # one int64 sort key: row, then similarity descending (to 1e-6, so that float noise
        # does not decide), then the lower column
        quantum = (2**20 - 1) - np.minimum(np.rint(val * 1e6), 2**20 - 1).astype(np.int64)
        if n < 2**24 and block_rows < 2**19:
            key = np.sort((row << 44) | (quantum << 24) | col)
            row, col = key >> 44, key & (2**24 - 1)
        else:
            order = np.lexsort((col, quantum, row))
            row, col = row[order], col[order]
        rank = np.arange(len(row)) - np.searchsorted(row, row, side="left")
        top = rank < k
        found.append(np.stack([row[top] + start, col[top]], axis=1))
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs, axis=1).astype(np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def _l2_rows(x: sparse.csr_matrix) -> sparse.csr_matrix:
    """``x`` with each row scaled to unit l2 norm (all-zero rows stay zero); the same as
    scikit-learn's ``normalize`` without importing it (a second and ~40 MB)."""
    x = x.tocsr()
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    squares = x.data.astype(np.float64) ** 2
    norms = np.sqrt(np.bincount(rows, weights=squares, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    out = x.copy()
    out.data = (x.data / norms[rows]).astype(x.dtype)
    return out


@dataclass(frozen=True)
class PairScore:
    """A scored pair of comments (ids ``a`` < ``b`` by input order)."""

    a: str
    b: str
    score: float
    text_similarity: float
    place: str
    same_place: bool = True  # False: different clauses or different elements of one clause

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "text_similarity": round(self.text_similarity, 4),
            "place": self.place,
        }


# ---------------------------------------------------------------- places as integer codes

#: Clause relation codes (``clause_relation``'s four answers).
UNKNOWN, SAME, NESTED, DIFFERENT = 0, 1, 2, 3
RELATIONS = ("unknown", "same", "nested", "different")


@dataclass(frozen=True)
class Places:
    """Each comment's place, integer-coded so that pairs are compared with numpy.

    ``clause[k]`` indexes ``clause_texts`` / ``clause_refs`` (one entry per distinct clause
    text); ``element[k]`` indexes ``element_names`` (−1: none named); ``line_lo/line_hi`` the
    line range (``has_line`` False: none given)."""

    clause: np.ndarray
    clause_texts: tuple[str, ...]
    clause_refs: tuple[frozenset[tuple[str, ...]], ...]
    refs: sparse.csr_matrix  # distinct clause × reference path: the clause names that path
    prefixes: sparse.csr_matrix  # distinct clause × path: a prefix of a path the clause names
    element: np.ndarray
    element_names: tuple[str, ...]
    line_lo: np.ndarray
    line_hi: np.ndarray
    has_line: np.ndarray

    @classmethod
    def of(cls, comments: Sequence[CommentText]) -> Places:
        """Parse every comment's clause, element and line once (each distinct text once)."""
        n = len(comments)
        clause_ids: dict[str, int] = {}
        clause = np.fromiter(
            (clause_ids.setdefault(c.clause, len(clause_ids)) for c in comments), np.int64, n
        )
        refs = tuple(parse_clause(t) for t in clause_ids)
        path_ids: dict[tuple[str, ...], int] = {}
        r_rows, r_cols, p_rows, p_cols = [], [], [], []
        for k, paths in enumerate(refs):
            for path in paths:
                r_rows.append(k)
                r_cols.append(path_ids.setdefault(path, len(path_ids)))
                for m in range(1, len(path) + 1):
                    p_rows.append(k)
                    p_cols.append(path_ids.setdefault(path[:m], len(path_ids)))
        shape = (len(refs), max(1, len(path_ids)))

        def incidence(rows: list[int], cols: list[int]) -> sparse.csr_matrix:
            x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
            x.data[:] = 1.0  # a path listed twice still counts once
            return x

        element_ids: dict[str, int] = {}
        element = np.fromiter(
            (
                -1 if e is None else element_ids.setdefault(e, len(element_ids))
                for e in (parse_element(c.element, c.comment) for c in comments)
            ),
            np.int64,
            n,
        )
        line_cache = {t: parse_line(t) for t in {c.line for c in comments}}
        lines = [line_cache[c.line] for c in comments]
        has_line = np.fromiter((x is not None for x in lines), bool, n)
        line_lo = np.fromiter((x[0] if x else 0 for x in lines), np.int64, n)
        line_hi = np.fromiter((x[1] if x else 0 for x in lines), np.int64, n)
        return cls(
            clause,
            tuple(clause_ids),
            refs,
            incidence(r_rows, r_cols),
            incidence(p_rows, p_cols),
            element,
            tuple(element_ids),
            line_lo,
            line_hi,
            has_line,
        )

    def relation(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``clause_relation`` of comments ``i[k]`` and ``j[k]`` as codes (UNKNOWN, SAME,
        NESTED, DIFFERENT), computed once per distinct pair of clause texts: ``same`` when the
        two reference sets meet, ``nested`` when a path of one is a prefix of a path of the
        other."""
        if not len(i):
            return np.zeros(0, dtype=np.int8)
        u = len(self.clause_texts)
        pair_key, inverse = np.unique(self.clause[i] * u + self.clause[j], return_inverse=True)
        a, b = pair_key // u, pair_key % u
        named = np.diff(self.refs.indptr) > 0
        same = _row_dots(self.refs, a, b, other=self.refs) > 0
        nested = (_row_dots(self.refs, a, b, other=self.prefixes) > 0) | (
            _row_dots(self.prefixes, a, b, other=self.refs) > 0
        )
        rel = np.where(same, SAME, np.where(nested, NESTED, DIFFERENT))
        rel = np.where(named[a] & named[b], rel, UNKNOWN).astype(np.int8)
        return rel[inverse.ravel()]

    def element_differs(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Both name a paragraph / figure / table, and not the same one."""
        ea, eb = self.element[i], self.element[j]
        return (ea >= 0) & (eb >= 0) & (ea != eb)

    def line_gap(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``line_distance`` of each pair; −1 where either has no line."""
        gap = np.maximum(
            0,
            np.maximum(self.line_lo[i], self.line_lo[j])
            - np.minimum(self.line_hi[i], self.line_hi[j]),
        )
        return np.where(self.has_line[i] & self.has_line[j], gap, -1)

    def clause_words(self, a: int, b: int, rel: int) -> str:
        """The readable clause part of a reason, for comments ``a`` and ``b``."""
        if rel == SAME:
            ra, rb = self.clause_refs[self.clause[a]], self.clause_refs[self.clause[b]]
            return "same clause " + ", ".join(format_clause(r) for r in sorted(ra & rb))
        if rel == NESTED:
            ta, tb = self.clause_texts[self.clause[a]], self.clause_texts[self.clause[b]]
            return f"nested clauses {ta.strip()} / {tb.strip()}"
        return "different clauses" if rel == DIFFERENT else ""


def _row_dots(
    a: sparse.csr_matrix,
    i: np.ndarray,
    j: np.ndarray,
    chunk: int = 20_000,
    other: sparse.csr_matrix | None = None,
) -> np.ndarray:
    """``a[i[k]] · b[j[k]]`` for every k (``b = other`` or ``a``), without forming
    ``a[i] @ b[j].T``; in chunks of pairs to bound memory."""
    b = a if other is None else other
    out = np.zeros(len(i), dtype=np.result_type(a.dtype, b.dtype))
    for s in range(0, len(i), chunk):
        ii, jj = i[s : s + chunk], j[s : s + chunk]
        out[s : s + chunk] = np.asarray(a[ii].multiply(b[jj]).sum(axis=1)).ravel()
    return out


@dataclass(frozen=True)
class ScoredPairs:
    """Candidate pairs as arrays (``i < j`` comment indices), best score first."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray  # float64, clipped to [0, 1]
    text: np.ndarray  # float64 text similarity (w · cos_word + (1 − w) · cos_char)
    relation: np.ndarray  # int8 clause relation codes
    element_differs: np.ndarray
    line_gap: np.ndarray  # −1: unknown
    places: Places

    def same_place(self) -> np.ndarray:
        """Pairs that may be redundant: not two different clauses, not two different
        paragraphs / figures / tables."""
        return (self.relation != DIFFERENT) & ~self.element_differs

    def take(self, keep: np.ndarray) -> ScoredPairs:
        """The pairs selected by a boolean mask or index array (order kept)."""
        return ScoredPairs(
            self.i[keep],
            self.j[keep],
            self.score[keep],
            self.text[keep],
            self.relation[keep],
            self.element_differs[keep],
            self.line_gap[keep],
            self.places,
        )

    def materialise(
        self, comments: Sequence[CommentText], config: RedundancyConfig
    ) -> list[PairScore]:
        """PairScore objects with their readable place (same words as the scalar path)."""
        p = self.places
        out = []
        clause_cache: dict[tuple[int, int, int], str] = {}
        window = config.line_window
        for a, b, s, t, rel, ed, gap in zip(
            self.i.tolist(),
            self.j.tolist(),
            self.score.tolist(),
            self.text.tolist(),
            self.relation.tolist(),
            self.element_differs.tolist(),
            self.line_gap.tolist(),
            strict=True,
        ):
            words = []
            if rel:
                key = (int(p.clause[a]), int(p.clause[b]), rel)
                if key not in clause_cache:
                    clause_cache[key] = p.clause_words(a, b, rel)
                words.append(clause_cache[key])
            if ed:
                ea, eb = p.element_names[p.element[a]], p.element_names[p.element[b]]
                words.append(f"different elements {ea} / {eb}")
            if 0 <= gap <= window and window > 0:
                words.append("same line" if gap == 0 else f"lines {gap} apart")
            same = rel != DIFFERENT and not ed
            out.append(
                PairScore(comments[a].id, comments[b].id, s, min(1.0, t), "; ".join(words), same)
            )
        return out


def place_bonus(
    relation: np.ndarray, element_differs: np.ndarray, gap: np.ndarray, cfg: RedundancyConfig
) -> np.ndarray:
    """The place term of the score for every pair (float64, the scalar path's operations in
    the same order, so the sums are identical to the last bit)."""
    bonus = np.zeros(len(relation))
    bonus[relation == SAME] += cfg.same_clause_bonus
    bonus[relation == NESTED] += cfg.nested_clause_bonus
    bonus[relation == DIFFERENT] -= cfg.other_clause_penalty
    bonus[element_differs] -= cfg.other_element_penalty
    if cfg.line_window > 0:
        near = (gap >= 0) & (gap <= cfg.line_window)
        bonus[near] += cfg.line_bonus * (1 - gap[near] / cfg.line_window)
    return bonus


def score_arrays(
    comments: Sequence[CommentText],
    config: RedundancyConfig = RedundancyConfig(),
    vectors: TextVectors | None = None,
    floor: float = 0.0,
    places: Places | None = None,
    text_floor: float | None = None,
) -> ScoredPairs:
    """``score_pairs`` without building objects: every candidate pair that can reach ``floor``
    (with ``cos_char = 1``) — or whose text similarity alone can reach ``text_floor``, when
    given (series) — scored with array operations, best first (ties in index order)."""
    vec = vectors or vectorise(comments, config.word_weight, char_rows=np.zeros(0))
    places = places or Places.of(comments)
    pairs = nearest_pairs(vec.word, config.n_neighbors, config.block_rows)
    i, j = pairs[:, 0], pairs[:, 1]
    w = config.word_weight
    word = _row_dots(vec.word, i, j)
    rel = places.relation(i, j)
    ed = places.element_differs(i, j)
    gap = places.line_gap(i, j)
    bonus = place_bonus(rel, ed, gap, config)
    best = np.clip((w * word + (1 - w)).astype(np.float64) + bonus, 0.0, 1.0)
    reachable = best >= floor - TOLERANCE
    if text_floor is not None:
        reachable |= (w * word + (1 - w)).astype(np.float64) >= text_floor - TOLERANCE
    i, j, word, rel, ed, gap, bonus = (x[reachable] for x in (i, j, word, rel, ed, gap, bonus))
    needed = np.unique(np.concatenate([i, j]))
    char = char_vectors([comments[k].text for k in needed])
    pos = np.full(len(comments), -1, dtype=np.int64)
    pos[needed] = np.arange(len(needed))
    char_dots = _row_dots(char, pos[i], pos[j], chunk=4000)  # char rows are dense: small chunks
    text = (w * word + (1 - w) * char_dots).astype(np.float64)
    score = np.minimum(1.0, np.maximum(0.0, text + bonus))
    order = np.argsort(-score, kind="stable")
    return ScoredPairs(i, j, score, text, rel, ed, gap, places).take(order)


def score_pairs(
    comments: Sequence[CommentText],
    config: RedundancyConfig = RedundancyConfig(),
    vectors: TextVectors | None = None,
    floor: float = 0.0,
) -> list[PairScore]:
    """Candidate pairs (k nearest neighbours) with their scores, best first. Pairs that cannot
    reach ``floor`` even with ``cos_char = 1`` are dropped before ``cos_char`` is computed."""
    return score_arrays(comments, config, vectors, floor).materialise(comments, config)


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


def components(n: int, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Connected components of the graph on ``n`` nodes with edges ``a[k]–b[k]``; nodes on no
    edge left out; each component's nodes ascending, components by their first node."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    if not len(a):
        return []
    graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    touched = np.zeros(n, dtype=bool)
    touched[a] = touched[b] = True
    nodes = np.flatnonzero(touched)
    lab = labels[nodes]
    order = np.argsort(lab, kind="stable")  # members ascending within a label
    cuts = np.flatnonzero(np.diff(lab[order])) + 1
    groups = np.split(nodes[order], cuts)
    groups.sort(key=lambda g: int(g[0]))
    return groups


def cluster_pairs(
    ids: Sequence[str], pairs: Sequence[PairScore], threshold: float
) -> list[list[str]]:
    """Connected components of the pairs at the same place with ``score ≥ threshold``
    (within ``TOLERANCE``); singletons left out; members in input order, clusters by their
    first member."""
    index = {cid: k for k, cid in enumerate(ids)}
    kept = [
        (index[p.a], index[p.b])
        for p in pairs
        if p.same_place and p.score >= threshold - TOLERANCE
    ]
    if not kept:
        return []
    a, b = np.array(kept).T
    return [[ids[k] for k in g] for g in components(len(ids), a, b)]


def find_redundancy(
    comments: Sequence[CommentText], config: RedundancyConfig = RedundancyConfig()
) -> list[RedundancyCluster]:
    """Clusters of redundant comments (pairs at the same place with score ≥ threshold, joined
    transitively), largest first. Comment ids must be unique."""
    check_ids(comments)
    vec = vectorise(comments, config.word_weight, char_rows=np.zeros(0))
    scored = score_arrays(comments, config, vec, floor=config.threshold)
    return clusters_of(comments, config, vec, scored)


def check_ids(comments: Sequence[CommentText]) -> None:
    """Raise ``ValueError`` unless the comment ids are unique."""
    ids = [c.id for c in comments]
    if len(set(ids)) != len(ids):
        raise ValueError("comment ids must be unique")


def clusters_of(
    comments: Sequence[CommentText],
    config: RedundancyConfig,
    vec: TextVectors,
    scored: ScoredPairs,
) -> list[RedundancyCluster]:
    """The redundancy clusters among ``scored`` pairs: those at the same place that reach the
    threshold (within ``TOLERANCE``)."""
    scored = scored.take((scored.score >= config.threshold - TOLERANCE) & scored.same_place())
    groups = components(len(comments), scored.i, scored.j)
    group_of = np.full(len(comments), -1, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    pairs = scored.materialise(comments, config)
    pairs_of: list[list[PairScore]] = [[] for _ in groups]
    for g, p in zip(group_of[scored.i].tolist(), pairs, strict=True):
        pairs_of[g].append(p)
    clusters = [
        _cluster(comments, members.tolist(), pairs_of[g], vec, scored.places)
        for g, members in enumerate(groups)
    ]
    clusters.sort(key=lambda c: (-len(c.members), -c.score, c.members[0]))
    return clusters


def _cluster(
    comments: Sequence[CommentText],
    members: list[int],
    pairs: list[PairScore],
    vec: TextVectors,
    places: Places,
) -> RedundancyCluster:
    sub = vec.word[members]
    total = np.asarray(sub @ np.asarray(sub.sum(axis=0)).ravel()).ravel()
    medoid = members[int(np.argmax(total))]
    closeness = np.asarray(sub @ vec.word[medoid].T.toarray()).ravel()
    ordered = [members[k] for k in np.argsort(-closeness, kind="stable")]
    ordered = [medoid] + [m for m in ordered if m != medoid]
    mean_score = float(np.mean([p.score for p in pairs]))
    mean_text = float(np.mean([p.text_similarity for p in pairs]))
    place_set = {p.place for p in pairs if p.place}
    refs = [places.clause_refs[c] for c in sorted(set(places.clause[members].tolist()))]
    common = frozenset.intersection(*refs) if refs else frozenset()
    if common:
        place = "same clause " + ", ".join(format_clause(r) for r in sorted(common))
    elif len(place_set) == 1:
        place = next(iter(place_set))
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
