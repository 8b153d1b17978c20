"""Redundant, series and related comments on every shared WG21 ballot, scored apart.

Ground truth (as ``eval_redundancy``): two comments of one ballot resolved by the same issue or
marked duplicates. It is split by place, since the product never merges comments about
different places:

* **redundant truth**: true pairs at the same place (same or nested clause or none named, and
  not two different paragraphs / tables);
* **other-place truth**: true pairs about different places — what a *series* or a *related*
  pair may find, never a redundancy cluster.

Figures, per ballot and pooled, with the shipped ``RedundancyConfig()``:

* redundancy pairwise P / R / F1: predicted pairs are two comments in one cluster, scored
  against the redundant truth (series and related excluded, as the target asks);
* series: pairs of one series about different places; how many are true pairs (resolved by one
  issue) — the rest are the same request on several places that the committee answered
  separately, which is exactly what a series is for, so this is a description, not an error
  rate;
* related: cross-reference pairs; how many are true pairs.

Caveat (see the data's README): a row's text is often its issue's text copied to each comment
the issue addresses, so identical texts — and the cross-references they carry ("US 72: … JP 38:
…") — are largely an extraction artefact.
"""

from __future__ import annotations

import itertools

import numpy as np

from benchmarks import report, shared_data
from benchmarks.eval_redundancy import BALLOTS, load_ballot, prf
from liaison.core.relations import find_relations
from liaison.core.similarity import DIFFERENT, CommentText, Places


def split_truth(
    comments: list[CommentText], truth: set[frozenset[str]]
) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """(same-place truth, other-place truth)."""
    index = {c.id: k for k, c in enumerate(comments)}
    places = Places.of(comments)
    same, other = set(), set()
    for pair in truth:
        a, b = (index[x] for x in pair)
        i, j = np.array([a]), np.array([b])
        rel = places.relation(i, j)[0]
        apart = rel == DIFFERENT or bool(places.element_differs(i, j)[0])
        (other if apart else same).add(pair)
    return same, other


def _pairs(groups) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def main() -> int:
    folder = shared_data() / "cpp-nb-comments-wg21"
    if not folder.is_dir():
        print(f"shared data not found at {folder}; set LIAISON_SHARED_DATA")
        return 1
    figures: dict[str, tuple[object, str]] = {}
    details: dict[str, object] = {}
    total = {"tp": 0, "fp": 0, "fn": 0}
    for key in BALLOTS:
        comments, truth = load_ballot(folder, key)
        same, other = split_truth(comments, truth)
        found = find_relations(comments)
        pred = _pairs(c.members for c in found.clusters)
        m = prf(pred, same)
        for q in ("tp", "fp", "fn"):
            total[q] += m[q]
        series_pairs = {
            frozenset((a, b))
            for s in found.series
            for (a, pa), (b, pb) in itertools.combinations(
                zip(s.members, s.places, strict=True), 2
            )
            if pa != pb
        }
        related_pairs = {frozenset((r.a, r.b)) for r in found.related}
        figures[f"{key}_comments"] = (len(comments), "comments")
        figures[f"{key}_redundant_true_pairs"] = (len(same), "pairs")
        figures[f"{key}_other_place_true_pairs"] = (len(other), "pairs")
        for q in ("p", "r", "f1"):
            figures[f"{key}_redundancy_{q}"] = (m[q], "")
        figures[f"{key}_series"] = (len(found.series), "series")
        figures[f"{key}_series_pairs"] = (len(series_pairs), "pairs")
        figures[f"{key}_series_pairs_sharing_an_issue"] = (len(series_pairs & truth), "pairs")
        figures[f"{key}_related_pairs"] = (len(related_pairs), "pairs")
        figures[f"{key}_related_pairs_sharing_an_issue"] = (len(related_pairs & truth), "pairs")
        figures[f"{key}_other_place_truth_found"] = (
            len(other & (series_pairs | related_pairs)),
            "pairs",
        )
        details[key] = {
            "redundancy": m,
            "missed": [sorted(p) for p in same - pred],
            "series": [s.as_dict() for s in found.series],
            "related": [r.as_dict() for r in found.related],
            "other_place_truth": [sorted(p) for p in other],
        }
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    figures["pooled_redundancy_p"] = (p, "")
    figures["pooled_redundancy_r"] = (r, "")
    figures["pooled_redundancy_f1"] = (f1, "")
    figures["target_f1"] = (0.9, "")
    figures["target_met"] = (f1 >= 0.9, "")
    report("eval_relations", figures, details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
