"""The state machines: every transition not declared in states.py is refused by the service
and changes nothing; the declared ones are recorded with their time and audit event."""

from __future__ import annotations

import itertools

import pytest

from liaison.appeals import services
from liaison.appeals.models import Appeal, Dispute
from liaison.appeals.states import (
    DISPUTE_TRANSITIONS,
    TRANSITIONS,
    AppealState,
    DisputeState,
    TransitionNotAllowed,
    check_transition,
)
from liaison.audit.selectors import events_for
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts


def test_every_pair_not_declared_is_refused_by_the_one_check():
    for current, target in itertools.product(AppealState.values, repeat=2):
        if target in TRANSITIONS[current]:
            check_transition(current, target)
        else:
            with pytest.raises(TransitionNotAllowed):
                check_transition(current, target)
    for current, target in itertools.product(DisputeState.values, repeat=2):
        if target in DISPUTE_TRANSITIONS[current]:
            check_transition(current, target, dispute=True)
        else:
            with pytest.raises(TransitionNotAllowed):
                check_transition(current, target, dispute=True)


def _steps(world):
    """Each target state and the service call that moves an appeal there."""
    return {
        AppealState.ADMISSIBLE: lambda a: services.appeal_admissibility(
            actor=world.coordinator, appeal=a, admissible=True),
        AppealState.INADMISSIBLE: lambda a: services.appeal_admissibility(
            actor=world.coordinator, appeal=a, admissible=False, reason="Out of scope."),
        AppealState.UNDER_REVIEW: lambda a: services.appeal_review_start(
            actor=world.coordinator, appeal=a),
        AppealState.DECIDED: lambda a: services.appeal_decide(
            actor=world.pat, appeal=a, outcome="dismissed", reasons="The survey was fair."),
        AppealState.CLOSED: lambda a: services.appeal_close(actor=world.coordinator,
                                                            appeal=a),
    }


def _appeal_in(world, state: str) -> Appeal:
    """A fresh appeal (by a new appellant each time) brought to ``state`` through the
    services."""
    from liaison.registry import services as registry
    from liaison.registry.models import Role

    n = Appeal.objects.count() + 1
    user = registry.user_create(actor=None, username=f"appellant{n}",
                                email=f"a{n}@example.org", password="x" * 20)
    registry.membership_grant(actor=None, user=user, liaison_org=world.org,
                              role=Role.STAKEHOLDER)
    appeal = services.appeal_file(actor=user, subject=world.decision, **GROUNDS)
    services.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    path = {AppealState.FILED: [],
            AppealState.ADMISSIBLE: [AppealState.ADMISSIBLE],
            AppealState.INADMISSIBLE: [AppealState.INADMISSIBLE],
            AppealState.UNDER_REVIEW: [AppealState.ADMISSIBLE, AppealState.UNDER_REVIEW],
            AppealState.DECIDED: [AppealState.ADMISSIBLE, AppealState.UNDER_REVIEW,
                                  AppealState.DECIDED],
            AppealState.CLOSED: [AppealState.INADMISSIBLE, AppealState.CLOSED]}[state]
    steps = _steps(world)
    for target in path:
        appeal = steps[target](appeal)
    assert appeal.state == state
    return appeal


def test_every_disallowed_appeal_transition_is_refused_and_changes_nothing(world):
    steps = _steps(world)
    for state in AppealState.values:
        appeal = _appeal_in(world, state)
        for target, step in steps.items():
            if target in TRANSITIONS[state]:
                continue
            before, events = row_counts(), events_for(appeal).count()
            with pytest.raises(TransitionNotAllowed):
                step(appeal)
            appeal.refresh_from_db()
            assert appeal.state == state, (state, target)
            assert row_counts() == before and events_for(appeal).count() == events


def test_allowed_transitions_are_recorded_with_time_actor_and_event(world):
    appeal = _appeal_in(world, AppealState.DECIDED)
    assert [t.to_state for t in appeal.transitions.all()] == [
        "filed", "admissible", "under_review", "decided"]
    assert [t.from_state for t in appeal.transitions.all()] == [
        "", "filed", "admissible", "under_review"]
    verbs = [e.verb for e in events_for(appeal)]
    for verb in ("appeal.filed", "appeal.panel", "appeal.admissible", "appeal.under_review",
                 "appeal.decided"):
        assert verb in verbs
    assert appeal.decided_by == world.pat and appeal.outcome == "dismissed"


def test_dispute_states_open_mediation_resolved_or_escalated(world):
    dispute = services.dispute_open(actor=world.coordinator, subject=world.decision,
                                    objector=world.olga, argument="Fundamentally wrong.")
    assert dispute.state == DisputeState.OPEN and dispute.liaison_org == world.org
    before = row_counts()
    for bad in (lambda: services.dispute_resolve(actor=world.coordinator, dispute=dispute,
                                                 resolution="Agreed."),
                lambda: services.dispute_escalate(actor=world.coordinator, dispute=dispute,
                                                  note="No agreement.")):
        with pytest.raises(TransitionNotAllowed):
            bad()
    assert row_counts() == before
    services.dispute_mediate(actor=world.coordinator, dispute=dispute, note="Call on Monday")
    appeal = services.dispute_escalate(actor=world.coordinator, dispute=dispute,
                                       note="No agreement was reached.")
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.ESCALATED and dispute.closed_at
    assert appeal.dispute == dispute and appeal.appellant == world.olga
    assert appeal.state == AppealState.FILED
    assert "Fundamentally wrong." in appeal.grounds
    before = row_counts()
    with pytest.raises(TransitionNotAllowed):
        services.dispute_mediate(actor=world.coordinator, dispute=dispute)
    assert row_counts() == before
    assert [t.to_state for t in Dispute.objects.get(pk=dispute.pk).transitions.all()] == [
        "open", "mediation", "escalated"]


def test_a_dispute_is_resolved_with_its_resolution_text(world):
    dispute = services.dispute_open(actor=None, subject=world.decision, objector=world.olga,
                                    argument="Fundamentally wrong.")
    services.dispute_mediate(actor=world.coordinator, dispute=dispute)
    with pytest.raises(Exception, match="resolved"):
        services.dispute_resolve(actor=world.coordinator, dispute=dispute, resolution=" ")
    dispute = services.dispute_resolve(actor=world.coordinator, dispute=dispute,
                                       resolution="The comment was reworded.")
    assert dispute.state == "resolved" and dispute.resolution == "The comment was reworded."
    # each state change, and after it the notice of that step (the trigger table)
    assert [e.verb for e in events_for(dispute)] == [
        "dispute.open", "step.dispute_open", "dispute.mediation", "step.dispute_mediation",
        "dispute.resolved", "step.dispute_resolved"]
