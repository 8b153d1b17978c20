"""``liaison analyze-comments`` as a whole process on 10,000 comments (issue 16): targets
< 2 s CPU and < 300 MB peak RSS for the whole process (reading the form, redundancy,
contradictions, JSON out).

The comments are ``bench_similarity``'s (perturbed WG21 national-body comments), written as an
ISO comment form in CSV. Measured like ``/usr/bin/time -v`` (``os.wait4`` on the subprocess);
the bare start-up (``liaison analyze-comments --help``: interpreter and imports) is measured
the same way, to tell what the imports cost from what the work costs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks import report
from benchmarks.bench_positions_process import whole_process
from benchmarks.bench_similarity import synthetic_comments

N_COMMENTS = 10_000


def write_form(path: Path, n: int = N_COMMENTS) -> None:
    """``n`` synthetic comments as an ISO comment form in CSV."""
    from liaison.core.isoform import CommentForm, CommentRow, write_form

    rows = [CommentRow(id=c.id, mb=c.author or "BO", line=c.line, clause=c.clause,
                       element=c.element, type=c.type or "te", comment=c.comment,
                       proposed_change=c.proposed_change)
            for c in synthetic_comments(n)]
    path.write_bytes(write_form(CommentForm(document="ISO/DIS 0000", rows=rows), "csv"))


def main() -> int:
    liaison = str(Path(sys.executable).with_name("liaison"))
    with tempfile.TemporaryDirectory(prefix="bench-comments-") as tmp:
        form = Path(tmp) / "comments.csv"
        write_form(form)
        cpu, rss, wall = whole_process([liaison, "analyze-comments", str(form), "--json"])
        start_cpu, start_rss, _ = whole_process([liaison, "analyze-comments", "--help"])
    report("bench_comments_process", {
        "comments": (N_COMMENTS, ""),
        "whole_process_cpu": (cpu, "s"),
        "whole_process_peak_rss": (rss, "MB"),
        "whole_process_wall": (wall, "s"),
        "startup_cpu": (start_cpu, "s"),
        "startup_peak_rss": (start_rss, "MB"),
        "target_cpu": (2.0, "s"),
        "target_peak_rss": (300.0, "MB"),
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
