"""Speed of the full position analysis on a synthetic 10,000 x 2,000 matrix with 2,000,000
votes, against red-dwarf (``reddwarf.implementations.polis.run_pipeline``) on the same votes.

"Full analysis" = per-category figures, verdicts, GIC, PCA, k-means k = 2..5 with silhouette
(on a seeded sample of 2,000 participants), repness. Peak memory is the process's maxrss.
"""

from __future__ import annotations

import resource
import time

import numpy as np

from benchmarks import report
from liaison.core.consensus import PositionMatrix, category_figures, group_informed_consensus
from liaison.core.opinion_groups import opinion_groups
from liaison.core.rules import evaluate

N_PARTICIPANTS, N_STATEMENTS, N_VOTES = 10_000, 2_000, 2_000_000
CATEGORIES = ("industry", "consumers", "academia", "government", "ngo")


def synthetic(seed: int = 0) -> PositionMatrix:
    """Three latent opinion groups; each participant sees a random 10% of statements; votes
    follow the group's leaning with noise; one or two interest categories each."""
    rng = np.random.default_rng(seed)
    n, m = N_PARTICIPANTS, N_STATEMENTS
    group = rng.integers(0, 3, n)
    leaning = rng.uniform(-1, 1, (3, m))
    cells = rng.choice(n * m, N_VOTES, replace=False)
    rows, cols = cells // m, cells % m
    p = leaning[group[rows], cols] + rng.normal(0, 0.5, N_VOTES)
    votes = np.where(p > 0.35, 1, np.where(p < -0.35, -1, 0)).astype(np.int8)
    votes[(votes == 1) & (rng.random(N_VOTES) < 0.2)] = 2
    votes[(votes == -1) & (rng.random(N_VOTES) < 0.02)] = -2
    cats = {
        str(i): tuple(rng.choice(CATEGORIES, size=1 + int(rng.random() < 0.3), replace=False))
        for i in range(n)
    }
    return PositionMatrix(
        tuple(str(i) for i in range(n)), tuple(str(j) for j in range(m)), rows, cols, votes, cats
    )


def full_analysis(matrix: PositionMatrix) -> dict[str, object]:
    """Everything ``liaison analyze-positions`` computes."""
    figures = category_figures(matrix)
    verdicts = evaluate(figures)
    groups = opinion_groups(matrix)
    gic = group_informed_consensus(matrix, groups.clustering.labels)
    return {"verdicts": verdicts, "groups": groups, "gic": gic}


def run_reddwarf(matrix: PositionMatrix) -> float:
    """Seconds red-dwarf takes on the same votes (codes reduced to -1/0/1)."""
    from reddwarf.implementations.polis import run_pipeline

    signs = np.sign(matrix.codes)
    votes = [
        {"participant_id": int(r), "statement_id": int(c), "vote": int(v), "modified": 0}
        for r, c, v in zip(matrix.rows, matrix.cols, signs, strict=True)
    ]
    t = time.perf_counter()
    run_pipeline(votes=votes, random_state=0)
    return time.perf_counter() - t


def main() -> int:
    matrix = synthetic()
    t0, c0 = time.perf_counter(), time.process_time()
    out = full_analysis(matrix)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    groups = out["groups"]
    figures: dict[str, tuple[object, str]] = {
        "participants": (N_PARTICIPANTS, ""),
        "statements": (N_STATEMENTS, ""),
        "votes": (matrix.n_positions, ""),
        "liaison_full_analysis": (ours, "s"),
        "liaison_full_analysis_cpu": (ours_cpu, "s"),
        "liaison_peak_rss": (peak_ours, "MB"),
        "liaison_k": (groups.clustering.k, "groups"),
        "target": (2.0, "s"),
    }
    try:
        theirs = run_reddwarf(matrix)
        figures["reddwarf_run_pipeline"] = (theirs, "s")
        figures["reddwarf_over_liaison"] = (theirs / ours, "x")
        figures["peak_rss_after_reddwarf"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "MB",
        )
    except ImportError:
        print("red-dwarf not installed: ratio not measured")
    report("bench_consensus", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
