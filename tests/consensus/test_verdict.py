"""Positions and the verdict under the consensus rule, with figures computed by hand."""

from __future__ import annotations

import pytest

from liaison.consensus import services
from liaison.consensus.evaluation import evaluate_consultation
from liaison.consensus.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, coordinator):
    return services.draft_create(actor=coordinator, consultation=world["consultation"],
                                 comments=world["comments"][:2])


def test_one_of_three_opposing_in_a_category_is_sustained_until_it_changes(
        world, draft, make_stakeholder, client, coordinator):
    dee = make_stakeholder("dee", "industry")
    for who, value in (("ana", 1), ("ben", 1), ("cy", 1)):
        services.position_state(actor=world[who][0], draft=draft, value=value)
    services.position_state(actor=dee[0], draft=draft, value=-1)
    result = evaluate_consultation(world["consultation"]).of(draft.pk)
    industry = result.by_category["industry"]
    # industry: 2 support, 1 oppose → o = 1/3 ≥ θ = 1/3 with 3 ≥ m = 3 taking a position
    assert (industry.support, industry.oppose, industry.taking_position) == (2, 1, 3)
    assert industry.opposition_share == pytest.approx(1 / 3)
    assert result.by_category["consumers"].support_share == 1.0
    assert result.overall.support_share == pytest.approx(3 / 4)
    assert not result.verdict.consensus
    assert result.verdict.sustained_opposition == ("industry",)
    assert ("sustained opposition in 'Industry and commerce': 1 of 3 (33%) oppose, at or "
            "above θ = 33% (3 took a position)") in result.verdict.reasons
    assert result.verdict.rule_version == "default"
    client.force_login(coordinator)
    html = client.get(f"/consensus/{draft.consultation_id}/verdict/").content.decode()
    assert "sustained opposition" in html and "<title" in html and "<desc" in html

    services.position_state(actor=dee[0], draft=draft, value=2)  # can live with it
    verdict = evaluate_consultation(world["consultation"])
    assert verdict.of(draft.pk).verdict.consensus and verdict.consensus
    assert verdict.of(draft.pk).overall.support_share == 1.0


def test_a_fundamental_objection_blocks_until_resolved(world, draft, coordinator):
    services.position_state(actor=world["ana"][0], draft=draft, value=1)
    services.position_state(actor=world["ben"][0], draft=draft, value=1)
    position = services.position_state(actor=world["cy"][0], draft=draft, value=-2,
                                       argument="EDTF is not an ISO standard we can cite.")
    objection = Objection.objects.get(position=position)
    result = evaluate_consultation(world["consultation"]).of(draft.pk)
    # consumers: 1 of 1 against, but 1 < m = 3 and not required: not a category flag;
    # the unresolved fundamental objection blocks; overall 2 of 3 = 67% ≥ τ.
    assert result.verdict.sustained_opposition == ()
    assert not result.verdict.consensus and result.blocking_objections == 1
    assert "1 unresolved fundamental objection" in result.verdict.reasons
    services.objection_resolve(actor=coordinator, objection=objection,
                               resolution="ISO 8601-2 is an ISO standard; explained at the "
                                          "meeting of 3 March.")
    result = evaluate_consultation(world["consultation"]).of(draft.pk)
    assert result.verdict.consensus
    assert result.overall.support_share == pytest.approx(2 / 3)


def test_changing_a_fundamental_objection_withdraws_it(world, draft):
    cy = world["cy"][0]
    services.position_state(actor=cy, draft=draft, value=-2, argument="No.")
    services.position_state(actor=cy, draft=draft, value=-1)
    assert Objection.objects.get().state == Objection.State.WITHDRAWN


def test_the_cached_matrix_follows_every_change(world, draft, make_stakeholder):
    """Evaluate, change positions, evaluate again: always what a full reload gives."""
    from liaison.consensus import evaluation

    consultation = world["consultation"]
    services.position_state(actor=world["ana"][0], draft=draft, value=1)
    assert evaluate_consultation(consultation).of(draft.pk).overall.support == 1
    services.position_state(actor=world["ana"][0], draft=draft, value=-1)
    services.position_state(actor=world["ben"][0], draft=draft, value=1)
    cached = evaluate_consultation(consultation).of(draft.pk).overall
    evaluation.forget()
    assert evaluate_consultation(consultation).of(draft.pk).overall == cached
    assert (cached.support, cached.oppose) == (1, 1)
