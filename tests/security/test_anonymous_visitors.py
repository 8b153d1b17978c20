"""Anonymous visitors see only public pages: every other URL sends them to sign in.

Every URL pattern of the project is walked (the admin's too). Public pages are declared
here and by namespace (``public:``); anything else must redirect to sign-in
(the app's, or the admin's, which itself forwards to the app's rate-limited sign-in).
"""

from __future__ import annotations

import re

import pytest

from tests.security.urlmap import build_url, routes

PUBLIC = {"login", "logout", "admin:logout", "set_language", "password_reset",
          "password_reset_done", "password_reset_confirm", "password_reset_complete",
          # the published process is public (guidelines 2.1, principle 4)
          "process:index", "process:current", "process:versions", "process:compare",
          "process:version", "process:docx", "process:pdf"}
# The signing keys and the daily chain heads are public proof (docs/security.md).
PUBLIC_NAMESPACES = ("public:", "proof:")
# The REST API's schema and docs are public (docs/api.md); its operations answer 401.
PUBLIC |= {"api:openapi-json", "api:openapi-view", "api:api-root"}
API_NAMESPACE = "api:"
# Appeal outcomes are published (docs/appeals.md).
PUBLIC |= {"appeals:outcomes", "appeals:outcome", "appeals:outcomes_feed"}
PUBLIC |= {f"process:{name}" for name in  # the published process description
           ("index", "current", "versions", "compare", "version", "docx", "pdf")}
SIGN_IN = ("/accounts/login/", "/admin/login/")
ROUTES = list(routes())


def url_for(route) -> str:
    url = build_url(route)
    if url is None and "(?P" not in route.route:  # an unnamed path(): fill the keywords in
        url = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route.route)
    if url is None:
        pytest.skip(f"{route.route}: an unnamed regular-expression pattern (the admin's "
                    "catch-all), checked by test_admin_catch_all_sends_to_sign_in")
    return url


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_visitor(client, db, route):
    url = url_for(route)
    response = client.get(url)
    if route.name in PUBLIC or (route.name or "").startswith(PUBLIC_NAMESPACES):
        assert response.status_code in (200, 302, 404, 405), response.status_code
        assert not response.get("Location", "").startswith(SIGN_IN)
        return
    if (route.name or "").startswith(API_NAMESPACE):  # an API operation: no redirects
        assert response.status_code in (401, 405), f"{url}: {response.status_code}"
        assert client.post(url, {}).status_code in (401, 405)
        return
    if response.status_code == 405:  # a POST-only action
        response = client.post(url, {})
    assert response.status_code == 302, f"{url}: {response.status_code} for anonymous"
    assert response["Location"].startswith(SIGN_IN), f"{url} → {response['Location']}"


def test_admin_catch_all_sends_to_sign_in(client, db):
    response = client.get("/admin/no-such-page/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
