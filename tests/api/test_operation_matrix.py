"""The API's permission matrix: every OpenAPI operation × every role (bearer token) and
anonymous, plus another organization's objects.

What each operation requires is declared below from docs/api.md and checked three ways: the
table must list exactly the schema's operations (a new operation must be declared), a refused
role's 403 names the declared action (so the table matches the code), and the expectation of
each cell is read from ``access.rules.ACTIONS``, never from the observed answer.

For each cell, on a consultation in consolidation (comments, a draft):
- anonymous → 401;
- a role no declared action allows → 403 naming the action, and no stored row changes;
- an allowed role → 2xx, or the object's state refusing the write (409), or the documented
  object rule (someone else's comment is a 404);
- a user holding every role, with another organization's ids → 404, nothing changed.
"""

from __future__ import annotations

import json
from contextlib import nullcontext

import pytest
from django.test import Client

from liaison.access.rules import ACTIONS
from liaison.api.main import api
from liaison.registry.models import Role
from liaison.registry.services import membership_grant
from tests.api.conftest import Api
from tests.security.factories import build
from tests.security.snapshots_ext import changes_nothing

SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))
OPERATIONS = sorted((method, path) for path, methods in SCHEMA["paths"].items()
                    for method in methods)
C = "/api/consultations/{consultation_id}"

#: (method, path) → the actions of which one must be allowed (``()``: any signed-in role).
REQUIRES: dict[tuple[str, str], tuple[str, ...]] = {
    ("get", "/api/me"): (),
    ("get", "/api/projects"): ("projects.view",),
    ("get", "/api/projects/{project_id}"): ("projects.view",),
    ("get", "/api/consultations"): ("consultations.view",),
    ("get", C): ("consultations.view",),
    ("get", C + "/comments"): ("consultations.view",),
    ("get", C + "/comments/mine"): ("consultations.view",),
    ("get", C + "/comments/{comment_id}"): ("consultations.view",),
    ("post", C + "/comments"): ("comments.write",),
    ("patch", C + "/comments/{comment_id}"): ("comments.write",),
    ("get", C + "/comments/export/{fmt}"): ("comments.export",),
    ("get", C + "/position/export/{fmt}"): ("consensus.view",),
    ("get", C + "/drafts"): ("consensus.view", "consensus.position"),
    ("get", C + "/drafts/{draft_id}/positions"): ("consensus.view",),
    ("put", C + "/drafts/{draft_id}/position"): ("consensus.position",),
    ("get", C + "/positions/mine"): ("consensus.position",),
    ("get", C + "/dispositions"): ("consensus.decide",),
    ("put", C + "/dispositions/{comment_id}"): ("consensus.decide",),
    ("post", C + "/dispositions/bulk"): ("consensus.decide",),
    ("post", C + "/dispositions/undo"): ("consensus.decide",),
    ("get", C + "/outcome"): ("consensus.position",),
    ("post", C + "/position/finalize"): ("consensus.decide",),
    ("post", C + "/position/submit"): ("consensus.decide",),
    ("post", C + "/drafts/{draft_id}/override"): ("consensus.decide",),
    ("post", C + "/drafts/{draft_id}/withdraw"): ("consensus.decide",),
    ("get", "/api/audit/verify"): ("audit.view",),
}
#: Object rules on top of the role: the matrix user is not the comment's author.
NOT_FOUND_FOR_OTHERS = {("patch", C + "/comments/{comment_id}"):
                        "only a comment's author edits it; to others it does not exist"}
BODIES = {
    ("post", C + "/comments"): {"clause": "7", "type": "te", "comment": "Matrix comment"},
    ("patch", C + "/comments/{comment_id}"): {"version": 1, "comment": "Overwritten"},
    ("put", C + "/drafts/{draft_id}/position"): {"value": "support"},
    ("put", C + "/dispositions/{comment_id}"): {"kind": "noted",
                                                "reason": "Kept for the next revision."},
    ("post", C + "/dispositions/bulk"): lambda org, made: {
        "comment_ids": [build("input_comment", org, made).pk], "kind": "noted",
        "reason": "Kept for the next revision."},
    ("post", C + "/dispositions/undo"): {},
    ("post", C + "/position/finalize"): {},
    ("post", C + "/position/submit"): {},
    ("post", C + "/drafts/{draft_id}/override"): {"reason": "Legal: required wording."},
    ("post", C + "/drafts/{draft_id}/withdraw"): {"reason": "Out of the amendment."},
}
ANONYMOUS = "anonymous"


def allowed(operation: tuple[str, str], role: str) -> bool:
    actions = REQUIRES[operation]
    return not actions or any(role in ACTIONS[a] for a in actions)


def concrete(path: str, org, made: dict) -> str:
    """``path`` with ids of ``org``'s objects: a consultation in consolidation, its draft,
    a submitted comment no draft took up, its project."""
    ids = {"project_id": lambda: build("project", org, made).pk,
           "consultation_id": lambda: build("consolidating", org, made).pk,
           "draft_id": lambda: build("draft", org, made).pk,
           "comment_id": lambda: build("input_comment", org, made).pk,
           "fmt": lambda: "xlsx"}
    for name, value in ids.items():
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", str(value()))
    assert "{" not in path, f"a path parameter of {path} is not known to this test"
    return path.removeprefix("/api")


def call(client: Api, operation: tuple[str, str], path: str, org=None, made=None):
    """Call ``operation``; a body given as a function gets the objects ``org`` has."""
    method = operation[0]
    if method == "get":
        return client.get(path)
    body = BODIES[operation]
    return client.send(method, path, body(org, made) if callable(body) else body)


def test_every_operation_is_declared():
    assert set(REQUIRES) == set(OPERATIONS)
    assert set(BODIES) == {op for op in OPERATIONS if op[0] != "get"}
    assert all(a in ACTIONS for actions in REQUIRES.values() for a in actions)


@pytest.mark.parametrize(("operation", "role"),
                         [(op, role) for op in OPERATIONS for role in [*Role.values, ANONYMOUS]],
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_each_role_gets_what_its_actions_allow(org, person, operation, role):
    made: dict = {}
    path = concrete(operation[1], org, made)
    if callable(BODIES.get(operation)):
        BODIES[operation](org, made)  # its objects exist before the call is watched
    if role == ANONYMOUS:
        client = Api(Client())
    else:
        client = person(role)[2]
        client.get("/me")  # stamps the token's last use now, so the call below does not
    with changes_nothing() if role == ANONYMOUS or not allowed(operation, role) else nullcontext():
        response = call(client, operation, path, org, made)
    if role == ANONYMOUS:
        assert response.status_code == 401
    elif not allowed(operation, role):
        assert response.status_code == 403, f"{role} must not {operation}"
        assert " or ".join(REQUIRES[operation]) in response.json()["detail"]
    elif operation in NOT_FOUND_FOR_OTHERS:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 201, 409), (
            f"{role} must be able to {operation}: {response.status_code} {response.content!r}")


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if "{" in op[1]],
                         ids=" ".join)
def test_another_organizations_objects_are_not_found(org, other_org, person, operation):
    made: dict = {}
    path = concrete(operation[1], other_org, made)
    if callable(BODIES.get(operation)):
        BODIES[operation](other_org, made)
    concrete(operation[1], org, {})  # the same kinds exist at home, with other ids
    user, _, client = person(Role.ADMIN)
    for role in Role.values:  # no role check can stop this user before the lookup
        membership_grant(actor=None, user=user, liaison_org=org, role=role)
    client.get("/me")
    with changes_nothing():
        response = call(client, operation, path, other_org, made)
    assert response.status_code == 404, f"{path} of another organization"

