"""The outbox page: every message the development mail catcher caught (``make run``).

There only when ``LIAISON_OUTBOX_DIR`` is set and not in production (a 404 otherwise), for
coordinators and administrators: mail is addressed to stakeholders.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from liaison.access.decorators import requires
from liaison.notices.faults import mail_server
from liaison.outbox import selectors


def _path() -> str:
    if not settings.LIAISON_OUTBOX_DIR or settings.PRODUCTION:
        raise Http404
    return settings.LIAISON_OUTBOX_DIR


@requires("outbox.read")
def outbox(request):
    messages, total = selectors.caught_messages(_path())
    return render(request, "outbox/list.html", {"caught": messages, "total": total,
                                                "server": mail_server()[1]})


@requires("outbox.read")
def message(request, key: str):
    caught = selectors.caught_message(_path(), key)
    if caught is None:
        raise Http404
    return render(request, "outbox/detail.html", {"m": caught})
