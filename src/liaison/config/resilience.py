"""Answer 503 "try again" instead of a 500 while the database is unreachable.

During a PostgreSQL restart or fail-over every request that touches the database raises
``django.db.OperationalError`` (connection refused, "terminating connection due to
administrator command", "the database system is starting up") or ``InterfaceError``
("connection already closed"). Those are not bugs of ours: the right answer is
``503 Service Unavailable`` with ``Retry-After``, so browsers, proxies and scripts know the
request may simply be sent again. The database rolled the request's transaction back, so
nothing was stored (see docs/load-and-faults.md).

:class:`DatabaseUnavailableMiddleware` sits near the top of ``MIDDLEWARE``. It sees the
error either

- raised by the view (``process_exception``), or
- raised in an inner middleware (the session or the signed-in user is loaded from the
  database before any view runs). Django turns such an exception into a 500 response inside
  that middleware's layer, so the outer middleware never sees it; it does send
  ``got_request_exception`` while handling it, so a receiver notes the database error on the
  request and the middleware then replaces the 500 response.

Other exceptions still give the usual 500 (bugs must stay visible). The 503 page renders no
template and runs no query (the context processors would hit the database again).
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import get_language, gettext

logger = logging.getLogger("liaison.resilience")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
_FLAG = "_liaison_database_unavailable"


def unavailable_response(request=None) -> HttpResponse:
    """The 503 page: no template, no database."""
    title = gettext("Service briefly unavailable")
    text = gettext("The service is briefly unavailable. Nothing was saved: please try again "
                   "in a few seconds.")
    lang = escape(get_language() or "en")
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
            f"<p>{escape(text)}</p></main></body></html>")
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _note_database_error(sender, request=None, **kwargs) -> None:
    """``got_request_exception`` receiver: mark the request if the error is the database's."""
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DATABASE_ERRORS):
        setattr(request, _FLAG, exc)


got_request_exception.connect(_note_database_error, dispatch_uid="liaison.resilience")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exc = getattr(request, _FLAG, None)
        if exc is not None and response.status_code >= 500:
            logger.warning("database unavailable, answered 503: %s %s: %s",
                           request.method, request.path, exc)
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable, answered 503: %s %s: %s",
                           request.method, request.path, exception)
            return unavailable_response(request)
        return None
