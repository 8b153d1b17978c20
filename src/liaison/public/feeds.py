"""Feeds anyone can subscribe to.

* Atom (``django.contrib.syndication``): announcements of public projects, news items, and
  consultations open now, newest first; each entry has a stable id.
* iCalendar (``icalendar``): every deadline of a public project — consultation deadlines and
  ISO ballot closings — in UTC, exact to the minute. A deadline is an instant, so its event
  is the deadline's minute: ``DTSTART`` is the deadline, ``DTEND`` one minute later (RFC 5545
  wants the end after the start); input is late from ``DTSTART`` on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from liaison.public import selectors

FEED_SIZE = 100
PRODID = "-//liaison//deadlines//EN"


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    description: str
    link: str
    at: dt.datetime


def _utc(at: dt.datetime) -> str:
    return f"{at.astimezone(dt.UTC):%Y-%m-%d %H:%M}"


def _project_link(project, anchor: str = "") -> str:
    return reverse("public:project", args=[project.pk]) + (f"#{anchor}" if anchor else "")


def entries() -> list[Entry]:
    """The Atom feed's entries: announcements, news, open consultations; newest first."""
    items = [Entry(guid=f"news-{n.pk}", title=n.title, description=n.body,
                   link=reverse("public:news_item", args=[n.pk]), at=n.published_at)
             for n in selectors.published_news()]
    for a in selectors.outreach_log():
        items.append(Entry(
            guid=f"announcement-{a.ref}",
            title=f"{a.project.reference}: {a.subject}",
            description=a.kind + (_(" — deadline %(at)s UTC") % {"at": _utc(a.deadline)}
                                  if a.deadline else ""),
            link=_project_link(a.project), at=a.at))
    for c in selectors.open_consultations():
        items.append(Entry(
            guid=f"consultation-{c.pk}", title=f"{c.project.reference}: {c.title}",
            description=_("%(kind)s open until %(at)s UTC") % {
                "kind": c.get_kind_display(), "at": _utc(c.deadline)},
            link=_project_link(c.project, f"consultation-{c.pk}"), at=c.opens_at))
    return sorted(items, key=lambda e: (e.at, e.guid), reverse=True)[:FEED_SIZE]


class AtomFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Announcements, news and open consultations")
    subtitle = gettext_lazy("Standards work we take part in: what was announced, and where "
                            "your input is wanted now.")

    def link(self) -> str:
        return reverse("public:home")

    def items(self) -> list[Entry]:
        return entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return f"tag:liaison,2026:{item.guid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.at

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.at


def calendar_bytes(request: HttpRequest) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Deadlines"))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for d in selectors.deadlines():
        start = d.at.astimezone(dt.UTC)
        event = Event()
        event.add("uid", f"{d.uid}@{request.get_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=1))
        event.add("summary", _("Deadline: %(title)s") % {"title": d.title}
                  if d.kind == "consultation" else _("ISO ballot closes: %(title)s")
                  % {"title": d.title})
        event.add("description", f"{d.project.reference} — {d.project.title}\n{d.description}")
        event.add("url", request.build_absolute_uri(_project_link(d.project)))
        cal.add_component(event)
    return cal.to_ical()


def ical(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(calendar_bytes(request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response
