"""Benchmark of draft-structure extraction (:mod:`liaison.core.draftdoc`) on generated
ISO-style drafts (``benchmarks/draftgen.py``; why generated: ``benchmarks/data/README.md``).

Three PDF drafts (line numbers running through the document, or restarting on each page) are
read once each; then 200 selections are sampled at random from their known text, as a reader
would select: a run of at least 4 words inside one printed line, or (one in four) from the
middle of one line to the middle of the next within the same paragraph or table. A selection
is right when :func:`~liaison.core.draftdoc.locate` gives the clause and the printed line(s)
the generator recorded. Target: clause and line right for at least 95% of the 200.
Prints ``name: value unit`` lines and writes ``benchmarks/results/bench_draftdoc.json``.
"""

from __future__ import annotations

import random
import time

from benchmarks import report
from benchmarks.draftgen import TruthLine, pdf_bytes, plan
from liaison.core.draftdoc import locate, read_draft

DRAFTS = ((11, False, 30), (12, True, 30), (13, False, 60))
SELECTIONS = 200
TARGET = 0.95


def _selection(rng: random.Random, lines: list[TruthLine], i: int) -> tuple[str, str] | None:
    """(quote, expected line range) for a selection starting in ``lines[i]``."""
    first = lines[i]
    words = first.text.split()
    following = lines[i + 1] if i + 1 < len(lines) else None
    if (following is not None and rng.random() < 0.25 and following.page == first.page
            and (following.clause, following.element) == (first.clause, first.element)):
        tail, head = words[len(words) // 2:], following.text.split()
        quote = " ".join(tail + head[:max(1, len(head) // 2)])
        return quote, f"{first.line}-{following.line}"
    if len(words) < 4:
        return None
    length = rng.randint(4, len(words))
    start = rng.randint(0, len(words) - length)
    return " ".join(words[start:start + length]), str(first.line)


def main() -> int:
    rng = random.Random(2026)
    samples, seconds, pages = [], 0.0, 0
    for seed, restart, clauses in DRAFTS:
        draft = plan(seed=seed, clauses=clauses)
        data = pdf_bytes(draft, restart=restart)
        started = time.perf_counter()
        structure = read_draft(data, f"draft-{seed}.pdf")
        seconds += time.perf_counter() - started
        pages += structure.pages
        samples.extend((structure, draft.lines, i) for i in range(len(draft.lines)))
    right = clause_right = tried = 0
    misses = []
    while tried < SELECTIONS:
        structure, lines, i = rng.choice(samples)
        picked = _selection(rng, lines, i)
        if picked is None:
            continue
        tried += 1
        quote, expected = picked
        found = locate(structure, quote, lines[i].page)
        clause_ok = found is not None and found.clause == lines[i].clause
        clause_right += clause_ok
        if clause_ok and found.line == expected:
            right += 1
        elif len(misses) < 5:
            misses.append({"quote": quote, "expected": [lines[i].clause, expected],
                           "found": [found.clause, found.line] if found else None})
    share = right / SELECTIONS
    report("bench_draftdoc", {
        "drafts": (len(DRAFTS), "PDF"),
        "pages": (pages, "pages"),
        "extraction_seconds_per_page": (seconds / pages, "s"),
        "selections": (SELECTIONS, ""),
        "clause_right": (clause_right / SELECTIONS, "share"),
        "clause_and_line_right": (share, "share"),
        "target": (TARGET, "share"),
    }, extra={"misses": misses})
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
