"""Opinion groups as Pol.is finds them: PCA, k-means chosen by silhouette, repness.

1. Votes are reduced to their sign (in favour +1, against -1, abstain 0).
2. **PCA** of the participant x statement matrix with each unseen cell imputed by its column's
   mean (over the participants who saw it). After centring, imputed cells are exactly 0, so the
   centred matrix is sparse with one entry per vote: its top two right singular vectors are the
   principal components, found with a sparse solver (no dense n x m matrix).
3. Each participant's projection is scaled by ``sqrt(n_statements / n_votes_by_participant)``
   (Pol.is), so that people who voted little are not bunched at the centre.
4. **k-means** for k = 2..5 on the participants with at least ``min(7, n_statements)`` votes;
   the k with the best silhouette wins (silhouette on a seeded sample of at most 2,000 points
   when there are more). Groups are numbered by size, largest first.
5. **Repness** (Pol.is): for group g and statement c, with pseudo-counts,
   ``p = (n_agree + 1) / (n_seen + 2)``, ``p-test = 2 sqrt(n_seen + 1) ((n_agree + 1) /
   (n_seen + 1) - 1/2)``, ``repness = p_in / p_out`` and ``repness-test`` the two-proportion
   z-test of in- vs out-group (each count + 1). A statement is representative when both tests
   pass the one-sided 90% level (z > 1.2816) for agree or for disagree; the best "agree"
   statement comes first; at most 5 per group (Pol.is's ``select-rep-comments``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds
from scipy.special import ndtri
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from liaison.core.consensus import PositionMatrix, _as_membership

SILHOUETTE_SAMPLE = 2000


@dataclass(frozen=True)
class Projection:
    """PCA result: ``coords`` (participants x 2, scaled), ``components`` (2 x statements),
    ``center`` (the column means), ``n_votes`` per participant."""

    coords: np.ndarray
    components: np.ndarray
    center: np.ndarray
    n_votes: np.ndarray


def pca_projection(
    matrix: PositionMatrix, n_components: int = 2, exclude: frozenset[str] = frozenset()
) -> Projection:
    """Pol.is PCA (see the module docstring, steps 1-3). Statements in ``exclude`` (moderated
    out) are zeroed, as Pol.is does: they count in ``n_statements`` but shape no component."""
    n, m = matrix.shape
    signs = np.sign(matrix.codes).astype(np.float64)
    if exclude:
        dropped = np.array([s in exclude for s in matrix.statements], dtype=bool)
        signs = np.where(dropped[matrix.cols], 0.0, signs)
    seen_per_col = np.bincount(matrix.cols, minlength=m).astype(np.float64)
    sum_per_col = np.bincount(matrix.cols, weights=signs, minlength=m)
    center = np.divide(sum_per_col, seen_per_col, out=np.zeros(m), where=seen_per_col > 0)
    n_votes = np.bincount(matrix.rows, minlength=n).astype(np.int64)
    comps = np.zeros((n_components, m))
    coords = np.zeros((n, n_components))
    if n >= 2 and m >= 1 and matrix.n_positions:
        centred = sparse.csr_matrix(
            (signs - center[matrix.cols], (matrix.rows, matrix.cols)), shape=(n, m)
        )
        k = min(n_components, min(n, m))
        vt = _top_right_singular_vectors(centred, k)
        comps[:k] = vt
        coords = np.asarray(centred @ comps.T)
        coords *= np.sqrt(m / np.maximum(1, n_votes))[:, None]
    return Projection(coords=coords, components=comps, center=center, n_votes=n_votes)


def _top_right_singular_vectors(x: sparse.csr_matrix, k: int) -> np.ndarray:
    """The k top right singular vectors (rows), signs fixed so each vector's largest-magnitude
    loading is positive (deterministic output)."""
    n, m = x.shape
    if min(n, m) <= k + 1 or n * m <= 250_000:
        _, s, vt = np.linalg.svd(x.toarray(), full_matrices=False)
        vt = vt[:k]
    else:
        rng = np.random.default_rng(0)
        v0 = rng.standard_normal(min(n, m))
        _, s, vt = svds(x, k=k, v0=v0, solver="arpack")
        order = np.argsort(-s)
        vt = vt[order]
    biggest = np.argmax(np.abs(vt), axis=1)
    flip = np.sign(vt[np.arange(vt.shape[0]), biggest])
    flip[flip == 0] = 1.0
    return vt * flip[:, None]


@dataclass(frozen=True)
class Clustering:
    """k-means result: ``labels`` per participant (-1 = too few votes to be clustered),
    the chosen ``k``, its ``silhouette`` (None when k < 2), and the silhouette of every k tried;
    ``silhouette_on`` = how many of the clustered participants the silhouette was computed on
    (all of them, or the seeded sample; k-means always runs on all)."""

    labels: np.ndarray
    k: int
    silhouette: float | None
    scores: dict[int, float]
    silhouette_on: int = 0


def cluster_participants(
    coords: np.ndarray,
    n_votes: np.ndarray,
    n_statements: int,
    k_range: tuple[int, int] = (2, 5),
    min_votes: int = 7,
    random_state: int = 0,
    silhouette_sample: int = SILHOUETTE_SAMPLE,
) -> Clustering:
    """k-means on the projections, k chosen by silhouette (module docstring, step 4)."""
    n = coords.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    eligible = n_votes >= max(1, min(min_votes, n_statements))
    points = coords[eligible]
    n_distinct = np.unique(np.round(points, 12), axis=0).shape[0] if len(points) else 0
    k_hi = min(k_range[1], n_distinct - 1)
    if k_hi < k_range[0]:
        labels[eligible] = 0
        return Clustering(labels=labels, k=1 if eligible.any() else 0, silhouette=None, scores={})
    rng = np.random.RandomState(random_state)
    sample = None
    if len(points) > silhouette_sample:
        sample = rng.choice(len(points), silhouette_sample, replace=False)
    scores: dict[int, float] = {}
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(k_range[0], k_hi + 1):
        # one OpenMP thread: on a few thousand 2-D points the other threads' spin-waiting cost
        # more CPU (and, on 2 CPUs, more wall time) than they saved (bench_positions_process)
        with threadpool_limits(limits=1, user_api="openmp"):
            km = KMeans(n_clusters=k, n_init=3, random_state=random_state).fit(points)
        lab = km.labels_
        if sample is not None:
            sub, sub_lab = points[sample], lab[sample]
        else:
            sub, sub_lab = points, lab
        if len(np.unique(sub_lab)) < 2:
            continue
        score = float(silhouette_score(sub, sub_lab))
        scores[k] = score
        if best is None or score > best[0]:
            best = (score, k, lab)
    on = len(points) if sample is None else len(sample)
    if best is None:
        labels[eligible] = 0
        return Clustering(labels=labels, k=1, silhouette=None, scores=scores, silhouette_on=on)
    score, k, lab = best
    order = np.argsort(-np.bincount(lab, minlength=k), kind="stable")
    rename = np.empty(k, dtype=np.int64)
    rename[order] = np.arange(k)
    labels[eligible] = rename[lab]
    return Clustering(labels=labels, k=k, silhouette=score, scores=scores, silhouette_on=on)


@dataclass(frozen=True)
class GroupStats:
    """Per group x statement counts and Pol.is statistics (arrays of shape (G, m))."""

    n_agree: np.ndarray
    n_disagree: np.ndarray
    n_seen: np.ndarray
    p_agree: np.ndarray
    p_disagree: np.ndarray
    p_agree_test: np.ndarray
    p_disagree_test: np.ndarray
    r_agree: np.ndarray
    r_disagree: np.ndarray
    r_agree_test: np.ndarray
    r_disagree_test: np.ndarray


def _one_prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``2 sqrt(n + 1) ((succ + 1) / (n + 1) - 1/2)`` (Pol.is ``prop-test``)."""
    return 2.0 * np.sqrt(n + 1.0) * ((succ + 1.0) / (n + 1.0) - 0.5)


def _two_prop_test(s1: np.ndarray, s2: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-proportion z-test with each count + 1 (Pol.is ``two-prop-test``); 0 when the pooled
    proportion is 1."""
    s1, s2, n1, n2 = s1 + 1.0, s2 + 1.0, n1 + 1.0, n2 + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / denom
    return np.where((pooled >= 1) | ~np.isfinite(z), 0.0, z)


def group_stats(matrix: PositionMatrix, labels: np.ndarray) -> GroupStats:
    """Counts and Pol.is tests for each group (labels 0..G-1; -1 left out)."""
    member = _as_membership(np.asarray(labels), matrix.shape[0]).T.tocsr()
    seen = np.asarray((member @ matrix.indicator(np.ones_like(matrix.codes, bool))).todense())
    agree = np.asarray((member @ matrix.indicator(matrix.codes > 0)).todense())
    disagree = np.asarray((member @ matrix.indicator(matrix.codes < 0)).todense())
    tot_seen, tot_a, tot_d = seen.sum(0), agree.sum(0), disagree.sum(0)
    out_seen, out_a, out_d = tot_seen - seen, tot_a - agree, tot_d - disagree
    pa = (agree + 1.0) / (seen + 2.0)
    pd_ = (disagree + 1.0) / (seen + 2.0)
    pa_out = (out_a + 1.0) / (out_seen + 2.0)
    pd_out = (out_d + 1.0) / (out_seen + 2.0)
    return GroupStats(
        n_agree=agree.astype(np.int64),
        n_disagree=disagree.astype(np.int64),
        n_seen=seen.astype(np.int64),
        p_agree=pa,
        p_disagree=pd_,
        p_agree_test=_one_prop_test(agree, seen),
        p_disagree_test=_one_prop_test(disagree, seen),
        r_agree=pa / pa_out,
        r_disagree=pd_ / pd_out,
        r_agree_test=_two_prop_test(agree, out_a, seen, out_seen),
        r_disagree_test=_two_prop_test(disagree, out_d, seen, out_seen),
    )


@dataclass(frozen=True)
class Repness:
    """One representative statement of a group, in Pol.is's terms."""

    statement: str
    repful_for: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "statement": self.statement,
            "repful_for": self.repful_for,
            "n_success": self.n_success,
            "n_trials": self.n_trials,
            "p_success": self.p_success,
            "p_test": self.p_test,
            "repness": self.repness,
            "repness_test": self.repness_test,
            "best_agree": self.best_agree,
        }


def _entry(st: GroupStats, g: int, c: int, sid: str, best_agree: bool = False) -> Repness:
    agree_side = best_agree or st.r_agree_test[g, c] > st.r_disagree_test[g, c]
    if agree_side:
        vals = (st.n_agree, st.p_agree, st.p_agree_test, st.r_agree, st.r_agree_test)
    else:
        vals = (st.n_disagree, st.p_disagree, st.p_disagree_test, st.r_disagree, st.r_disagree_test)
    n_s, p, pt, r, rt = (v[g, c] for v in vals)
    return Repness(
        statement=sid,
        repful_for="agree" if agree_side else "disagree",
        n_success=int(n_s),
        n_trials=int(st.n_seen[g, c]),
        p_success=float(p),
        p_test=float(pt),
        repness=float(r),
        repness_test=float(rt),
        best_agree=best_agree,
    )


def representative_statements(
    matrix: PositionMatrix,
    labels: np.ndarray,
    confidence: float = 0.90,
    pick_max: int = 5,
    exclude: frozenset[str] = frozenset(),
) -> list[list[Repness]]:
    """Representative statements of each group (module docstring, step 5)."""
    labels = np.asarray(labels)
    if not (labels >= 0).any():
        return []
    st = group_stats(matrix, labels)
    z = float(ndtri(confidence))  # the normal quantile
    keep = np.array([s not in exclude for s in matrix.statements], dtype=bool)
    out: list[list[Repness]] = []
    for g in range(st.n_seen.shape[0]):
        best_agree = _best_agree(st, g, z, keep)
        sig_a = (st.p_agree_test[g] > z) & (st.r_agree_test[g] > z)
        sig_d = (st.p_disagree_test[g] > z) & (st.r_disagree_test[g] > z)
        sig = np.nonzero((sig_a | sig_d) & keep)[0]
        entries = [_entry(st, g, int(c), matrix.statements[c]) for c in sig]
        entries.sort(key=lambda e: -(e.repness * e.repness_test * e.p_success * e.p_test))
        head: list[Repness] = []
        if best_agree is not None:
            head = [_entry(st, g, best_agree, matrix.statements[best_agree], best_agree=True)]
        elif not len(sig):
            cand = np.nonzero(keep)[0]
            if len(cand):
                score = np.maximum(st.r_agree_test[g, cand], st.r_disagree_test[g, cand])
                c = int(cand[int(np.argmax(score))])
                head = [_entry(st, g, c, matrix.statements[c])]
        if not head:
            out.append([])
            continue
        chosen = head + [e for e in entries if e.statement != head[0].statement]
        chosen = chosen[:pick_max]
        chosen.sort(key=lambda e: e.repful_for)
        out.append(chosen)
    return out


def _best_agree(st: GroupStats, g: int, z: float, keep: np.ndarray) -> int | None:
    """Pol.is's best "agree" statement of group g (``beats-best-agr?``), or None."""
    best: int | None = None
    for c in np.nonzero(keep)[0]:
        na, nd = st.n_agree[g, c], st.n_disagree[g, c]
        if na == 0 and nd == 0:
            continue
        ra, rat, pa, pat = (
            st.r_agree[g, c],
            st.r_agree_test[g, c],
            st.p_agree[g, c],
            st.p_agree_test[g, c],
        )
        if best is None:
            if pat > z or (ra > 1.0 and pa > 0.5):
                best = int(c)
            continue
        b_ra, b_rat, b_pa, b_pat = (
            st.r_agree[g, best],
            st.r_agree_test[g, best],
            st.p_agree[g, best],
            st.p_agree_test[g, best],
        )
        if b_ra > 1.0:
            if ra * rat * pa * pat > b_ra * b_rat * b_pa * b_pat:
                best = int(c)
        elif pa * pat > b_pa * b_pat:
            best = int(c)
    return best


@dataclass(frozen=True)
class OpinionGroups:
    """Projection, clustering and representative statements together."""

    projection: Projection
    clustering: Clustering
    repness: list[list[Repness]]


def opinion_groups(
    matrix: PositionMatrix,
    k_range: tuple[int, int] = (2, 5),
    min_votes: int = 7,
    random_state: int = 0,
    exclude: frozenset[str] = frozenset(),
) -> OpinionGroups:
    """PCA, k-means by silhouette, and repness in one call; ``exclude`` names moderated-out
    statements (zeroed in the PCA, never chosen as representative)."""
    proj = pca_projection(matrix, exclude=exclude)
    clus = cluster_participants(
        proj.coords, proj.n_votes, matrix.shape[1], k_range, min_votes, random_state
    )
    rep = representative_statements(matrix, clus.labels, exclude=exclude)
    return OpinionGroups(projection=proj, clustering=clus, repness=rep)
