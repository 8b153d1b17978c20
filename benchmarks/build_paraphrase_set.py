"""Build ``benchmarks/data/wg21-paraphrase/pairs.csv``: labelled pairs of comment-like texts
that make the same point in other words (label 1) or different points (label 0), from the
public WG21 ballot data in the shared data folder (method and licence in that folder's
README). Deterministic: run it again and the file is the same.

Positives, per LWG/CWG issue that resolves a national-body comment: the NB comment (comment +
proposed change) and the issue's title, which the issues list's editor wrote to state the
comment's point in other words (``kind`` = ``title``).
Negatives, per positive: the same NB comment against the title of another issue of
the same ballot that resolves none of that comment's related comments — the lexically closest
such issue (a hard negative) and one drawn at random (seeded).
"""

from __future__ import annotations

import csv
import json
import random

import numpy as np

from benchmarks import ROOT, shared_data
from benchmarks.eval_redundancy import BALLOTS, load_ballot
from liaison.core.similarity import _row_dots, word_tfidf

OUT = ROOT / "data" / "wg21-paraphrase" / "pairs.csv"
ISSUES = {key: name.replace("nb_comments_flat_", "wg21_issues_").replace(".csv", ".json")
          for key, name in BALLOTS.items()}


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def build() -> list[dict[str, str]]:
    folder = shared_data() / "cpp-nb-comments-wg21"
    rng = random.Random(15)
    rows: list[dict[str, str]] = []
    for key in BALLOTS:
        comments, _truth = load_ballot(folder, key)
        by_nb = {c.id: c for c in comments}
        issues = [i for i in json.loads((folder / ISSUES[key]).read_text(encoding="utf-8"))
                  if i.get("title") and any(nb in by_nb for nb in i["nb_ids"])]
        positives: list[tuple[str, str, str, int]] = []  # nb_id, kind, text, issue index
        for n, issue in enumerate(issues):
            nb = next(nb for nb in issue["nb_ids"] if nb in by_nb)
            positives.append((nb, "title", _clean(issue["title"]), n))
        texts = [_clean(by_nb[nb].text) for nb, *_ in positives] + [t for _, _, t, _ in positives]
        vec = word_tfidf([t.lower() for t in texts], ngram_max=1)
        m = len(positives)
        for p, (nb, kind, text, n) in enumerate(positives):
            comment = _clean(by_nb[nb].text)
            rows.append(_row(key, nb, issues[n]["issue"], kind, comment, text, 1))
            related = {nb} | set(issues[n]["nb_ids"])
            others = [q for q, (_, k2, _, n2) in enumerate(positives)
                      if k2 == kind and n2 != n and not related & set(issues[n2]["nb_ids"])
                      and not related & set(issues[n2].get("duplicate_of_nb_ids") or [])]
            if not others:
                continue
            sims = _row_dots(vec, np.full(len(others), p), np.array(others) + m)
            hard = others[int(np.argmax(sims))]
            easy = rng.choice([q for q in others if q != hard] or [hard])
            for q in dict.fromkeys((hard, easy)):
                rows.append(_row(key, nb, issues[positives[q][3]]["issue"], kind, comment,
                                 positives[q][2], 0))
    return rows


def _row(ballot, nb, issue, kind, a, b, label) -> dict[str, str]:
    return {"ballot": ballot, "nb_id": nb, "issue": issue, "kind": kind, "label": str(label),
            "text_a": a, "text_b": b}


def main() -> int:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    pos = sum(r["label"] == "1" for r in rows)
    print(f"pairs: {len(rows)} ({pos} same point, {len(rows) - pos} different) -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
