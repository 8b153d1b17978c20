"""``liaison analyze-comments FILE [--json] [--threshold X] [--positions FILE]``.

Reads an ISO comment form (.docx, .xlsx or .csv, through ``liaison.core.isoform.read_form``)
and prints three relations kept apart — clusters of redundant comments (same point, same place:
merge), series (the same request on several places: one disposition, not one comment) and
related pairs (one comment names another) — and the contradictory pairs. Exit 0 on success, 2 with
one line on stderr for bad input. No Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from liaison.commands.failure import fail as _fail
from liaison.core.contradiction import Contradiction, find_contradictions, position_contradictions
from liaison.core.relations import CommentRelations, find_relations
from liaison.core.similarity import CommentText, Places, RedundancyConfig

#: 2: clusters are same-place only; ``series`` and ``related`` added.
SCHEMA_VERSION = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        raise SystemExit(_fail(f"analyze-comments: {message}"))


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    p = _Parser(prog="liaison analyze-comments", description=__doc__.splitlines()[0])
    p.add_argument("file", help="comment form: .docx, .xlsx or .csv (the 8 ISO columns)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        help=f"redundancy score threshold in [0, 1] (default {RedundancyConfig().threshold})",
    )
    p.add_argument(
        "--positions",
        help="positions CSV whose statements are the comment ids: adds stakeholder-based "
        "contradictions",
    )
    return p


def comments_from_form(path: str) -> list[CommentText]:
    """The form's rows as :class:`CommentText`; a row without an ID gets ``<MB>-<n>`` or
    ``row <n>`` (n = its position), and repeated IDs get ``#2``, ``#3``…"""
    from liaison.core.isoform import read_form

    form = read_form(path)
    out: list[CommentText] = []
    used: set[str] = set()
    for n, row in enumerate(form.rows, start=1):
        base = row.id or (f"{row.mb}-{n}" if row.mb else f"row {n}")
        cid, k = base, 1
        while cid in used:
            k += 1
            cid = f"{base}#{k}"
        used.add(cid)
        out.append(
            CommentText(
                id=cid,
                clause=row.clause,
                line=row.line,
                element=row.element,
                type=row.type,
                comment=row.comment,
                proposed_change=row.proposed_change,
                author=row.mb,
            )
        )
    return out


def analyse(
    comments: Sequence[CommentText],
    threshold: float | None = None,
    positions_path: str | None = None,
) -> tuple[CommentRelations, list[Contradiction]]:
    """The relations and the contradictions (text-based, plus position-based when positions
    are given)."""
    cfg = RedundancyConfig() if threshold is None else RedundancyConfig(threshold=threshold)
    places = Places.of(comments)  # parsed once for both searches
    relations = find_relations(comments, cfg, places)
    contradictions = find_contradictions(comments, places=places)
    if positions_path:
        from liaison.core.positions_io import read_positions

        matrix = read_positions(positions_path).matrix
        ids = {c.id for c in comments}
        contradictions += [c for c in position_contradictions(matrix) if c.a in ids and c.b in ids]
    return relations, contradictions


def to_json(
    source: str,
    comments: Sequence[CommentText],
    relations: CommentRelations,
    contradictions: list[Contradiction],
    threshold: float,
) -> dict[str, object]:
    """The JSON document (schema in docs/analysis.md)."""
    return {
        "schema": "liaison.analyze-comments",
        "version": SCHEMA_VERSION,
        "source": source,
        "n_comments": len(comments),
        "threshold": threshold,
        "clusters": [c.as_dict() for c in relations.clusters],
        "series": [s.as_dict() for s in relations.series],
        "related": [r.as_dict() for r in relations.related],
        "contradictions": [c.as_dict() for c in contradictions],
    }


def to_text(
    comments: Sequence[CommentText],
    relations: CommentRelations,
    contradictions: list[Contradiction],
) -> str:
    """Human-readable report."""
    clusters, series, related = relations.clusters, relations.series, relations.related
    lines = [
        f"{len(comments)} comments, {len(clusters)} redundancy clusters, {len(series)} series, "
        f"{len(related)} related pairs, {len(contradictions)} contradictory pairs"
    ]
    for k, c in enumerate(clusters, start=1):
        lines.append("")
        lines.append(f"Cluster {k} ({len(c.members)} comments, score {c.score:.2f}): {c.reason}")
        lines.append(f"  members: {', '.join(c.members)}; representative: {c.representative}")
        lines.append(f"  merged comment: {c.merged_comment}")
        if c.merged_proposed_change:
            lines.append(f"  merged proposed change: {c.merged_proposed_change}")
    if series:
        lines.append("")
        lines.append("Series (one disposition for all, each place keeps its comment):")
        lines.extend(f"  {', '.join(s.members)}: {s.reason}" for s in series)
    if related:
        lines.append("")
        lines.append("Related (resolve together, do not merge):")
        lines.extend(f"  {r.a} ~ {r.b}: {r.reason}" for r in related)
    if contradictions:
        lines.append("")
        lines.append("Contradictory pairs:")
        for c in contradictions:
            lines.append(f"  {c.a} <> {c.b} (score {c.score:.2f}, {c.kind}): {c.reason}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the command; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        return _fail("analyze-comments: --threshold must lie between 0 and 1")
    try:
        comments = comments_from_form(args.file)
        if not comments:
            return _fail(f"analyze-comments: {args.file}: the form holds no comments")
        relations, contradictions = analyse(comments, args.threshold, args.positions)
    except FileNotFoundError as exc:
        return _fail(f"analyze-comments: file not found: {exc.filename}")
    except (OSError, ValueError) as exc:
        return _fail(f"analyze-comments: {exc}")
    threshold = RedundancyConfig().threshold if args.threshold is None else args.threshold
    if args.json:
        doc = to_json(args.file, comments, relations, contradictions, threshold)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(to_text(comments, relations, contradictions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
