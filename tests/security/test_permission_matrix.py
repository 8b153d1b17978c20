"""The permission matrix: every page guarded by ``@requires`` × every role (and anonymous).

Found by walking the URL resolver, so it grows as pages are added. For each cell:
- anonymous → redirect to sign-in;
- a role the action allows (``access.rules.ACTIONS``) → 200/302 (a POST-only page, which
  answers GET with 405, is probed with an empty POST: 200/302/400, or 409 when the object's
  state refuses the action);
- any other role → 403, and a POST by it changes nothing (``changes_nothing``: no row
  added, removed or altered);
- a role the action allows but an object rule refuses (``OBJECT_RULES``: the matrix user is
  not the comment's author, the appeal's panel member…) → that rule's 403 or 404.
Every expectation is read from ``access.rules.ACTIONS``, never from the observed answers.
A user of one organization gets 404 for another organization's objects on every page with
a pk. A cell whose URL cannot be built is skipped with the reason, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from liaison.access.rules import ACTIONS, STAFF
from liaison.registry.models import Role
from liaison.registry.services import membership_grant, stakeholder_create
from tests.security.factories import Unbuildable, url_kwargs
from tests.security.snapshots_ext import changes_nothing
from tests.security.urlmap import Route, build_url, guarded_routes

ANONYMOUS = "anonymous"
ROLES = [*Role.values, ANONYMOUS]
GUARDED = guarded_routes()


@dataclass(frozen=True)
class ObjectRule:
    """A rule on top of the page's action. The matrix user has no tie to the object (not
    its author, objector, appellant, chair or panel member), so of the roles the action
    allows only ``roles`` reach the page; the others get ``refused`` (403, or 404 where the
    object is hidden from them)."""

    reason: str
    roles: tuple[str, ...] = ()
    refused: int = 403


def _either(*actions: str) -> tuple[str, ...]:
    return tuple({role for action in actions for role in ACTIONS[action]})


# Pages whose object-level rule refuses some roles the action allows (see ObjectRule).
OBJECT_RULES = {
    "consultations:comment_edit": ObjectRule(
        "only the comment's author edits it; to anyone else it does not exist", refused=404),
    **{f"committees:{name}": ObjectRule(
        "only staff or the committee's chair (or secretary) act on its meetings",
        roles=STAFF)
       for name in ("meeting_new", "meeting_edit", "meeting_invite", "agenda_new",
                    "attendance", "minutes", "decision_new", "input_new")},
    **{f"consensus:{name}": ObjectRule(
        "drafts and the verdict are read with consensus.view, or consensus.position to "
        "state one's own position", roles=_either("consensus.view", "consensus.position"))
       for name in ("drafts", "draft", "verdict")},
    "consensus:message_post": ObjectRule(
        "those who state positions or decide (or hold a committee seat, which the matrix user "
        "does not) post to a draft's discussion",
        roles=_either("consensus.position", "consensus.decide")),
    "appeals:detail": ObjectRule("staff, the appeals panel and committee members "
                                 "(appeals.view), the appellant or a member of its panel see "
                                 "an appeal", roles=ACTIONS["appeals.view"]),
    "appeals:decide": ObjectRule("only a member of this appeal's panel decides it (the matrix "
                                 "user sits on no panel)"),
    "appeals:dispute": ObjectRule("disputes.view or the objector sees a dispute",
                                  roles=ACTIONS["disputes.view"]),
}
PAYLOAD = {"name": "Intruder", "title": "Intruder", "reference": "ISO/NP 66666",
           "stage_code": "10.99", "email": "intruder@example.org", "formality": "informal",
           "comment": "intrusion", "subject": "intrusion", "code": "000000"}


def allowed(route: Route, role: str) -> bool:
    """Whether ``role`` (with no tie to the object) may use the page: its action, then its
    object rule, both read from the rules."""
    if route.action not in ACTIONS:
        pytest.fail(f"{route} is guarded by {route.action!r}, which access/rules.py ACTIONS "
                    "does not declare: every request to it fails")
    rule = OBJECT_RULES.get(route.name or "")
    return role in ACTIONS[route.action] and (rule is None or role in rule.roles)


def refused_status(route: Route, role: str) -> int:
    """403 for a role the action refuses; an object rule may hide the object instead."""
    rule = OBJECT_RULES.get(route.name or "")
    return rule.refused if rule and role in ACTIONS[route.action] else 403


def url_in(route: Route, org, made: dict) -> str:
    try:
        url = build_url(route, url_kwargs(route, org, made))
    except Unbuildable as exc:
        pytest.skip(str(exc))
    if url is None:
        pytest.skip(f"{route}: cannot be reversed")
    return url


def sign_in(client, make_user, role: str, org) -> None:
    """A user with ``role`` in ``org`` who also has a stakeholder profile there (pages such
    as "new comment" need one: that is an object rule, not a role rule)."""
    user = make_user(role)
    stakeholder_create(actor=None, liaison_org=org, name=f"Profile of {role}",
                       email=f"{role}.profile@example.org", user=user)
    client.force_login(user)


def probe(client, url: str):
    """GET, or an empty POST when the page answers GET with 405 (a POST-only action)."""
    response = client.get(url)
    return client.post(url, {}) if response.status_code == 405 else response


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize(("route", "role"), [(r, role) for r in GUARDED for role in ROLES],
                         ids=lambda v: str(v))
def test_each_role_gets_what_its_actions_allow(client, org, make_user, route, role):
    url = url_in(route, org, {})
    if role == ANONYMOUS:
        assert sent_to_sign_in(probe(client, url)), f"{url} must send anonymous to sign-in"
        return
    sign_in(client, make_user, role, org)
    response = probe(client, url)
    if not allowed(route, role):
        assert response.status_code == refused_status(route, role), (
            f"{role} must not reach {url}")
    else:
        assert response.status_code in (200, 302, 400, 409), f"{role} must reach {url}"


@pytest.mark.parametrize(
    ("route", "role"),
    [(r, role) for r in GUARDED for role in ROLES
     if role == ANONYMOUS or (r.action in ACTIONS and not allowed(r, role))],
    ids=lambda v: str(v))
def test_a_post_by_a_disallowed_role_changes_nothing(client, org, make_user, route, role):
    url = url_in(route, org, {})
    if role != ANONYMOUS:
        sign_in(client, make_user, role, org)
    with changes_nothing():
        response = client.post(url, PAYLOAD)
    if role == ANONYMOUS:
        assert sent_to_sign_in(response)
    else:
        assert response.status_code == refused_status(route, role)


@pytest.mark.parametrize("route", [r for r in GUARDED if r.kwargs], ids=str)
def test_another_organizations_objects_are_not_found(client, org, other_org, make_user, route):
    """A user holding every role in their own organization (so no role check stops them
    first) gets 404 for the other organization's object, and a POST there changes nothing."""
    url = url_in(route, other_org, {})
    user = make_user(Role.ADMIN)
    for role in Role.values:
        membership_grant(actor=None, user=user, liaison_org=org, role=role)
    client.force_login(user)
    assert probe(client, url).status_code == 404, f"{url} of another organization"
    with changes_nothing():
        assert client.post(url, PAYLOAD).status_code == 404


def test_the_matrix_is_not_empty():
    assert len(GUARDED) >= 10


# ------------------------------------------------------------------ the appeal-filing page


def _filing_world(org, other_org) -> dict:
    """One object of every kind the factories build in ``org``, and an involvement decision
    of ``other_org``: records of as many installed models as the services make."""
    from tests.security.factories import FACTORIES, build

    made: dict = {}
    for kind in FACTORIES:
        build(kind, org, made)
    build("decision", other_org, {})
    return made


def _may_appeal(label: str, row, user, org, own_drafts: set[int]) -> bool:
    """What the rules of docs/appeals.md let ``user`` appeal, written out independently of
    the allow-list: an involvement decision of their organization, the disposition of their
    comment, the verdict on a draft they took a position on (no submission exists here)."""
    if label == "involvement.involvementdecision":
        return row.liaison_org_id == org.pk
    if label == "consensus.disposition":
        return getattr(row.comment.author, "user_id", None) == user.pk
    return label == "consensus.draft" and row.pk in own_drafts


def _printed(row, url: str, user, response) -> bool:
    """Whether the page prints the record (its ``str``), beyond what the request itself
    carries (the URL, with a session's key as id) and the signed-in user's own name."""
    text = str(row) if row is not None else ""
    return (len(text) >= 6 and text not in url and text != str(user)
            and text in response.content.decode())


def test_the_filing_page_names_only_what_the_user_may_appeal(client, org, other_org,
                                                             make_user):
    """Every installed model as ``type`` and each of its stored rows as ``id``: a plain
    stakeholder (no tie to anything) and the participant (author of comments, a position and
    an objection) reach only what they may appeal; anything else is a 404 that does not
    print the record, and a POST there stores nothing."""
    from django.apps import apps

    from liaison.appeals.links import appeal_url
    from liaison.consensus.models import Position

    made = _filing_world(org, other_org)
    snoop = make_user(Role.STAKEHOLDER, username="snoop")
    stakeholder_create(actor=None, liaison_org=org, name="Snoop", email="snoop@example.org",
                       user=snoop)
    participant = made["participant"].user
    wrong = []
    for user in (snoop, participant):
        client.force_login(user)
        own_drafts = set(Position.objects.filter(user=user).values_list("draft_id",
                                                                          flat=True))
        for model in apps.get_models():
            label = model._meta.label_lower
            rows = list(model._default_manager.order_by("pk")[:3]) or [None]
            for row in rows:
                url = (appeal_url(row) if row is not None
                       else f"/appeals/new/?type={label}&id=1")
                response = client.get(url)
                expected = 200 if row is not None and _may_appeal(
                    label, row, user, org, own_drafts) else 404
                if response.status_code != expected:
                    wrong.append(f"{user}: {url} → {response.status_code}, not {expected}")
                elif expected == 404 and _printed(row, url, user, response):
                    wrong.append(f"{user}: {url} printed {row}")
            first = rows[0]
            if first is not None and not _may_appeal(label, first, user, org, own_drafts):
                with changes_nothing():
                    response = client.post(appeal_url(first), {"summary": "x",
                                                               "grounds": "y"})
                if response.status_code != 404:
                    wrong.append(f"{user}: POST {appeal_url(first)} → "
                                 f"{response.status_code}")
    assert len(apps.get_models()) > 40
    assert not wrong, "\n".join(wrong)
