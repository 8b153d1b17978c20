"""Consensus ↔ appeals: an objection that cannot be overcome opens a dispute; its outcome (in
mediation, or by the panel of the appeal it was escalated to) is recorded back on the
objection; the panel of an appeal against a consensus decision excludes whoever took part in
it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from liaison.appeals import conflicts
from liaison.appeals import services as appeals
from liaison.appeals.models import Dispute
from liaison.consensus import services
from liaison.consensus.models import Objection
from liaison.registry.models import Role
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db

ARGUMENT = "Consumers cannot read EDTF; cite a plain profile."


@pytest.fixture
def objected(world, coordinator):
    draft = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                  comments=world["comments"][:2])
    services.position_state(actor=world["ana"][0], draft=draft, value=1)
    services.position_state(actor=world["ben"][0], draft=draft, value=1)  # 2 of 3 in favour
    services.position_state(actor=world["cy"][0], draft=draft, value=-2, argument=ARGUMENT)
    return draft, Objection.objects.get(draft=draft)


def _dispose_all(world, coordinator):
    for c in world["comments"][2:]:
        services.disposition_set(actor=coordinator, comment=c, kind="noted",
                                 reason="Kept for the next revision.")


def test_an_objection_not_overcome_opens_a_dispute_visible_in_appeals(world, objected,
                                                                      coordinator, client):
    draft, objection = objected
    client.force_login(coordinator)
    base = f"/consensus/{draft.consultation_id}"
    response = client.post(f"{base}/objections/{objection.pk}/dispute/")
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    objection.refresh_from_db()
    assert objection.state == "disputed" and objection.dispute_ref == dispute.reference
    assert dispute.objector == world["cy"][0] and dispute.argument == ARGUMENT
    assert dispute.subject == objection

    page = client.get(f"{base}/drafts/{draft.pk}/").content.decode()
    assert f'href="/appeals/disputes/{dispute.pk}/"' in page
    assert client.get(f"/appeals/disputes/{dispute.pk}/").status_code == 200
    # still blocking: a disputed objection is not a resolved one
    _dispose_all(world, coordinator)
    with pytest.raises(services.FinalizationBlocked):
        services.position_finalize(actor=coordinator, consultation=world["consultation"])
    # twice is refused, nothing changes
    before = row_counts()
    again = client.post(f"{base}/objections/{objection.pk}/dispute/")
    assert again.status_code == 409 and "Only an open objection" in again.content.decode()
    assert row_counts() == before


def test_resolving_the_dispute_resolves_the_objection_and_unblocks_finalization(
        world, objected, coordinator):
    from liaison.consensus.disputes import objection_dispute

    _draft, objection = objected
    dispute = objection_dispute(actor=coordinator, objection=objection)
    appeals.dispute_mediate(actor=coordinator, dispute=dispute, note="Call on 3 March.")
    appeals.dispute_resolve(actor=coordinator, dispute=dispute,
                            resolution="A plain-language note on EDTF is added.")
    objection.refresh_from_db()
    assert objection.state == "resolved" and objection.resolved_by == coordinator
    assert objection.resolution == (f"Dispute {dispute.reference} resolved: A plain-language "
                                    "note on EDTF is added.")
    _dispose_all(world, coordinator)
    services.position_finalize(actor=coordinator, consultation=world["consultation"])


def test_an_escalated_dispute_is_settled_by_the_panel_and_recorded_back(
        world, objected, coordinator, make_user):
    from liaison.consensus.disputes import objection_dispute

    _draft, objection = objected
    dispute = objection_dispute(actor=coordinator, objection=objection)
    appeals.dispute_mediate(actor=coordinator, dispute=dispute)
    appeal = appeals.dispute_escalate(actor=coordinator, dispute=dispute,
                                      note="No agreement on the profile.")
    assert appeal.dispute == dispute and appeal.subject == objection
    pat = make_user(Role.APPEALS_PANEL, username="pat")
    appeals.appeal_admissibility(actor=coordinator, appeal=appeal, admissible=True)
    appeals.appeal_panel_set(actor=coordinator, appeal=appeal, members=[pat])
    appeals.appeal_review_start(actor=coordinator, appeal=appeal)
    objection.refresh_from_db()
    assert objection.state == "disputed"
    appeals.appeal_decide(actor=pat, appeal=appeal, outcome="partly_upheld",
                          reasons="The profile stays; a plain note is added.")
    objection.refresh_from_db()
    assert objection.state == "resolved" and objection.resolved_by == pat
    assert objection.resolution.startswith(f"Appeal {appeal.reference} decided (partly "
                                           "upheld): The profile stays")


def test_the_panel_excludes_whoever_took_part_in_a_consensus_decision(
        world, objected, coordinator, make_user):
    draft, objection = objected
    ana = world["ana"][0]
    # a panel member who stated a position / drafted is conflicted on the verdict
    from liaison.registry import services as registry

    registry.membership_grant(actor=None, user=ana, liaison_org=world["consultation"]
                              .liaison_org, role=Role.APPEALS_PANEL)
    services.objection_resolve(actor=coordinator, objection=objection, resolution="Agreed.")
    _dispose_all(world, coordinator)
    services.position_finalize(actor=coordinator, consultation=world["consultation"])
    submission = services.position_submit(actor=coordinator,
                                          consultation=world["consultation"])
    disposition = world["comments"][2].disposition

    on_verdict = conflicts.conflicts(draft, world["cy"][0])
    assert "took part in the decision: stated a position on TMI-CC001" in on_verdict[ana.pk]
    assert any("drafted TMI-CC001" in r for r in on_verdict[coordinator.pk])
    on_submission = conflicts.conflicts(submission, world["cy"][0])
    assert "took part in the decision: stated a position on TMI-CC001" in on_submission[ana.pk]
    assert any("consensus.finalize" in r for r in on_submission[coordinator.pk])
    on_disposition = conflicts.conflicts(disposition, world["cy"][0])
    assert any("disposition.set" in r for r in on_disposition[coordinator.pk])

    # and the appeal service refuses ana on the panel of an appeal against the submission
    appeal = appeals.appeal_file(actor=world["cy"][0], subject=submission,
                                 summary="The verdict ignored consumers.",
                                 grounds="Our objection was overruled without a dispute.")
    with pytest.raises(ValidationError) as refused:
        appeals.appeal_panel_set(actor=coordinator, appeal=appeal, members=[ana])
    assert "stated a position on TMI-CC001" in str(refused.value)
    clean = make_user(Role.APPEALS_PANEL, username="quinn")
    appeals.appeal_panel_set(actor=coordinator, appeal=appeal, members=[clean])
    assert appeal.decision_at == submission.submitted_at
