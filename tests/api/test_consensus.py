"""Positions and dispositions (consensus app) through the API, under its pages' rules."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from liaison.access.rules import ACTIONS
from liaison.consensus import services as consensus
from liaison.consensus.models import Disposition, Draft, Position
from liaison.consultations import services
from liaison.registry.models import Role
from tests.api.conftest import counts, pass_deadline

ALL = list(Role.values)


@dataclass
class World:
    consultation: object
    draft: Draft
    merged: object  # alice's comment, merged into the draft
    other: object  # bob's comment, no disposition yet
    alice: object  # Api
    bob: object


@pytest.fixture
def world(consultation, coordinator, person) -> World:
    _, alice_profile, alice = person(Role.STAKEHOLDER, username="alice")
    _, bob_profile, bob = person(Role.STAKEHOLDER, username="bob")
    first = services.comment_create(actor=None, consultation=consultation,
                                    author=alice_profile, submit=True, clause="5.2",
                                    type="te", comment="Use EDTF for approximate dates.")
    second = services.comment_create(actor=None, consultation=consultation,
                                     author=bob_profile, submit=True, clause="6",
                                     type="ed", comment="Typo in the title.")
    pass_deadline(consultation)
    consensus.consolidation_start(actor=coordinator, consultation=consultation)
    draft = consensus.draft_create(actor=coordinator, consultation=consultation,
                                   comments=[first])
    return World(consultation, draft, first, second, alice, bob)


def base(world) -> str:
    return f"/consultations/{world.consultation.pk}"


@pytest.mark.parametrize("role", ALL)
def test_drafts_list_by_role(api_as, world, role):
    response = api_as(role).get(base(world) + "/drafts")
    allowed = role in ACTIONS["consensus.view"] or role in ACTIONS["consensus.position"]
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        [draft] = response.json()
        assert draft["reference"] == world.draft.reference
        assert draft["sources"] == [world.merged.pk] and draft["my_position"] is None


@pytest.mark.parametrize("role", ALL)
def test_stating_a_position_by_role(api_as, world, role):
    api = api_as(role)
    before = counts()
    response = api.put(f"{base(world)}/drafts/{world.draft.pk}/position",
                       {"value": "can_live_with"})
    if role not in ACTIONS["consensus.position"]:
        assert response.status_code == 403
        assert counts() == before
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["value"] == "can_live_with" and body["draft_version"] == world.draft.version
    mine = api.get(base(world) + "/positions/mine").json()
    assert [p["id"] for p in mine] == [body["id"]]
    assert api.get(base(world) + "/drafts").json()[0]["my_position"]["id"] == body["id"]


def test_positions_on_a_draft_need_consensus_view(world, api_as):
    world.alice.put(f"{base(world)}/drafts/{world.draft.pk}/position", {"value": "support"})
    path = f"{base(world)}/drafts/{world.draft.pk}/positions"
    assert world.bob.get(path).status_code == 403  # a stakeholder sees only their own
    positions = api_as(Role.COMMITTEE_MEMBER).get(path).json()
    assert [(p["user"], p["value"]) for p in positions] == [("alice", "support")]


def test_a_fundamental_objection_needs_an_argument(world):
    before = counts()
    response = world.alice.put(f"{base(world)}/drafts/{world.draft.pk}/position",
                               {"value": "fundamental_objection", "argument": "  "})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["argument"]
    assert counts() == before
    ok = world.alice.put(f"{base(world)}/drafts/{world.draft.pk}/position",
                         {"value": "fundamental_objection", "argument": "EDTF is unstable."})
    assert ok.status_code == 200


def test_bad_position_values_are_422(world):
    before = counts()
    for body in ({"value": 1}, {"value": "yes"}, {}):
        response = world.alice.put(f"{base(world)}/drafts/{world.draft.pk}/position", body)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.value"
    assert counts() == before


def test_dispositions_by_role(api_as, world):
    for role in ALL:
        response = api_as(role).get(base(world) + "/dispositions")
        assert response.status_code == (200 if role in ACTIONS["consensus.decide"] else 403)
    rows = api_as(Role.ADMIN, username="admin2").get(base(world) + "/dispositions").json()
    assert [(r["comment_id"], r["kind"]) for r in rows] == [(world.merged.pk, "merged"),
                                                           (world.other.pk, None)]


def test_setting_a_disposition(api_as, world):
    api = api_as(Role.COORDINATOR)
    path = f"{base(world)}/dispositions/{world.other.pk}"
    before = counts()
    missing_reason = api.put(path, {"kind": "noted"})
    assert missing_reason.status_code == 400
    assert [e["field"] for e in missing_reason.json()["errors"]] == ["reason"]
    assert counts() == before
    response = api.put(path, {"kind": "noted", "reason": "Editorial; passed to the editor."})
    assert response.status_code == 200, response.content
    assert response.json()["kind"] == "noted"
    assert Disposition.objects.get(comment=world.other).reason.startswith("Editorial")
    merged = api.put(path, {"kind": "merged", "draft_id": world.draft.pk})
    assert merged.status_code == 200
    assert merged.json()["draft_reference"] == world.draft.reference


def test_disposition_refusals(api_as, world, other_consultation):
    api, expert = api_as(Role.COORDINATOR), api_as(Role.EXPERT)
    before = counts()
    other_comment = other_consultation.comments.get()
    assert api.put(f"{base(world)}/dispositions/{other_comment.pk}",
                   {"kind": "noted", "reason": "x"}).status_code == 404
    assert api.put(f"/consultations/{other_consultation.pk}/dispositions/{other_comment.pk}",
                   {"kind": "noted", "reason": "x"}).status_code == 404
    foreign_draft = api.put(f"{base(world)}/dispositions/{world.other.pk}",
                            {"kind": "merged", "draft_id": 10**9})
    assert foreign_draft.status_code == 400
    assert foreign_draft.json()["errors"][0]["field"] == "draft_id"
    assert api.put(f"{base(world)}/dispositions/{world.other.pk}",
                   {"kind": "thrown_away", "reason": "x"}).status_code == 422
    assert expert.put(f"{base(world)}/dispositions/{world.other.pk}",
                      {"kind": "noted", "reason": "x"}).status_code == 403
    assert counts() == before


def test_after_finalization_positions_and_dispositions_are_409(api_as, world, coordinator):
    consensus.disposition_set(actor=coordinator, comment=world.other, kind="noted",
                              reason="Editorial.")
    consensus.draft_override(actor=coordinator, draft=world.draft,
                             reason="Legal: the wording is required by regulation.")
    consensus.position_finalize(actor=coordinator, consultation=world.consultation)
    admin = api_as(Role.ADMIN, username="admin3")
    before = counts()
    position = world.alice.put(f"{base(world)}/drafts/{world.draft.pk}/position",
                               {"value": "support"})
    assert position.status_code == 409
    disposition = admin.put(f"{base(world)}/dispositions/{world.other.pk}",
                            {"kind": "accepted", "reason": "x"})
    assert disposition.status_code == 409
    assert counts() == before
    assert not Position.objects.exists()


def test_outcome_shows_what_became_of_my_comments(world):
    outcome = world.alice.get(base(world) + "/outcome").json()
    assert outcome == [{"comment_id": world.merged.pk, "comment_reference": "TMI-001",
                        "kind": "merged", "reason": "",
                        "draft_reference": world.draft.reference}]
    assert world.bob.get(base(world) + "/outcome").json()[0]["kind"] is None


def test_another_organizations_consensus_is_404(api_as, world, other_consultation):
    api = api_as(Role.ADMIN)
    for path in ("drafts", "dispositions", "outcome", "positions/mine",
                 f"drafts/{world.draft.pk}/positions"):
        assert api.get(f"/consultations/{other_consultation.pk}/{path}").status_code == 404


def test_finalize_and_submit_are_refused_while_a_draft_lacks_consensus(api_as, world,
                                                                       coordinator):
    """Nobody took a position on the draft: no consensus. Finalize is 409 with the message,
    nothing stored; an override without a reason is 400; with one, finalize and submit go
    through and report it."""
    consensus.disposition_set(actor=coordinator, comment=world.other, kind="noted",
                              reason="Editorial.")
    admin = api_as(Role.ADMIN, username="admin4")
    before = counts()
    refused = admin.post(f"{base(world)}/position/finalize", {})
    assert refused.status_code == 409
    assert (f"{world.draft.reference} has no consensus under the rule: withdraw it or "
            "record an override with its reason") in refused.json()["detail"]
    no_reason = admin.post(f"{base(world)}/drafts/{world.draft.pk}/override", {"reason": ""})
    assert no_reason.status_code == 400
    assert counts() == before
    reason = "Legal: the wording is required by regulation."
    assert admin.post(f"{base(world)}/drafts/{world.draft.pk}/override",
                      {"reason": reason}).status_code == 200
    done = admin.post(f"{base(world)}/position/finalize", {})
    assert done.status_code == 200 and done.json()["state"] == "finalized"
    assert done.json()["overrides"] == [{"draft_id": world.draft.pk, "draft_reference":
                                         world.draft.reference, "reason": reason}]
    # a change after finalization undoes the override: submit is 409 until it is recorded
    consensus.draft_update(actor=coordinator, draft=world.draft, version=world.draft.version,
                           changes={"clause": "5.3"}, reason_kind="legal",
                           reason="Clause renumbered.")
    before = counts()
    refused = admin.post(f"{base(world)}/position/submit", {})
    assert refused.status_code == 409
    assert "The position cannot be submitted yet:" in refused.json()["detail"]
    assert counts() == before
    assert admin.post(f"{base(world)}/drafts/{world.draft.pk}/override",
                      {"reason": reason}).status_code == 200
    submitted = admin.post(f"{base(world)}/position/submit", {})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert submitted.json()["docx_sha256"]


def test_only_deciders_finalize_through_the_api(world):
    assert world.alice.post(f"{base(world)}/position/finalize", {}).status_code == 403


def test_a_contradictory_disposition_is_refused_and_nothing_changes(api_as, world):
    """One state per comment, its draft link implied by the state: a comment still feeding a
    draft is not "not carried forward", "merged" names a draft, "noted" names none."""
    api = api_as(Role.COORDINATOR)
    before, kept = counts(), Disposition.objects.get(comment=world.merged)
    feeding = api.put(f"{base(world)}/dispositions/{world.merged.pk}",
                      {"kind": "not_carried", "reason": "Out of scope."})
    assert feeding.status_code == 400
    assert feeding.json()["errors"][0]["field"] == "kind"
    assert (f"is still a source of the consensus comment {world.draft.reference}"
            in feeding.json()["detail"])
    path = f"{base(world)}/dispositions/{world.other.pk}"
    for pair in ({"kind": "merged", "reason": "x"},
                 {"kind": "noted", "draft_id": world.draft.pk, "reason": "x"},
                 {"kind": "not_carried", "draft_id": world.draft.pk, "reason": "x"}):
        assert api.put(path, pair).status_code == 400, pair
    assert counts() == before
    assert Disposition.objects.get(comment=world.merged).kind == kept.kind == "merged"
    assert not Disposition.objects.filter(comment=world.other).exists()
    assert list(world.draft.sources.all()) == [world.merged]


def test_bulk_disposition_and_undo(api_as, world):
    api = api_as(Role.COORDINATOR)
    before = counts()
    no_reason = api.post(f"{base(world)}/dispositions/bulk",
                         {"comment_ids": [world.other.pk], "kind": "noted"})
    assert no_reason.status_code == 400
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    still_a_source = api.post(f"{base(world)}/dispositions/bulk",
                              {"comment_ids": [world.merged.pk, world.other.pk],
                               "kind": "not_carried", "reason": "Dropped."})
    assert still_a_source.status_code == 400
    [error] = still_a_source.json()["errors"]
    assert error["field"] == "comment_ids"
    assert error["message"].startswith(f"{world.merged.reference}: ")
    nothing = api.post(f"{base(world)}/dispositions/undo", {})
    assert nothing.status_code == 409
    assert counts() == before
    response = api.post(f"{base(world)}/dispositions/bulk",
                        {"comment_ids": [world.other.pk], "kind": "merged",
                         "draft_id": world.draft.pk})
    assert response.status_code == 200, response.content
    assert response.json()["comment_ids"] == [world.other.pk]
    assert Disposition.objects.get(comment=world.other).draft == world.draft
    undone = api.post(f"{base(world)}/dispositions/undo", {})
    assert undone.status_code == 200 and undone.json()["undone"] is True
    assert not Disposition.objects.filter(comment=world.other).exists()
    assert api_as(Role.EXPERT).post(f"{base(world)}/dispositions/undo", {}).status_code == 403
