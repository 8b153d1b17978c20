"""``liaison analyze-positions`` as a whole process on a generated Pol.is ``votes.csv``, beside
red-dwarf as a whole process on the same file (issue 16).

Each side runs in its own subprocess, measured as ``/usr/bin/time -v`` would (``os.wait4``:
user + system CPU seconds and peak RSS of that process):

- liaison: ``liaison analyze-positions votes.csv --json`` (reading, per-category figures,
  verdicts, GIC, PCA, k-means, silhouette, repness, JSON out);
- red-dwarf: read the CSV with pandas, build its votes (last vote per voter and comment),
  ``reddwarf.implementations.polis.run_pipeline``.

Sizes: 50,000 votes (1,000 x 500), 2,000,000 (10,000 x 2,000: the target, red-dwarf beside it)
and 8,000,000 (20,000 x 4,000, liaison only) for the growth; each participant sees 10% of the
statements at random (20% at 50k), three latent opinion groups, 2% of votes cast twice (the
later one counts). ``BENCH_POSITIONS_SIZES=50k,2M`` picks sizes.

Also printed: the ARI between the groups found with the silhouette on a 2,000-participant
sample (the default) and on all participants, on the 2M file (the sample is kept only if it
gives the same groups: ARI >= 0.99).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks import report

SIZES = {"50k": (1_000, 500, 50_000), "2M": (10_000, 2_000, 2_000_000),
         "8M": (20_000, 4_000, 8_000_000)}
REDDWARF = """
import sys
import pandas as pd
from reddwarf.implementations.polis import run_pipeline
df = pd.read_csv(sys.argv[1])
df = df.sort_values("timestamp", kind="stable").drop_duplicates(
    ["voter-id", "comment-id"], keep="last")
votes = [{"participant_id": p, "statement_id": s, "vote": v, "modified": t}
         for t, s, p, v in zip(df["timestamp"], df["comment-id"], df["voter-id"], df["vote"])]
run_pipeline(votes=votes, random_state=0)
"""


def write_votes(path: Path, n: int, m: int, n_votes: int, seed: int = 0) -> int:
    """A Pol.is ``votes.csv`` of ``n_votes`` distinct cells plus 2% re-votes; its size."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, n)
    leaning = rng.uniform(-1, 1, (3, m))
    cells = rng.choice(n * m, n_votes, replace=False)
    again = rng.choice(n_votes, n_votes // 50, replace=False)
    cells = np.concatenate([cells, cells[again]])
    rows, cols = cells // m, cells % m
    p = leaning[group[rows], cols] + rng.normal(0, 0.5, cells.size)
    votes = np.where(p > 0.35, 1, np.where(p < -0.35, -1, 0)).astype(np.int64)
    stamps = 1_500_000_000_000 + np.arange(cells.size, dtype=np.int64) * 37
    shuffle = rng.permutation(cells.size)  # files are not in time order
    ts = pa.array(stamps[shuffle])
    table = pa.table({
        "timestamp": ts,
        "datetime": pc.strftime(pc.cast(ts, pa.timestamp("ms")), format="%Y-%m-%dT%H:%M:%SZ"),
        "comment-id": cols[shuffle], "voter-id": rows[shuffle], "vote": votes[shuffle],
    })
    pcsv.write_csv(table, path, pcsv.WriteOptions(quoting_style="none"))
    return path.stat().st_size


def whole_process(argv: list[str]) -> tuple[float, float, float]:
    """(CPU seconds user + system, peak RSS MB, wall seconds) of ``argv`` as one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{argv[:3]} failed ({proc.returncode}): {err[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall


def liaison(path: Path) -> tuple[float, float, float]:
    """Whole-process figures of ``liaison analyze-positions``."""
    return whole_process([str(Path(sys.executable).with_name("liaison")), "analyze-positions",
                          str(path), "--json"])


def reddwarf(path: Path) -> tuple[float, float, float] | None:
    """Whole-process figures of red-dwarf, or None when it is not installed."""
    try:
        import reddwarf  # noqa: F401
    except ImportError:
        return None
    return whole_process([sys.executable, "-c", REDDWARF, str(path)])


def silhouette_sample_ari(path: Path) -> float:
    """ARI between the groups with the silhouette on the default sample and on all."""
    from sklearn.metrics import adjusted_rand_score

    from liaison.core.opinion_groups import cluster_participants, pca_projection
    from liaison.core.positions_io import read_positions

    matrix = read_positions(path).matrix
    proj = pca_projection(matrix)
    sampled = cluster_participants(proj.coords, proj.n_votes, matrix.shape[1])
    full = cluster_participants(proj.coords, proj.n_votes, matrix.shape[1],
                                silhouette_sample=matrix.shape[0] + 1)
    print(f"k with silhouette on a sample: {sampled.k}; on all: {full.k}")
    return float(adjusted_rand_score(full.labels, sampled.labels))


def main() -> int:
    chosen = os.environ.get("BENCH_POSITIONS_SIZES", "50k,2M,8M").split(",")
    figures: dict[str, tuple[object, str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-positions-") as tmp:
        for name in chosen:
            n, m, n_votes = SIZES[name]
            path = Path(tmp) / f"votes-{name}.csv"
            size = write_votes(path, n, m, n_votes)
            figures[f"{name}_file"] = (size / 2**20, "MB")
            cpu, rss, wall = liaison(path)
            figures |= {f"{name}_liaison_cpu": (cpu, "s"), f"{name}_liaison_peak_rss": (rss, "MB"),
                        f"{name}_liaison_wall": (wall, "s")}
            print(f"{name}: liaison {cpu:.2f} s CPU, {rss:.0f} MB peak", flush=True)
            if name != "8M":
                theirs = reddwarf(path)
                if theirs is None:
                    print("red-dwarf is not installed: the issue's figure for 2M is 20.3 s CPU"
                          " and 2.0 GB (another machine, not measured here)")
                else:
                    r_cpu, r_rss, r_wall = theirs
                    figures |= {
                        f"{name}_reddwarf_cpu": (r_cpu, "s"),
                        f"{name}_reddwarf_peak_rss": (r_rss, "MB"),
                        f"{name}_reddwarf_wall": (r_wall, "s"),
                        f"{name}_cpu_ratio_reddwarf_over_liaison": (r_cpu / cpu, "x"),
                        f"{name}_memory_ratio_liaison_over_reddwarf": (rss / r_rss, "x"),
                    }
                    print(f"{name}: red-dwarf {r_cpu:.2f} s CPU, {r_rss:.0f} MB peak: "
                          f"{r_cpu / cpu:.1f}x our CPU, we use {rss / r_rss:.2f} of its memory",
                          flush=True)
            if name == "2M":
                figures["2M_ari_silhouette_sample_vs_all"] = (silhouette_sample_ari(path), "")
            path.unlink()
    figures["target_cpu_ratio"] = (5.0, "x")
    figures["target_memory_ratio"] = (0.5, "x")
    report("bench_positions_process", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
