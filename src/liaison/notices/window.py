"""The notice telling everyone told that a consultation's input window changed: its kinds of
change, its subject and its e-mail, written in the recipient's language and time zone (the
composer renders it under both: :data:`liaison.notices.kinds.WRITERS`).

The announcement's ``criteria`` hold the change, the reason and the deadlines before and
after (ISO 8601); its ``deadline`` is the new one (the moment it closed, for an early close).
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notices import links

CLOSED_EARLY = "closed_early"
EXTENDED = "extended"
MOVED = "moved"  # the deadline brought forward
REOPENED = "reopened"


def subject(change: str, consultation) -> str:
    """The subject of the notice, in the current language."""
    title = consultation.title
    if change == CLOSED_EARLY:
        return _("Closed before its deadline: %(title)s") % {"title": title}
    if change == REOPENED:
        return _("Reopened for input: %(title)s") % {"title": title}
    if change == EXTENDED:
        return _("Deadline extended: %(title)s") % {"title": title}
    return _("Deadline changed: %(title)s") % {"title": title}


def write(announcement) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of a window-change notice, in the current language and
    time zone."""
    criteria = announcement.criteria
    consultation = announcement.consultation
    respond = links.respond_path(announcement)
    ctx = {
        "announcement": announcement, "org": announcement.liaison_org,
        "project": announcement.project, "consultation": consultation,
        "change": criteria["change"], "reason": criteria["reason"],
        "before": dt.datetime.fromisoformat(criteria["from"]),
        "after": dt.datetime.fromisoformat(criteria["to"]),
        "time_zone": timezone.get_current_timezone_name(),
        "notice_url": links.absolute(links.notice_path(announcement)),
        "respond_url": links.absolute(respond) if respond and criteria["change"] != CLOSED_EARLY
        else "",
    }
    return (subject(criteria["change"], consultation),
            render_to_string("notices/email/window_change.txt", ctx),
            render_to_string("notices/email/window_change.html", ctx))
