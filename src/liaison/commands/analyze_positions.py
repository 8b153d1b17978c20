"""``liaison analyze-positions FILE [--categories FILE] [--json] [rule options]``.

Reads positions (our positions CSV, Pol.is votes.csv or participants-votes.csv) and prints,
per statement, the figures per interest category, the consensus verdict with its reasons, the
group-informed consensus, and the opinion groups with their representative statements. Exit 0
on success, 2 with one line on stderr for bad input. No Django.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from liaison.commands.failure import fail as _fail
from liaison.core.consensus import PositionMatrix, category_figures, group_informed_consensus
from liaison.core.opinion_groups import Clustering, OpinionGroups, opinion_groups
from liaison.core.positions_io import PositionsFile, read_categories, read_positions
from liaison.core.rules import ConsensusRule, Verdict, evaluate

SCHEMA_VERSION = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise SystemExit(_fail(f"analyze-positions: {message}"))


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    d = ConsensusRule()
    p = _Parser(prog="liaison analyze-positions", description=__doc__.splitlines()[0])
    p.add_argument("file", help="positions CSV, Pol.is votes.csv or participants-votes.csv")
    p.add_argument("--categories", help="CSV participant,category (one row per membership)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--theta",
        type=float,
        default=d.opposition_threshold,
        help="opposition share that is sustained opposition (default 1/3)",
    )
    p.add_argument(
        "--tau",
        type=float,
        default=d.support_threshold,
        help="overall support share needed for consensus (default 2/3)",
    )
    p.add_argument(
        "--min-members",
        type=int,
        default=d.min_members,
        help="members taking a position that make a category important (default 3)",
    )
    p.add_argument(
        "--required-group",
        action="append",
        default=[],
        help="a category that must be involved (repeatable)",
    )
    p.add_argument("--rule-version", default=d.version, help="label of the rule applied")
    return p


def analyse(
    loaded: PositionsFile, rule: ConsensusRule
) -> tuple[list[dict[str, object]], list[Verdict], OpinionGroups, PositionMatrix]:
    """Per-statement figures (JSON-ready), verdicts, and opinion groups."""
    matrix = loaded.matrix
    figures = category_figures(matrix)
    verdicts = evaluate(figures, rule)
    groups = opinion_groups(matrix)
    gic = group_informed_consensus(matrix, groups.clustering.labels)
    statements = []
    for j, sid in enumerate(matrix.statements):
        statements.append(
            {
                "statement": sid,
                "overall": figures.tally(j).as_dict(),
                "by_category": {
                    name: figures.tally(j, g).as_dict() for g, name in enumerate(figures.categories)
                },
                "verdict": verdicts[j].as_dict(),
                "gic": {
                    "agree": float(gic.agree[j]),
                    "disagree": float(gic.disagree[j]),
                    "geometric_mean": float(gic.geometric_mean[j]),
                },
            }
        )
    return statements, verdicts, groups, matrix


def groups_json(groups: OpinionGroups, loaded: PositionsFile) -> dict[str, object]:
    """Opinion groups, JSON-ready (with agreement to Pol.is's own groups when known)."""
    labels = groups.clustering.labels
    pids = loaded.matrix.participants
    out: dict[str, object] = {
        "k": groups.clustering.k,
        "silhouette": groups.clustering.silhouette,
        "silhouette_by_k": {str(k): v for k, v in groups.clustering.scores.items()},
        "n_clustered": int((labels >= 0).sum()),
        "silhouette_on": groups.clustering.silhouette_on,
        "groups": [
            {
                "id": g,
                "size": int((labels == g).sum()),
                "members": [pids[i] for i in np.nonzero(labels == g)[0]],
                "representative": [r.as_dict() for r in reps],
            }
            for g, reps in enumerate(groups.repness)
        ],
    }
    polis = loaded.polis_groups
    if polis:
        from sklearn.metrics import adjusted_rand_score

        both = [i for i, p in enumerate(pids) if labels[i] >= 0 and polis.get(p) is not None]
        if len(both) >= 2:
            out["ari_vs_polis_group_id"] = float(
                adjusted_rand_score([polis[pids[i]] for i in both], labels[both])
            )
    return out


def clustering_basis(c: Clustering) -> str:
    """Which participants k-means and the silhouette were computed on."""
    n = int((c.labels >= 0).sum())
    if c.silhouette_on < n:
        return (f"k-means on all {n} clustered participants, silhouette on a seeded sample of "
                f"{c.silhouette_on} (same groups as on all: ARI >= 0.99, docs/analysis.md)")
    return f"k-means and silhouette on all {n} clustered participants"


def to_text(statements: list[dict[str, object]], groups: OpinionGroups) -> str:
    """Human-readable report."""
    n_cons = sum(1 for s in statements if s["verdict"]["consensus"])  # type: ignore[index]
    lines = [f"{len(statements)} statements, consensus on {n_cons}"]
    for s in statements:
        v = s["verdict"]
        share = v["support_share"]  # type: ignore[index]
        shown = "n/a" if share is None else f"{100 * share:.0f}%"
        word = "CONSENSUS" if v["consensus"] else "no consensus"  # type: ignore[index]
        gic = s["gic"]["geometric_mean"]  # type: ignore[index]
        lines.append(f"\n{s['statement']}: {word}; support {shown}; GIC^(1/G) {gic:.3f}")
        for name, t in s["by_category"].items():  # type: ignore[union-attr]
            if t["support"] + t["can_live_with"] + t["oppose"] + t["fundamental_objection"]:
                lines.append(
                    f"  {name}: support {t['support']}, can live with {t['can_live_with']}, "
                    f"oppose {t['oppose']}, fundamental {t['fundamental_objection']}, "
                    f"abstain {t['abstain']}"
                )
        for r in v["reasons"]:  # type: ignore[index]
            lines.append(f"  - {r}")
    c = groups.clustering
    sil = "n/a" if c.silhouette is None else f"{c.silhouette:.3f}"
    lines.append(f"\nOpinion groups: k = {c.k} (silhouette {sil}); {clustering_basis(c)}")
    for g, reps in enumerate(groups.repness):
        size = int((c.labels == g).sum())
        lines.append(f"  group {g} ({size} participants)")
        for r in reps:
            lines.append(
                f"    {r.statement}: {r.repful_for} {r.n_success}/{r.n_trials} "
                f"(repness {r.repness:.2f})"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the command; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        rule = ConsensusRule(
            version=args.rule_version,
            opposition_threshold=args.theta,
            support_threshold=args.tau,
            min_members=args.min_members,
            required_groups=frozenset(args.required_group),
        )
        loaded = read_positions(args.file)
        if args.categories:
            cats = read_categories(args.categories)
            loaded = PositionsFile(
                loaded.matrix.with_categories(cats), loaded.format, loaded.polis_groups
            )
        statements, _verdicts, groups, matrix = analyse(loaded, rule)
    except FileNotFoundError as exc:
        return _fail(f"analyze-positions: file not found: {exc.filename}")
    except (OSError, ValueError) as exc:
        return _fail(f"analyze-positions: {exc}")
    if args.json:
        doc = {
            "schema": "liaison.analyze-positions",
            "version": SCHEMA_VERSION,
            "source": args.file,
            "format": loaded.format,
            "n_participants": matrix.shape[0],
            "n_statements": matrix.shape[1],
            "n_positions": matrix.n_positions,
            "rule": rule.as_dict(),
            "categories": list(category_names(statements)),
            "statements": statements,
            "opinion_groups": groups_json(groups, loaded),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(to_text(statements, groups))
    return 0


def category_names(statements: list[dict[str, object]]) -> list[str]:
    """The categories reported (those of the first statement; all statements share them)."""
    return list(statements[0]["by_category"]) if statements else []  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
