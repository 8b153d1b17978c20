"""Quality of redundancy detection on the WG21 national-body comments.

Ground truth: pairs of comments in one ballot that the committee resolved by the same issue or
marked as duplicates (``nb_related_pairs_from_issues.csv`` plus the ``shares_issue_with`` and
``duplicate_of_nb_ids`` columns). A predicted pair is any two comments in one cluster.
Weights and threshold are tuned (grid search, pooled pairwise F1) on the older ballots
(C++0x, C++14, C++17) and reported on every ballot, the newest (C++20) being held out. The
baseline is a plain word TF-IDF cosine with its own threshold tuned the same way.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from pathlib import Path

from benchmarks import report, shared_data
from liaison.core.similarity import (
    BASELINE,
    CommentText,
    RedundancyConfig,
    cluster_pairs,
    find_redundancy,
    score_pairs,
)

BALLOTS = {
    "cxx0x": "nb_comments_flat_cxx0x_cd1_N2800.csv",
    "cxx14": "nb_comments_flat_cxx14_cd_N3690.csv",
    "cxx17": "nb_comments_flat_cxx17_cd_N4604.csv",
    "cxx20": "nb_comments_flat_cxx20_cd_N4830.csv",
}
TUNE = ("cxx0x", "cxx14", "cxx17")
HELD_OUT = "cxx20"


def _split_ids(text: str) -> list[str]:
    return [x.strip() for x in (text or "").replace(",", "|").split("|") if x.strip()]


def load_ballot(folder: Path, key: str) -> tuple[list[CommentText], set[frozenset[str]]]:
    """The ballot's comments (first row per nb_id) and its ground-truth pairs."""
    comments: dict[str, CommentText] = {}
    truth: set[frozenset[str]] = set()
    ballot_name = ""
    with (folder / BALLOTS[key]).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ballot_name = row["ballot"]
            nb = row["nb_id"].strip()
            if nb not in comments:
                comments[nb] = CommentText(
                    id=nb,
                    clause=row["clause"],
                    line=row["line"],
                    element=row["paragraph_figure_table"],
                    type=row["type"],
                    comment=row["comment"],
                    proposed_change=row["proposed_change"],
                    author=row["member_body"],
                )
            for other in _split_ids(row["shares_issue_with"]) + _split_ids(
                row["duplicate_of_nb_ids"]
            ):
                if other != nb:
                    truth.add(frozenset((nb, other)))
    with (folder / "nb_related_pairs_from_issues.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["ballot"] == ballot_name and row["nb_id_a"] != row["nb_id_b"]:
                truth.add(frozenset((row["nb_id_a"].strip(), row["nb_id_b"].strip())))
    truth = {p for p in truth if all(x in comments for x in p)}
    return list(comments.values()), truth


def predicted_pairs(comments: list[CommentText], config: RedundancyConfig) -> set[frozenset[str]]:
    """Every pair of comments that share a cluster."""
    out: set[frozenset[str]] = set()
    for cluster in find_redundancy(comments, config):
        out.update(frozenset(p) for p in itertools.combinations(cluster.members, 2))
    return out


def prf(pred: set, truth: set) -> dict[str, float | int]:
    """Pairwise precision, recall, F1 (an empty prediction has precision 1 by convention)."""
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": len(pred - truth), "fn": len(truth - pred), "p": p, "r": r, "f1": f}


def _pairs_in(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def tune(data: dict, grid: list[RedundancyConfig]) -> tuple[RedundancyConfig, float]:
    """The config of best pooled pairwise F1 on the tuning ballots (first best wins ties).
    Pairs are scored once per weight setting; thresholds are then swept over the scores."""
    best, best_f = grid[0], -1.0
    for weights, cfgs in itertools.groupby(grid, key=lambda c: replace(c, threshold=0.0)):
        scored = {k: score_pairs(data[k][0], weights) for k in TUNE}
        for cfg in cfgs:
            tp = fp = fn = 0
            for k in TUNE:
                comments, truth = data[k]
                pred = _pairs_in(cluster_pairs([c.id for c in comments], scored[k], cfg.threshold))
                tp, fp, fn = tp + len(pred & truth), fp + len(pred - truth), fn + len(truth - pred)
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            if f > best_f + 1e-12:
                best, best_f = cfg, f
    return best, best_f


def average_precision(comments: list[CommentText], truth: set, config: RedundancyConfig) -> float:
    """Threshold-free ranking quality: average precision of the candidate pairs ranked by score
    (true pairs never proposed as candidates count as missed)."""
    ranked = score_pairs(comments, config)
    hits, total = 0, 0.0
    for rank, p in enumerate(ranked, start=1):
        if frozenset((p.a, p.b)) in truth:
            hits += 1
            total += hits / rank
    return total / len(truth) if truth else 1.0


def thresholds() -> list[float]:
    return [round(0.30 + 0.025 * i, 3) for i in range(27)]


def main() -> int:
    folder = shared_data() / "cpp-nb-comments-wg21"
    if not folder.is_dir():
        print(f"shared data not found at {folder}; set LIAISON_SHARED_DATA")
        return 1
    data = {k: load_ballot(folder, k) for k in BALLOTS}
    full_grid = [
        RedundancyConfig(
            threshold=t,
            word_weight=w,
            same_clause_bonus=sb,
            nested_clause_bonus=sb / 2,
            other_clause_penalty=pen,
            other_element_penalty=epen,
        )
        for w, sb, pen, epen, t in itertools.product(
            (0.3, 0.5, 0.7, 1.0),
            (0.0, 0.05, 0.1),
            (0.0, 0.1, 0.2),
            (0.0, 0.1, 0.2, 0.3),
            thresholds(),
        )
    ]
    ours, ours_f = tune(data, full_grid)
    base, base_f = tune(data, [replace(BASELINE, threshold=t) for t in thresholds()])
    default_f = tune(data, [RedundancyConfig()])[1]
    figures: dict[str, tuple[object, str]] = {
        "tuned_threshold": (ours.threshold, ""),
        "tuned_word_weight": (ours.word_weight, ""),
        "tuned_same_clause_bonus": (ours.same_clause_bonus, ""),
        "tuned_other_clause_penalty": (ours.other_clause_penalty, ""),
        "tuned_other_element_penalty": (ours.other_element_penalty, ""),
        "tuning_pooled_f1": (ours_f, ""),
        "default_config_pooled_f1": (default_f, ""),
        "baseline_threshold": (base.threshold, ""),
        "baseline_tuning_pooled_f1": (base_f, ""),
    }
    per_ballot = {}
    for k in BALLOTS:
        comments, truth = data[k]
        for label, cfg in (("liaison", RedundancyConfig()), ("tuned", ours), ("baseline", base)):
            m = prf(predicted_pairs(comments, cfg), truth)
            per_ballot[f"{k}/{label}"] = m
            tag = "held_out" if k == HELD_OUT else "tuning"
            for q in ("p", "r", "f1"):
                figures[f"{k}_{label}_{q}"] = (m[q], tag)
        for label, cfg in (("liaison", RedundancyConfig()), ("baseline", base)):
            figures[f"{k}_{label}_average_precision"] = (
                average_precision(comments, truth, cfg),
                "held_out" if k == HELD_OUT else "tuning",
            )
        figures[f"{k}_comments"] = (len(comments), "comments")
        figures[f"{k}_true_pairs"] = (len(truth), "pairs")
    report("eval_redundancy", figures, {"per_ballot": per_ballot, "tuned": ours.__dict__})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
