"""How an API request is authenticated: a bearer token (scripts) or the browser's session.

* ``Authorization: Bearer lia_…`` — the token's user, working in the token's organization.
  A missing, unknown or revoked token, or an inactive user, authenticates nothing (401).
* The session cookie — the signed-in user in the organization chosen in the session; unsafe
  methods need the CSRF token (``X-CSRFToken``), as on the pages. Without a signed-in
  session the answer is 401, not a CSRF failure.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from liaison.api.selectors import active_token
from liaison.api.services import api_token_touch


class TokenAuth(HttpBearer):
    """A bearer token created at ``/api/tokens/`` or by ``liaison api token create``."""

    def authenticate(self, request: HttpRequest, token: str):
        found = active_token(token.strip())
        if found is None:
            return None
        api_token_touch(token=found)
        request.user = found.user
        request.liaison_org = found.liaison_org
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session (e.g. the interactive docs), with Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if key and request.user.is_authenticated else None
