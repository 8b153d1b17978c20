"""Opinion groups and GIC against red-dwarf and against Pol.is's own group-ids, on the Pol.is
open-data conversations (``participants-votes.csv``).

Per conversation: adjusted Rand index (ARI) of our groups vs red-dwarf's and vs the Pol.is
``group-id`` column (over participants that both sides clustered), and the Spearman rank
correlation of our GIC with red-dwarf's group-aware consensus. Medians are reported.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score

from benchmarks import report, shared_data
from liaison.core.consensus import group_informed_consensus
from liaison.core.opinion_groups import opinion_groups
from liaison.core.positions_io import read_positions


def _ari(a: dict, b: dict) -> float | None:
    both = [p for p in a if a[p] is not None and b.get(p) is not None]
    if len(both) < 2:
        return None
    return float(adjusted_rand_score([a[p] for p in both], [b[p] for p in both]))


def evaluate_conversation(path) -> dict[str, object]:
    from reddwarf.implementations.polis import run_pipeline

    loaded = read_positions(path)
    m = loaded.matrix
    ours = opinion_groups(m)
    labels = ours.clustering.labels
    gic = group_informed_consensus(m, labels)
    mine = {p: (int(labels[i]) if labels[i] >= 0 else None) for i, p in enumerate(m.participants)}
    votes = [
        {
            "participant_id": int(m.participants[r]),
            "statement_id": int(m.statements[c]),
            "vote": int(np.sign(v)),
            "modified": 0,
        }
        for r, c, v in zip(m.rows, m.cols, m.codes, strict=True)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rd = run_pipeline(votes=votes, random_state=0)
    rd_groups = {
        str(pid): (None if pd_isna(g) else int(g))
        for pid, g in rd.participants_df["cluster_id"].items()
    }
    rd_gic = rd.group_aware_consensus["agree"]
    ours_gic = [gic.agree[j] for j, s in enumerate(m.statements) if int(s) in rd_gic]
    theirs_gic = [rd_gic[int(s)] for s in m.statements if int(s) in rd_gic]
    rho = spearmanr(ours_gic, theirs_gic).statistic if len(ours_gic) > 2 else None
    return {
        "participants": m.shape[0],
        "statements": m.shape[1],
        "k_ours": ours.clustering.k,
        "k_reddwarf": len({g for g in rd_groups.values() if g is not None}),
        "k_polis": len({g for g in loaded.polis_groups.values() if g is not None}),
        "ari_ours_vs_reddwarf": _ari(mine, rd_groups),
        "ari_ours_vs_polis": _ari(mine, loaded.polis_groups),
        "ari_reddwarf_vs_polis": _ari(rd_groups, loaded.polis_groups),
        "spearman_gic_ours_vs_reddwarf": None if rho is None else float(rho),
    }


def pd_isna(x: object) -> bool:
    try:
        return bool(np.isnan(x))  # type: ignore[arg-type]
    except TypeError:
        return x is None or str(x) == "<NA>"


def main() -> int:
    folder = shared_data() / "polis-opendata"
    if not folder.is_dir():
        print(f"shared data not found at {folder}; set LIAISON_SHARED_DATA")
        return 1
    per: dict[str, dict[str, object]] = {}
    for conv in sorted(p for p in folder.iterdir() if (p / "participants-votes.csv").is_file()):
        per[conv.name] = evaluate_conversation(conv / "participants-votes.csv")
        row = per[conv.name]
        print(
            f"# {conv.name}: "
            + ", ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()
            )
        )
    figures: dict[str, tuple[object, str]] = {"conversations": (len(per), "")}
    for key in (
        "ari_ours_vs_reddwarf",
        "ari_ours_vs_polis",
        "ari_reddwarf_vs_polis",
        "spearman_gic_ours_vs_reddwarf",
    ):
        vals = [r[key] for r in per.values() if r[key] is not None]
        figures[f"median_{key}"] = (float(np.median(vals)), "")
        figures[f"mean_{key}"] = (float(np.mean(vals)), "")
    figures["k_equal_to_polis"] = (
        sum(1 for r in per.values() if r["k_ours"] == r["k_polis"]),
        "conversations",
    )
    report("eval_polis", figures, {"per_conversation": per})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
