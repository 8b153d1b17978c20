"""The rules issue 8 names, one explicit test each, over the pages and the API.

The matrices (``test_permission_matrix.py``, ``tests/api/test_operation_matrix.py``) check
every page and operation × every role; these tests tell the named stories end to end:

1. a stakeholder never sees another stakeholder's draft comments before the deadline;
2. only the coordinator (staff: coordinator or administrator) finalizes and submits;
3. the appeals panel cannot include a conflicted member;
4. anonymous visitors see only public pages;
5. one organization's data is invisible to another organization's users.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.access.rules import ACTIONS
from liaison.api.main import api
from liaison.api.services import api_token_create
from liaison.appeals import services as appeals
from liaison.appeals.models import PanelMember
from liaison.consensus import services as consensus
from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.consultations.states import State
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.api.conftest import Api
from tests.appeals.conftest import GROUNDS, build_world
from tests.security.factories import build
from tests.security.snapshots_ext import changes_nothing

API_PATHS = [path for path in json.loads(json.dumps(api.get_openapi_schema()))["paths"]]


def person(org, role: str, username: str):
    """A user with ``role`` and a stakeholder profile in ``org``, and their API client."""
    user = registry.user_create(actor=None, username=username,
                                email=f"{username}@example.org", password="x" * 20)
    registry.membership_grant(actor=None, user=user, liaison_org=org, role=role)
    profile = registry.stakeholder_create(actor=None, liaison_org=org, name=username.title(),
                                          email=f"{username}@example.org", user=user)
    secret = api_token_create(actor=user, user=user, liaison_org=org, name="tests")[1]
    return user, profile, Api(Client(), secret)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# 1 ------------------------------------------------------------------------------------------

def test_a_stakeholder_never_sees_another_stakeholders_draft_comments_before_the_deadline(
        org):
    consultation = build("consultation", org, {})  # open, deadline in 30 days
    alice, alice_profile, alice_api = person(org, Role.STAKEHOLDER, "alice")
    bob, _, bob_api = person(org, Role.STAKEHOLDER, "bob")
    draft = consultations.comment_create(actor=alice, consultation=consultation,
                                         author=alice_profile, type="te",
                                         comment="Alice's unsent draft")
    sent = consultations.comment_create(actor=alice, consultation=consultation,
                                        author=alice_profile, type="te", submit=True,
                                        comment="Alice's submitted comment")
    page = reverse("consultations:detail", args=[consultation.pk])
    comments = f"/consultations/{consultation.pk}/comments"

    # Before the deadline bob sees neither of alice's comments, on the page or in the API.
    html = signed_in(bob).get(page).content.decode()
    assert "Alice&#x27;s" not in html and "Alice's" not in html
    edit = reverse("consultations:comment_edit", args=[consultation.pk, draft.pk])
    assert signed_in(bob).get(edit).status_code == 404
    assert bob_api.get(comments).json() == []
    assert bob_api.get(f"{comments}/{draft.pk}").status_code == 404
    assert bob_api.get(f"{comments}/{sent.pk}").status_code == 404
    # Alice sees both of hers.
    assert {c["id"] for c in alice_api.get(comments).json()} == {draft.pk, sent.pk}

    # From the deadline on, bob sees the submitted comment, still never the draft.
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    html = signed_in(bob).get(page).content.decode()
    assert "Alice&#x27;s submitted comment" in html and "unsent draft" not in html
    assert [c["id"] for c in bob_api.get(comments).json()] == [sent.pk]
    assert bob_api.get(f"{comments}/{draft.pk}").status_code == 404


# 2 ------------------------------------------------------------------------------------------

def test_only_the_coordinator_finalizes_and_submits(org, smtp_server):
    made = {}
    consultation = build("consolidating", org, made)
    draft = build("draft", org, made)  # takes up the first comment
    consensus.disposition_set(actor=None, comment=build("input_comment", org, made),
                              kind="noted", reason="Kept for the next revision.")
    finalize = reverse("consensus:finalize", args=[consultation.pk])
    submit = reverse("consensus:submit", args=[consultation.pk])
    assert set(ACTIONS["consensus.decide"]) == {Role.COORDINATOR, Role.ADMIN}

    api_finalize = f"/api/consultations/{consultation.pk}/position/finalize"
    api_submit = f"/api/consultations/{consultation.pk}/position/submit"
    # The API's finalize and submit operations are the only other way in: the same rule.
    assert sorted(p for p in API_PATHS if "final" in p or "submi" in p) == [
        "/api/consultations/{consultation_id}/position/finalize",
        "/api/consultations/{consultation_id}/position/submit"]
    for role in sorted(set(Role.values) - set(ACTIONS["consensus.decide"])):
        user, _profile, api_client = person(org, role, f"not-{role}")
        client = signed_in(user)
        with changes_nothing():
            assert client.post(finalize).status_code == 403, role
            assert client.post(submit).status_code == 403, role
            assert api_client.post(api_finalize, {}).status_code in (403, 404), role
            assert api_client.post(api_submit, {}).status_code in (403, 404), role

    coco = person(org, Role.COORDINATOR, "coco")[0]
    coordinator = signed_in(coco)
    # nobody stated a position: the draft lacks consensus, so only an override lets it through
    consensus.draft_override(actor=coco, draft=draft,
                             reason="Legal: the clause cites a withdrawn regulation.")
    assert coordinator.post(finalize).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.FINALIZED
    assert coordinator.post(submit).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.SUBMITTED


# 3 ------------------------------------------------------------------------------------------

def test_the_appeals_panel_cannot_include_a_conflicted_member(org, make_user):
    coordinator = make_user(Role.COORDINATOR)
    world = build_world(org, coordinator, make_user)
    appeal = appeals.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    panel = reverse("appeals:panel", args=[appeal.pk])
    client = signed_in(coordinator)
    # deputy recorded the decision, sam answered the survey it rests on: both conflicted,
    # whoever else is chosen with them.
    for conflicted in (world.deputy, world.sam):
        with changes_nothing():
            response = client.post(panel, {"members": [world.pat.pk, conflicted.pk]})
        assert response.status_code == 400
        assert "cannot sit on the panel" in response.content.decode()
    assert not PanelMember.objects.exists()
    # The API has no appeals operations, so nothing there can seat anyone.
    assert not [p for p in API_PATHS if "appeal" in p or "panel" in p]
    # A clean panel is accepted.
    assert client.post(panel, {"members": [world.pat.pk]}).status_code == 302
    assert list(PanelMember.objects.values_list("user", flat=True)) == [world.pat.pk]


# 4 ------------------------------------------------------------------------------------------

def test_anonymous_visitors_see_only_public_pages(org, client):
    made = {}
    consultation = build("consolidating", org, made)
    project = build("project", org, made)
    for url in (reverse("public:home"), reverse("public:deadlines"),
                reverse("appeals:outcomes"), reverse("process:index")):
        assert client.get(url).status_code == 200, url
    private = [reverse("consultations:detail", args=[consultation.pk]),
               reverse("consensus:drafts", args=[consultation.pk]),
               reverse("appeals:detail", args=[build("appeal", org, made).pk]),
               reverse("metrics:review", args=[build("review", org, made).pk]),
               reverse("projects:detail", args=[project.pk]), reverse("audit:log")]
    for url in private:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with changes_nothing():  # a POST-only page (the evidence pack) too
        response = client.post(reverse("audit:pack", args=[consultation.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Api(client).get(f"/consultations/{consultation.pk}/drafts").status_code == 401


# 5 ------------------------------------------------------------------------------------------

@pytest.fixture
def ours_and_theirs(org, other_org):
    """Each organization has a consultation in consolidation with a draft and an objection,
    an appeal, a dispute, a process review; ``outsider`` holds every role in ``other_org``."""
    mine, theirs = {}, {}
    for kind in ("objection", "appeal", "dispute", "review"):
        build(kind, org, mine)
        build(kind, other_org, theirs)
    outsider = person(other_org, Role.ADMIN, "outsider")
    for role in Role.values:
        registry.membership_grant(actor=None, user=outsider[0], liaison_org=other_org,
                                  role=role)
    return mine, theirs, outsider


LISTS = {"consultations:list": ("consultations:detail", "consolidating"),
         "appeals:list": ("appeals:detail", "appeal"),
         "appeals:disputes": ("appeals:dispute", "dispute"),
         "metrics:dashboard": ("metrics:review", "review"),
         "audit:packs": ("audit:pack", "consolidating")}


def test_one_organizations_data_is_invisible_to_another_organizations_users(
        ours_and_theirs):
    mine, theirs, (outsider, _, outsider_api) = ours_and_theirs
    client = signed_in(outsider)
    consultation, draft = mine["consolidating"], mine["draft"]
    # Lists: the outsider's page links their own record, never ours.
    for page, (detail, kind) in LISTS.items():
        html = client.get(reverse(page)).content.decode()
        assert f'"{reverse(detail, args=[theirs[kind].pk])}"' in html, page
        assert f'"{reverse(detail, args=[mine[kind].pk])}"' not in html, page
    assert consultation.pk not in [c["id"] for c in outsider_api.get("/consultations").json()]
    # Direct addresses: not found, and a write there changes nothing.
    pk = consultation.pk
    with changes_nothing():
        for url in (reverse("consensus:consolidation", args=[pk]),
                    reverse("consensus:draft", args=[pk, draft.pk]),
                    reverse("appeals:detail", args=[mine["appeal"].pk]),
                    reverse("appeals:dispute", args=[mine["dispute"].pk]),
                    reverse("metrics:review", args=[mine["review"].pk])):
            assert client.get(url).status_code == 404, url
        for url in (reverse("consensus:finalize", args=[pk]),
                    reverse("consensus:objection_resolve", args=[pk, mine["objection"].pk]),
                    reverse("appeals:close", args=[mine["appeal"].pk]),
                    reverse("metrics:review_edit", args=[mine["review"].pk]),
                    reverse("audit:pack", args=[pk])):
            assert client.post(url, {"resolution": "x", "title": "x"}).status_code == 404, url
        for path in (f"/consultations/{pk}", f"/consultations/{pk}/drafts",
                     f"/consultations/{pk}/drafts/{draft.pk}/positions",
                     f"/consultations/{pk}/dispositions"):
            assert outsider_api.get(path).status_code == 404, path
        assert outsider_api.put(f"/consultations/{pk}/drafts/{draft.pk}/position",
                                {"value": "support"}).status_code == 404
