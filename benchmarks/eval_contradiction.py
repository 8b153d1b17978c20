"""Precision and recall of contradiction finding.

Three sources:

* ``labelled``: the 68 hand-labelled WG21 pairs of ``contradiction-labels`` (shared data; yes /
  no / borderline; borderline counts as "not contradictory" for precision and is left out of
  recall). The finder runs on each whole ballot, as in use; a labelled pair is predicted when
  the finder flags it.
* ``shared_ballots``: every pair flagged on the four shared ballots. A flagged pair that is
  not labelled counts as a false positive (the labels found no clean contradiction in these
  ballots); each one is listed in the JSON with its reason, to be read.
* ``constructed``: the 24 pairs of ``benchmarks/data/contradiction-constructed`` written for
  the purpose (16 contradictory, 8 near misses); each pair is analysed alone.

Precision = true flagged / all flagged over all three; recall over the pairs labelled ``yes``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from benchmarks import ROOT, report, shared_data
from benchmarks.eval_redundancy import BALLOTS, load_ballot
from liaison.core.contradiction import find_contradictions
from liaison.core.similarity import CommentText

LABELS = "contradiction-labels/contradiction_labels_dev.csv"
CONSTRUCTED = ROOT / "data" / "contradiction-constructed" / "pairs.csv"


def _ballot_key(name: str) -> str:
    for key, token in (("cxx0x", "0x"), ("cxx14", "14"), ("cxx17", "17"), ("cxx20", "20")):
        if token in name:
            return key
    raise ValueError(name)


def shared_flags(folder: Path) -> dict[str, dict[frozenset[str], str]]:
    """Every pair flagged on each shared ballot, with its reason."""
    out = {}
    for key in BALLOTS:
        comments, _ = load_ballot(folder, key)
        out[key] = {frozenset((x.a, x.b)): x.reason for x in find_contradictions(comments)}
    return out


def constructed_pairs() -> list[tuple[str, bool, str, list[CommentText]]]:
    """(pair id, contradictory, kind, [comment a, comment b]) of the constructed set."""
    out = []
    with CONSTRUCTED.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pair = [
                CommentText(
                    id=f"{row['pair']}{side}",
                    clause=row[f"clause_{side}"],
                    element=row[f"element_{side}"],
                    comment=row[f"comment_{side}"],
                    proposed_change=row[f"change_{side}"],
                    label=f"X-{row['pair']}{side}",
                )
                for side in ("a", "b")
            ]
            out.append((row["pair"], row["contradictory"] == "yes", row["kind"], pair))
    return out


def main() -> int:
    data = shared_data()
    folder = data / "cpp-nb-comments-wg21"
    if not folder.is_dir() or not (data / LABELS).is_file():
        print("shared data not found; set LIAISON_SHARED_DATA")
        return 1
    flags = shared_flags(folder)
    tp = fp = fn = 0
    details: dict[str, list] = {"labelled": [], "unlabelled_flags": [], "constructed": []}
    labelled: set[tuple[str, frozenset[str]]] = set()
    with (data / LABELS).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key, pair = _ballot_key(row["ballot"]), frozenset((row["a"], row["b"]))
            labelled.add((key, pair))
            flagged = pair in flags[key]
            yes = row["contradictory"] == "yes"
            tp += flagged and yes
            fp += flagged and not yes
            fn += yes and not flagged
            details["labelled"].append(
                {"ballot": key, "a": row["a"], "b": row["b"], "label": row["contradictory"],
                 "flagged": flagged}
            )
    labelled_flagged = sum(d["flagged"] for d in details["labelled"])
    unlabelled = [
        (key, pair, why)
        for key, found in flags.items()
        for pair, why in found.items()
        if (key, pair) not in labelled
    ]
    fp += len(unlabelled)
    details["unlabelled_flags"] = [
        {"ballot": k, "pair": sorted(p), "reason": why} for k, p, why in unlabelled
    ]
    c_tp = c_fp = c_fn = 0
    for pid, yes, kind, pair in constructed_pairs():
        found = find_contradictions(pair)
        flagged = bool(found)
        c_tp += flagged and yes
        c_fp += flagged and not yes
        c_fn += yes and not flagged
        details["constructed"].append(
            {"pair": pid, "label": "yes" if yes else "no", "kind": kind, "flagged": flagged,
             "reason": found[0].reason if found else ""}
        )
    all_tp, all_fp, all_fn = tp + c_tp, fp + c_fp, fn + c_fn
    precision = all_tp / (all_tp + all_fp) if all_tp + all_fp else 1.0
    recall = all_tp / (all_tp + all_fn) if all_tp + all_fn else 1.0
    figures: dict[str, tuple[object, str]] = {
        "labelled_pairs": (len(details["labelled"]), "pairs"),
        "labelled_flagged": (labelled_flagged, "pairs"),
        "labelled_false_positives": (fp - len(unlabelled), "pairs"),
        "shared_ballots_flagged": (sum(len(f) for f in flags.values()), "pairs"),
        "shared_ballots_unlabelled_flags": (len(unlabelled), "pairs"),
        "constructed_pairs": (len(details["constructed"]), "pairs"),
        "constructed_true_positives": (c_tp, "pairs"),
        "constructed_false_positives": (c_fp, "pairs"),
        "constructed_recall": (c_tp / (c_tp + c_fn) if c_tp + c_fn else 1.0, ""),
        "precision": (precision, ""),
        "recall": (recall, ""),
        "target_precision": (0.7, ""),
        "target_met": (precision >= 0.7, ""),
    }
    report("eval_contradiction", figures, details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
