"""The permission matrix: every page guarded by ``@requires`` × every role (and anonymous).

Found by walking the URL resolver, so it grows as pages are added. For each cell:
- anonymous → redirect to sign-in;
- a role the action allows (``access.rules.ACTIONS``) → 200/302 (a POST-only page, which
  answers GET with 405, is probed with an empty POST: 200/302/400, or 409 when the object's
  state refuses the action);
- any other role → 403, and a POST by it changes nothing (``row_counts``).
A user of one organization gets 404 for another organization's objects on every page with
a pk. A cell whose URL cannot be built is skipped with the reason, never silently.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from liaison.access.rules import ACTIONS
from liaison.registry.models import Role
from liaison.registry.services import stakeholder_create
from tests.security.factories import Unbuildable, url_kwargs
from tests.security.snapshots_ext import changes_nothing
from tests.security.urlmap import Route, build_url, guarded_routes

ANONYMOUS = "anonymous"
ROLES = [*Role.values, ANONYMOUS]
GUARDED = guarded_routes()
# Pages whose object-level rule may refuse an allowed role (403/404) for someone else's object.
OBJECT_RULES = {
    "consultations:comment_edit": "only the comment's author (or staff) edits a comment",
    **{f"committees:{name}": "only staff or the committee's chair (or secretary) act on its "
       "meetings" for name in ("meeting_new", "meeting_edit", "meeting_invite", "agenda_new",
                               "attendance", "minutes", "decision_new", "input_new")},
}
PAYLOAD = {"name": "Intruder", "title": "Intruder", "reference": "ISO/NP 66666",
           "stage_code": "10.99", "email": "intruder@example.org", "formality": "informal",
           "comment": "intrusion", "subject": "intrusion", "code": "000000"}


def allowed(route: Route, role: str) -> bool:
    if route.action not in ACTIONS:
        pytest.fail(f"{route} is guarded by {route.action!r}, which access/rules.py ACTIONS "
                    "does not declare: every request to it fails")
    return role in ACTIONS[route.action]


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
        assert response.status_code == 403, f"{role} must not reach {url}"
    elif route.name in OBJECT_RULES:
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
    else:
        assert response.status_code in (200, 302, 400, 409), f"{role} must reach {url}"


@pytest.mark.parametrize(
    ("route", "role"),
    [(r, role) for r in GUARDED for role in ROLES
     if role == ANONYMOUS or role not in ACTIONS.get(r.action or "", ROLES)],
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
        assert response.status_code == 403


@pytest.mark.parametrize("route", [r for r in GUARDED if r.kwargs], ids=str)
def test_another_organizations_objects_are_not_found(client, org, other_org, make_user, route):
    url = url_in(route, other_org, {})
    client.force_login(make_user(Role.ADMIN))  # may take every action, in its own org only
    assert probe(client, url).status_code == 404, f"{url} of another organization"
    with changes_nothing():
        assert client.post(url, PAYLOAD).status_code == 404


def test_the_matrix_is_not_empty():
    assert len(GUARDED) >= 10
