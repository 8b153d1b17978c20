"""The iCalendar invitation to a meeting (RFC 5545, ``METHOD:REQUEST``).

- ``UID`` is ``meeting-<uuid>@<host>``: stable, so a calendar updates the same event when
  the invitation is sent again (with a higher ``SEQUENCE``);
- ``DTSTART``/``DTEND`` are written in UTC (``…Z``); calendars show them in each reader's zone;
- every invited member with an e-mail address is an ``ATTENDEE`` (``RSVP=TRUE``).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from liaison.committees.models import Meeting, Member


def host() -> str:
    return urlparse(settings.LIAISON_BASE_URL).hostname or "liaison.invalid"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@{host()}"


def _address(email: str, name: str, role: str = "REQ-PARTICIPANT") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    address.params["ROLE"] = vText(role)
    address.params["PARTSTAT"] = vText("NEEDS-ACTION")
    address.params["RSVP"] = vText("TRUE")
    return address


def invitation(meeting: Meeting, attendees: list[Member]) -> bytes:
    """The .ics file inviting ``attendees`` to ``meeting``."""
    cal = Calendar()
    cal.add("prodid", "-//liaison//committee meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    committee = meeting.committee
    event.add("summary", f"{committee}: {meeting.title}")
    lines = [f"{committee.name} — {meeting.get_kind_display()}"]
    lines += [f"{item.order}. {item.title}" for item in meeting.agenda.all()]
    if meeting.dial_in:
        lines.append(meeting.dial_in)
    lines.append(settings.LIAISON_BASE_URL.rstrip("/")
                 + reverse("committees:meeting", args=[meeting.pk]))
    event.add("description", "\n".join(lines))
    event.add("location", meeting.location or meeting.dial_in or "")
    if meeting.dial_in:
        event.add("url", meeting.dial_in)
    event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL, committee.liaison_org.name,
                                    "CHAIR"))
    for member in attendees:
        if member.email:
            role = "OPT-PARTICIPANT" if member.role == Member.Role.OBSERVER else \
                "REQ-PARTICIPANT"
            event.add("attendee", _address(member.email, member.name, role), encode=0)
    cal.add_component(event)
    return cal.to_ical()
