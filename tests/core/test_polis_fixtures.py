"""Against Pol.is's own math output (red-dwarf's fixtures): GIC exact, repness exact, PCA equal,
opinion groups close (ARI reported in docs/analysis.md)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from liaison.core.consensus import PositionMatrix, group_informed_consensus
from liaison.core.opinion_groups import opinion_groups, pca_projection, representative_statements

FIXTURES = [
    "25ptpt-3gp-no-strict-with-meta",
    "150ptpt-3gp-no-strict-no-meta",
    "50ptpt-3gp-strict-no-meta",
    "above-100-ptpts",
    "below-100-ptpts",
]


def load(folder):
    math = json.loads((folder / "math-pca2.json").read_text())
    votes = json.loads((folder / "votes.json").read_text())
    votes = sorted(
        (
            float(v["modified"]),
            v.get("participant_id", v.get("pid")),
            v.get("statement_id", v.get("tid")),
            v["vote"],
        )
        for v in votes
    )
    matrix = PositionMatrix.from_triplets((p, s, v) for _, p, s, v in votes)
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
    group = {str(p): g["id"] for g in math["group-clusters"] for b in g["members"] for p in base[b]}
    labels = np.array([group.get(p, -1) for p in matrix.participants])
    return math, matrix, labels


@pytest.fixture(params=FIXTURES)
def fixture(request, shared_data):
    return load(shared_data / "polis-math-fixtures-reddwarf" / request.param)


def test_gic_matches_polis_exactly(fixture):
    math, matrix, labels = fixture
    gic = group_informed_consensus(matrix, labels)
    index = {s: j for j, s in enumerate(matrix.statements)}
    for tid, expected in math["group-aware-consensus"].items():
        assert gic.agree[index[tid]] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_repness_selection_matches_polis(fixture):
    math, matrix, labels = fixture
    mod_out = frozenset(str(t) for t in math["mod-out"])
    ours = representative_statements(matrix, labels, exclude=mod_out)
    for gid, entries in math["repness"].items():
        assert {str(e["tid"]) for e in entries} == {r.statement for r in ours[int(gid)]}
        mine = {r.statement: r for r in ours[int(gid)]}
        for e in entries:
            r = mine[str(e["tid"])]
            if r.repful_for == e["repful-for"]:
                assert r.n_success == e["n-success"] and r.n_trials == e["n-trials"]
                assert r.p_test == pytest.approx(e["p-test"], rel=1e-6)
                assert r.repness == pytest.approx(e["repness"], rel=1e-6)


def test_pca_components_match_polis(fixture):
    math, matrix, _ = fixture
    proj = pca_projection(matrix, exclude=frozenset(str(t) for t in math["mod-out"]))
    index = {s: j for j, s in enumerate(matrix.statements)}
    order = [index[str(t)] for t in sorted(int(s) for s in matrix.statements)]
    theirs = np.array(math["pca"]["comps"])
    for k in range(2):
        r = np.corrcoef(proj.components[k, order], theirs[k])[0, 1]
        assert abs(r) > 0.99


def test_groups_agree_with_polis(fixture):
    math, matrix, labels = fixture
    groups = opinion_groups(matrix, exclude=frozenset(str(t) for t in math["mod-out"]))
    both = (labels >= 0) & (groups.clustering.labels >= 0)
    ari = adjusted_rand_score(labels[both], groups.clustering.labels[both])
    assert ari > 0.2  # Pol.is clusters base clusters with k-smoothing; see docs/analysis.md
