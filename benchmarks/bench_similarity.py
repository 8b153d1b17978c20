"""Speed of the lexical analysis (redundancy clusters, series, related pairs, contradictions) on
10,000 comments. Target: the default analysis (relations + contradictions) in < 2 s and the
process's peak memory through it < 300 MB.

Comments are built from the 391 WG21 national-body comments: each synthetic comment takes a
random real comment, mixes in a sentence of another, drops ~15% of its words and gets a clause
of the pool and a line number, so that near-duplicates, partial overlaps and unrelated texts all
occur. Peak memory is the process's maxrss (after building the comments, after the default
clustering, at the end). Wall and CPU times are both printed, with the 1-minute load average:
on a shared machine the wall time says more about the neighbours than about the code.
"""

from __future__ import annotations

import os
import resource
import time

import numpy as np

from benchmarks import report, shared_data
from benchmarks.eval_redundancy import BALLOTS, load_ballot
from liaison.core.contradiction import find_contradictions
from liaison.core.relations import find_relations
from liaison.core.similarity import CommentText, Places, RedundancyConfig

N_COMMENTS = 10_000


def synthetic_comments(n: int = N_COMMENTS, seed: int = 0) -> list[CommentText]:
    """``n`` perturbed WG21 comments (module docstring)."""
    folder = shared_data() / "cpp-nb-comments-wg21"
    real = [c for k in BALLOTS for c in load_ballot(folder, k)[0] if c.comment.strip()]
    rng = np.random.default_rng(seed)
    clauses = [c.clause for c in real if c.clause]
    out = []
    for i in range(n):
        base = real[int(rng.integers(len(real)))]
        other = real[int(rng.integers(len(real)))]
        words = base.comment.split()
        keep = [w for w in words if rng.random() > 0.15] or words
        extra = other.comment.split(". ")[0] if rng.random() < 0.5 else ""
        proposal = base.proposed_change.split()
        proposal = [w for w in proposal if rng.random() > 0.15]
        clause = base.clause if rng.random() < 0.7 else clauses[int(rng.integers(len(clauses)))]
        out.append(
            CommentText(
                id=f"C{i}",
                clause=clause,
                line=str(int(rng.integers(1, 3000))),
                comment=" ".join(keep) + (" " + extra if extra else ""),
                proposed_change=" ".join(proposal),
            )
        )
    return out


def main() -> int:
    if not (shared_data() / "cpp-nb-comments-wg21").is_dir():
        print("shared data not found; set LIAISON_SHARED_DATA")
        return 1
    comments = synthetic_comments()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    places = Places.of(comments)  # parsed once for both searches, as the product does
    relations = find_relations(comments, RedundancyConfig(), places)
    t_cluster, cpu_cluster = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    contradictions = find_contradictions(comments, places=places)
    t_contra, cpu_contra = time.perf_counter() - t0, time.process_time() - c0
    rss_default = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    low = find_relations(comments, RedundancyConfig(threshold=0.6))
    t_cluster_low, cpu_cluster_low = time.perf_counter() - t0, time.process_time() - c0
    load = os.getloadavg()[0]
    analysis = t_cluster + t_contra
    figures: dict[str, tuple[object, str]] = {
        "comments": (len(comments), ""),
        "relations_default_threshold": (t_cluster, "s"),
        "relations_default_threshold_cpu": (cpu_cluster, "s"),
        "clusters_default_threshold": (len(relations.clusters), "clusters"),
        "series_default_threshold": (len(relations.series), "series"),
        "related_default_threshold": (len(relations.related), "pairs"),
        "contradiction_search": (t_contra, "s"),
        "contradiction_search_cpu": (cpu_contra, "s"),
        "contradictory_pairs": (len(contradictions), "pairs"),
        "analysis_default": (analysis, "s"),
        "analysis_default_cpu": (cpu_cluster + cpu_contra, "s"),
        "relations_threshold_0.6": (t_cluster_low, "s"),
        "relations_threshold_0.6_cpu": (cpu_cluster_low, "s"),
        "clusters_threshold_0.6": (len(low.clusters), "clusters"),
        "peak_rss_before": (rss0, "MB"),
        "peak_rss_after_default_analysis": (rss_default, "MB"),
        "peak_rss": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB"),
        "load_average_1min": (load, ""),
        "target_time": (2.0, "s"),
        "target_memory": (300.0, "MB"),
        "target_met": (analysis < 2.0 and rss_default < 300.0, ""),
    }
    report("bench_similarity", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
