"""Benchmark of the ISO comment-form readers and writers on a 5,000-row form.

Each case (export and import, .docx and .xlsx) runs in a fresh Python process so its peak
memory can be measured: ``peak`` is the process's maximum resident set size, ``delta`` how much
the operation added on top of the process after setup. Wall-clock and CPU seconds are both
reported (wall time suffers when other jobs share the machine). Prints ``name: value unit``
lines and writes benchmarks/results/bench_isoform.json. Target: every case under 5 s.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROWS = 5000
CASES = ("docx_export", "docx_import", "xlsx_export", "xlsx_import")
RESULTS = Path(__file__).resolve().parent / "results" / "bench_isoform.json"
WORDS = [
    "the",
    "shall",
    "clause",
    "requirement",
    "table",
    "figure",
    "should",
    "be",
    "changed",
    "to",
    "read",
    "as",
    "follows",
    "normative",
    "informative",
    "annex",
    "note",
    "example",
    "définition",
    "規格",
]


def make_form(rows: int = ROWS):
    """A realistic form: IDs, clauses, 2-line comments of ~80 words, proposals, observations."""
    from liaison.core.isoform import CommentForm, CommentRow

    rnd = random.Random(5000)

    def text(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    return CommentForm(
        date="2024-05-01",
        document="ISO/CD 99999",
        project="Benchmark",
        rows=[
            CommentRow(
                f"US-{i:04d}",
                "US",
                str(i),
                f"{i % 20}.{i % 7}",
                f"Table {i % 5}",
                rnd.choice(["ge", "te", "ed"]),
                text(60) + "\n" + text(20),
                text(30),
                rnd.choice(["Accepted", "Noted", "Rejected\nOut of scope"]),
            )
            for i in range(rows)
        ],
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def run_case(name: str) -> dict[str, float]:
    """Time one case in this process; returns seconds, peak and delta RSS in MB."""
    from liaison.core.isoform import read_form, write_form

    fmt, action = name.split("_")
    form = make_form()
    data = write_form(form, fmt) if action == "import" else b""
    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    if action == "export":
        out = write_form(form, fmt)
    else:
        back = read_form(data, filename=f"bench.{fmt}")
        assert back.rows == form.rows
        out = data
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _rss_mb()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak,
        "delta_mb": max(0.0, peak - before),
        "bytes": len(out),
    }


def main() -> None:
    """Run every case in its own process, print the figures and write the JSON results."""
    results: dict[str, dict[str, float]] = {}
    for name in CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True
        )
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        figures = results[name]
        print(f"isoform_{name}_{ROWS}_rows: {figures['seconds']:.2f} s")
        print(f"isoform_{name}_{ROWS}_rows_cpu: {figures['cpu_seconds']:.2f} s")
        print(f"isoform_{name}_{ROWS}_rows_peak_rss: {figures['peak_mb']:.1f} MB")
        print(f"isoform_{name}_{ROWS}_rows_added_rss: {figures['delta_mb']:.1f} MB")
        print(f"isoform_{name}_{ROWS}_rows_file_size: {figures['bytes'] / 1e6:.2f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": ROWS, "cases": results}, indent=2) + "\n")
    slow = [name for name, figures in results.items() if figures["seconds"] >= 5]
    if slow:
        print(f"SLOW (>= 5 s): {', '.join(slow)}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])))
    else:
        main()
