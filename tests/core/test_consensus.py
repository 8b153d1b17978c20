"""Consensus figures and group-informed consensus on small hand-computed matrices."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.core.consensus import (
    UNCATEGORIZED,
    Position,
    PositionMatrix,
    category_figures,
    group_informed_consensus,
    parse_position,
)
from liaison.core.opinion_groups import opinion_groups, pca_projection
from liaison.core.rules import evaluate

NAN = float("nan")


def small() -> PositionMatrix:
    # p0..p3 in "industry", p3 also in "consumers", p4 in nothing
    values = [
        [1, 2, NAN],
        [1, -1, 0],
        [-1, -2, 0],
        [2, 1, NAN],
        [0, NAN, NAN],
    ]
    cats = {"0": ["industry"], "1": ["industry"], "2": ["industry"], "3": ["industry", "consumers"]}
    return PositionMatrix.from_dense(values, categories=cats)


def test_parse_position_words_and_codes():
    assert parse_position(" Can live with it ") is Position.CAN_LIVE_WITH
    assert parse_position("agree") is Position.SUPPORT
    assert parse_position("-1") is Position.OPPOSE
    assert parse_position("pass") is Position.ABSTAIN
    with pytest.raises(ValueError):
        parse_position("maybe")
    with pytest.raises(ValueError):
        parse_position("nan")


def test_category_figures_hand_computed():
    f = category_figures(small())
    assert f.categories == ("consumers", "industry", UNCATEGORIZED)
    industry = f.categories.index("industry")
    t = f.tally(0, industry)  # statement 0: support, support, oppose, can live
    assert (t.support, t.can_live_with, t.oppose) == (2, 1, 1)
    assert t.support_share == pytest.approx(3 / 4)
    assert t.opposition_share == pytest.approx(1 / 4)
    t1 = f.tally(1, industry)  # can live, oppose, fundamental, support
    assert t1.opposition_share == pytest.approx(2 / 4)
    assert t1.fundamental_objection == 1
    overall = f.tally(0)
    assert overall.abstain == 1 and overall.taking_position == 4
    assert f.tally(2).support_share is None  # only abstentions


def test_verdicts_and_reasons():
    verdicts = evaluate(category_figures(small()))
    v0, v1, v2 = verdicts
    assert v0.consensus and v0.support_share == pytest.approx(0.75)
    assert "no sustained opposition in any category" in v0.reasons
    assert not v1.consensus
    assert "industry" in v1.sustained_opposition
    assert any("fundamental objection" in r for r in v1.reasons)
    assert not v2.consensus and v2.support_share is None
    assert "nobody took a position" in v2.reasons


def test_gic_hand_computed():
    m = small()
    labels = np.array([0, 0, 1, 1, -1])
    gic = group_informed_consensus(m, labels)
    # statement 0: group 0 A=2 S=2 -> 3/4; group 1 A=1 S=2 -> 2/4
    assert gic.agree[0] == pytest.approx(0.75 * 0.5)
    assert gic.geometric_mean[0] == pytest.approx(math.sqrt(0.75 * 0.5))
    # statement 2: group 0 A=0 S=1 -> 1/3; group 1 A=0 S=1 -> 1/3
    assert gic.agree[2] == pytest.approx(1 / 9)


def test_gic_without_groups_is_one_group():
    m = small()
    gic = group_informed_consensus(m, np.full(5, -1))
    assert gic.agree[0] == pytest.approx((3 + 1) / (5 + 2))


def test_duplicate_cells_rejected():
    with pytest.raises(ValueError):
        PositionMatrix(("a",), ("s",), np.array([0, 0]), np.array([0, 0]), np.array([1, 1]))


def test_from_dense_rejects_unknown_codes():
    with pytest.raises(ValueError):
        PositionMatrix.from_dense([[3.0]])
    with pytest.raises(ValueError):
        PositionMatrix.from_dense([[0.5]])


def test_empty_matrix_is_defined():
    m = PositionMatrix.from_dense(np.zeros((0, 0)))
    assert evaluate(category_figures(m)) == []
    g = opinion_groups(m)
    assert g.clustering.k == 0 and g.repness == []


def test_one_participant_and_unvoted_statement():
    m = PositionMatrix.from_dense([[1, NAN]])
    verdicts = evaluate(category_figures(m))
    assert verdicts[0].consensus is True  # 1 of 1 in favour: 100% ≥ τ, no category of ≥ m
    assert verdicts[1].support_share is None
    g = opinion_groups(m)
    assert g.clustering.k == 0  # 1 vote < min(7, 2 statements): nobody can be clustered
    assert np.isfinite(pca_projection(m).coords).all()


cell = st.one_of(st.just(NAN), st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0]))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 6).flatmap(
        lambda n: st.integers(0, 5).flatmap(
            lambda m: st.lists(st.lists(cell, min_size=m, max_size=m), min_size=n, max_size=n)
        )
    ),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=6),
)
def test_property_any_matrix_gives_defined_verdicts(rows, cats):
    n = len(rows)
    m = len(rows[0]) if rows else 0
    values = np.array(rows, dtype=float).reshape(n, m)
    categories = {str(i): [c] for i, c in enumerate(cats[:n])}
    matrix = PositionMatrix.from_dense(values, categories=categories)
    for v in evaluate(category_figures(matrix)):
        assert isinstance(v.consensus, bool)
        for share in (v.support_share, v.opposition_share):
            assert share is None or (0.0 <= share <= 1.0)
        assert v.reasons
    groups = opinion_groups(matrix)
    assert np.isfinite(groups.projection.coords).all()
    gic = group_informed_consensus(matrix, groups.clustering.labels)
    assert np.isfinite(gic.agree).all() and ((gic.agree > 0) & (gic.agree <= 1)).all()
