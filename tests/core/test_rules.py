"""The consensus rule: thresholds, importance, required groups, fundamental objections."""

from __future__ import annotations

import pytest

from liaison.core.consensus import Tally
from liaison.core.rules import ConsensusRule, evaluate_statement


def test_rule_validates_and_serialises():
    with pytest.raises(ValueError):
        ConsensusRule(opposition_threshold=0)
    with pytest.raises(ValueError):
        ConsensusRule(min_members=0)
    d = ConsensusRule(version="v2", required_groups=frozenset({"x"})).as_dict()
    assert d["version"] == "v2" and d["required_groups"] == ["x"]


def test_small_category_is_not_important_unless_required():
    overall = Tally(support=8, oppose=2)
    small = {"smes": Tally(support=1, oppose=1), "big": Tally(support=7, oppose=1)}
    v = evaluate_statement("s", overall, small)
    assert v.consensus  # smes: o = 1/2 ≥ θ but only 2 < m = 3 took a position
    rule = ConsensusRule(required_groups=frozenset({"smes"}))
    v = evaluate_statement("s", overall, small, rule)
    assert not v.consensus and v.sustained_opposition == ("smes",)
    assert "a required group" in v.reasons[0]


def test_theta_boundary_is_inclusive():
    cats = {"g": Tally(support=2, oppose=1)}  # o = 1/3 exactly
    v = evaluate_statement("s", Tally(support=20, oppose=1), cats)
    assert not v.consensus and v.sustained_opposition == ("g",)


def test_tau_boundary_and_abstentions_ignored():
    v = evaluate_statement("s", Tally(support=2, oppose=1, abstain=10), {})
    assert v.consensus and v.support_share == pytest.approx(2 / 3)
    v = evaluate_statement("s", Tally(support=3, oppose=2), {})
    assert not v.consensus and any("below τ" in r for r in v.reasons)


def test_fundamental_objection_blocks_unless_resolved_or_rule_says_not():
    t = Tally(support=9, fundamental_objection=1)
    assert not evaluate_statement("s", t, {}).consensus
    assert evaluate_statement("s", t, {}, objections_resolved=True).consensus
    rule = ConsensusRule(fundamental_objections_block=False)
    v = evaluate_statement("s", t, {}, rule)
    assert v.consensus and any("not blocking" in r for r in v.reasons)


def test_required_group_silent_blocks():
    rule = ConsensusRule(required_groups=frozenset({"consumers"}))
    v = evaluate_statement("s", Tally(support=5), {"industry": Tally(support=5)}, rule)
    assert not v.consensus
    assert "required group 'consumers' took no position" in v.reasons


def test_required_group_that_all_abstained_took_a_position():
    """Hand-computed: industry 4 support + 1 oppose (s = 4/5 = 80% ≥ τ, o = 20% < θ);
    government's only member abstained: it took a position, so consensus holds and the verdict
    says government abstained (by its label)."""
    rule = ConsensusRule(required_groups=frozenset({"government"}))
    overall = Tally(support=4, oppose=1, abstain=1)
    cats = {"industry": Tally(support=4, oppose=1), "government": Tally(abstain=1)}
    v = evaluate_statement("s", overall, cats, rule, labels={"government": "Government",
                                                              "industry": "Industry"})
    assert v.consensus and v.support_share == pytest.approx(0.8)
    assert "required group 'Government' abstained (an abstention is a position)" in v.reasons
    assert not any("took no position" in r for r in v.reasons)


def test_everyone_abstaining_is_still_no_consensus():
    """All 3 abstain (the required group too): its abstention is a position, but nobody is for
    or against, so s is undefined and there is no consensus."""
    rule = ConsensusRule(required_groups=frozenset({"government"}))
    v = evaluate_statement("s", Tally(abstain=3), {"government": Tally(abstain=3)}, rule)
    assert not v.consensus
    assert [r.code for r in v.reasons] == ["required_group_abstained", "nobody_took_position"]


def test_reasons_name_categories_by_label_never_by_code():
    """government: 1 of 2 oppose (o = 50% ≥ θ = 33%), required → sustained; consumers, also
    required, has no member at all → silent. Both named by label; the code stays only in
    ``sustained_opposition``."""
    rule = ConsensusRule(required_groups=frozenset({"government", "consumers"}))
    labels = {"government": "Government", "consumers": "Consumers and public interest"}
    v = evaluate_statement("s", Tally(support=9, oppose=1),
                           {"government": Tally(support=1, oppose=1)}, rule, labels=labels)
    assert not v.consensus and v.sustained_opposition == ("government",)
    assert v.reasons[0] == ("sustained opposition in 'Government': 1 of 2 (50%) oppose, at or "
                            "above θ = 33% (a required group)")
    assert "required group 'Consumers and public interest' took no position" in v.reasons
    assert not any("'government'" in r or "'consumers'" in r for r in v.reasons)
