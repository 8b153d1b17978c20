"""One rule for the times people read (issue 14).

Every time is shown in the viewer's zone — the one the footer names: the zone they picked,
else the organization's, else UTC (``access.middleware.UserTimezoneMiddleware``) — with the
zone named, in the language's ``SHORT_DATETIME_FORMAT`` (docs/i18n.md); a deadline is also
given in UTC, so people in different zones agree on it. Templates use ``{{ t|when }}`` and
``{{ d|deadline }}`` (``access/templatetags/when.py``); Python writing a message for the page
(a refusal naming the deadline) calls these functions."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def when(value: dt.datetime | None, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """``value`` in the current (viewer's) zone, the zone named; ``""`` for no time."""
    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    return formats.date_format(timezone.localtime(value) if timezone.is_aware(value)
                               else value, fmt)


def deadline(value: dt.datetime | None, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """``when(value)`` followed by the same moment in UTC, unless the viewer's zone is UTC."""
    local = when(value, fmt)
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        return local
    if timezone.get_current_timezone_name() in ("UTC", "Etc/UTC"):
        return local
    return _("%(local)s (%(utc)s UTC)") % {
        "local": local, "utc": f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M}"}
