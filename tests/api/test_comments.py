"""Comments through the API, under the page rules: who may write, who sees what, optimistic
locking, freezing after the deadline; bad input answers 4xx with field messages and changes
nothing."""

from __future__ import annotations

import pytest
from benchmarks.draftgen import pdf_bytes

from liaison.access.rules import ACTIONS
from liaison.consultations import services
from liaison.consultations.models import Comment
from liaison.registry.models import Role
from tests.api.conftest import counts, pass_deadline
from tests.core.test_draftdoc import SCOPE, tiny_draft

GOOD = {"mb": "", "line": "412", "clause": "5.2.7", "element": "Usage note", "type": "te",
        "comment": "ISO 8601-1 cannot express approximate dates.",
        "proposed_change": "Recommend ISO 8601-2 (EDTF)."}


def url(consultation, *rest) -> str:
    return "/".join([f"/consultations/{consultation.pk}/comments", *map(str, rest)])


@pytest.mark.parametrize("role", list(Role.values))
def test_who_may_write(api_as, consultation, role):
    api = api_as(role)
    before = counts()
    response = api.post(url(consultation), GOOD)
    if role in ACTIONS["comments.write"]:
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["reference"] == "TMI-001" and body["mb"] == "TMI"
        assert body["status"] == "draft" and body["channel"] == "api"
        assert body["mine"] and body["editable"] and body["version"] == 1
    else:
        assert response.status_code == 403
        assert "comments.write" in response.json()["detail"]
        assert counts() == before


def test_without_a_stakeholder_profile_it_is_403(person, consultation):
    _, _, api = person(Role.STAKEHOLDER, profile=False)
    before = counts()
    response = api.post(url(consultation), GOOD)
    assert response.status_code == 403
    assert "stakeholder profile" in response.json()["detail"]
    assert counts() == before
    assert api.get(url(consultation, "mine")).json() == []


def test_another_organizations_consultation_is_404(api_as, other_consultation):
    api = api_as(Role.STAKEHOLDER)
    before = counts()
    assert api.post(url(other_consultation), GOOD).status_code == 404
    comment = other_consultation.comments.get()
    assert api.get(url(other_consultation, comment.pk)).status_code == 404
    assert api.patch(url(other_consultation, comment.pk),
                     {"version": 1, "comment": "hijack"}).status_code == 404
    assert counts() == before


@pytest.mark.parametrize(("body", "field"), [
    ({"mb": "x"}, "body.comment"),                                  # comment missing
    ({**GOOD, "comment": "   "}, "body.comment"),                   # blank
    ({**GOOD, "comment": "nul\x00byte"}, "body.comment"),           # unstorable
    ({**GOOD, "type": "xx"}, "body.type"),                          # not an ISO type
    ({**GOOD, "clause": "9" * 251}, "body.clause"),                 # too long
    ({**GOOD, "mb": "M" * 41}, "body.mb"),
    ({**GOOD, "submit": "maybe"}, "body.submit"),
])
def test_bad_input_is_422_with_the_field_and_changes_nothing(api_as, consultation, body,
                                                             field):
    api = api_as(Role.STAKEHOLDER)
    before = counts()
    response = api.post(url(consultation), body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors]
    assert all(e["message"] for e in errors)
    assert counts() == before


def test_a_body_that_is_not_json_is_refused(api_as, consultation):
    api = api_as(Role.STAKEHOLDER)
    before = counts()
    response = api.client.post("/api" + url(consultation), data="not json",
                               content_type="application/json", **api._headers())
    assert 400 <= response.status_code < 500
    assert counts() == before


def test_edit_own_comment_with_its_version(person, consultation):
    _, _, api = person(Role.STAKEHOLDER)
    created = api.post(url(consultation), GOOD).json()
    response = api.patch(url(consultation, created["id"]),
                         {"version": 1, "clause": "5.2.8", "submit": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["clause"] == "5.2.8" and body["version"] == 2
    assert body["status"] == "submitted" and body["comment"] == GOOD["comment"]


def test_a_stale_version_is_409_with_the_saved_comment(person, consultation):
    user, _, api = person(Role.STAKEHOLDER)
    created = api.post(url(consultation), GOOD).json()
    services.comment_update(actor=user, comment=Comment.objects.get(pk=created["id"]),
                            version=1, changes={"comment": "Saved in another tab."})
    before = counts()
    response = api.patch(url(consultation, created["id"]),
                         {"version": 1, "comment": "My older edit."})
    assert response.status_code == 409
    body = response.json()
    assert "changed by someone else" in body["detail"]
    assert body["current"]["comment"] == "Saved in another tab."
    assert body["current"]["version"] == 2
    assert counts() == before
    assert Comment.objects.get(pk=created["id"]).comment == "Saved in another tab."
    retry = api.patch(url(consultation, created["id"]), {"version": 2, "comment": "Merged."})
    assert retry.status_code == 200 and retry.json()["version"] == 3


def test_someone_elses_comment_cannot_be_edited(person, consultation):
    _, _, alice = person(Role.STAKEHOLDER, username="alice")
    _, _, bob = person(Role.STAKEHOLDER, username="bob")
    created = alice.post(url(consultation), {**GOOD, "submit": True}).json()
    before = counts()
    response = bob.patch(url(consultation, created["id"]), {"version": 1, "comment": "no"})
    assert response.status_code == 404
    assert counts() == before


def test_a_submitted_comment_is_frozen_after_the_deadline(person, consultation):
    _, _, api = person(Role.STAKEHOLDER)
    created = api.post(url(consultation), {**GOOD, "submit": True}).json()
    pass_deadline(consultation, late_policy="flag")
    before = counts()
    response = api.patch(url(consultation, created["id"]), {"version": 1, "comment": "late"})
    assert response.status_code == 409
    assert "frozen" in response.json()["detail"]
    assert counts() == before
    assert api.get(url(consultation, created["id"])).json()["editable"] is False


def test_after_the_deadline_under_refuse_nothing_new_is_taken(api_as, consultation):
    pass_deadline(consultation)
    api = api_as(Role.STAKEHOLDER)
    before = counts()
    response = api.post(url(consultation), GOOD)
    assert response.status_code == 409
    assert "deadline" in response.json()["detail"]
    assert counts() == before


def test_late_comments_are_flagged_under_flag(api_as, consultation):
    pass_deadline(consultation, late_policy="flag")
    response = api_as(Role.STAKEHOLDER).post(url(consultation), {**GOOD, "submit": True})
    assert response.status_code == 201 and response.json()["is_late"] is True


def test_a_closed_consultation_takes_nothing(api_as, consultation, coordinator):
    services.consultation_close(actor=coordinator, consultation=consultation,
                                reason="Input ends early for this test.")
    api = api_as(Role.STAKEHOLDER)
    before = counts()
    assert api.post(url(consultation), GOOD).status_code == 409
    assert counts() == before


def test_visibility_follows_the_rules(person, consultation, api_as):
    _, _, alice = person(Role.STAKEHOLDER, username="alice")
    _, _, bob = person(Role.STAKEHOLDER, username="bob")
    draft = alice.post(url(consultation), GOOD).json()
    submitted = alice.post(url(consultation), {**GOOD, "submit": True}).json()
    coordinator = api_as(Role.COORDINATOR)

    def ids(api, *rest):
        return [c["id"] for c in api.get(url(consultation, *rest)).json()]

    # Before the deadline: alice sees both of hers; bob sees none; the coordinator sees the
    # submitted one only (never a draft).
    assert ids(alice) == [draft["id"], submitted["id"]] == ids(alice, "mine")
    assert ids(bob) == [] and ids(bob, "mine") == []
    assert ids(coordinator) == [submitted["id"]]
    assert bob.get(url(consultation, submitted["id"])).status_code == 404
    assert bob.get(url(consultation, draft["id"])).status_code == 404
    assert coordinator.get(url(consultation, draft["id"])).status_code == 404
    # From the deadline on: others' submitted comments, still never a draft.
    pass_deadline(consultation)
    assert ids(bob) == [submitted["id"]]
    one = bob.get(url(consultation, submitted["id"])).json()
    assert one["mine"] is False and one["editable"] is False
    assert one["author_name"] == "Alice"
    assert bob.get(url(consultation, draft["id"])).status_code == 404


def test_a_comment_placed_in_the_draft_carries_its_anchor(api_as, consultation, coordinator):
    draft = services.draft_attach(actor=coordinator, consultation=consultation,
                                  data=pdf_bytes(tiny_draft()), filename="dis.pdf")
    api = api_as(Role.STAKEHOLDER)
    response = api.post(url(consultation), {
        **GOOD, "clause": "1", "element": "Paragraph 1", "line": "2-3",
        "place": {"draft": draft.pk, "clause": "1", "index": 0}})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["anchor_quote"] == SCOPE
    assert body["anchor"]["lines"] == "2-3" and body["anchor"]["draft"] == draft.pk
    before = counts()
    refused = api.post(url(consultation), {
        **GOOD, "place": {"draft": draft.pk, "clause": "1", "index": 7}})
    assert refused.status_code == 400
    assert "not in the consultation's draft" in refused.json()["detail"]
    assert counts() == before
