"""On the shared WG21 ballots: the labelled non-contradictions stay unflagged, and one text
about two paragraphs of one clause is a series, not a cluster."""

from __future__ import annotations

import csv

from benchmarks.eval_redundancy import load_ballot

from liaison.core.contradiction import find_contradictions
from liaison.core.relations import find_relations


def test_no_labelled_pair_is_flagged_as_contradictory(shared_data):
    folder = shared_data / "cpp-nb-comments-wg21"
    flagged = set()
    for key in ("cxx0x", "cxx14", "cxx17", "cxx20"):
        comments, _ = load_ballot(folder, key)
        flagged |= {frozenset((x.a, x.b)) for x in find_contradictions(comments)}
    labels = shared_data / "contradiction-labels" / "contradiction_labels_dev.csv"
    with labels.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 68
    assert not [r for r in rows if frozenset((r["a"], r["b"])) in flagged]


def test_cxx17_same_text_on_two_paragraphs_is_a_series(shared_data):
    comments, _ = load_ballot(shared_data / "cpp-nb-comments-wg21", "cxx17")
    found = find_relations(comments)
    assert not any({"US 125", "US 126"} <= set(c.members) for c in found.clusters)
    [series] = [s for s in found.series if "US 125" in s.members]
    assert set(series.members) == {"US 125", "US 126"}
    assert series.places == ("[util.smartptr.shared.const] p4", "[util.smartptr.shared.const] p8")
