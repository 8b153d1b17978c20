"""The Atom feed is well-formed XML with the right entries; the iCalendar feed parses and its
deadlines are exact to the minute in UTC."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import icalendar
from django.urls import reverse

from liaison.public.services import news_publish
from tests.public.conftest import BALLOT_CLOSES, DEADLINE

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_valid_xml_with_news_and_open_consultations(client, org, site):
    news_publish(actor=None, liaison_org=org, title="Kick-off meeting", body="Join us.",
                 project=site.public)
    response = client.get(reverse("public:atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "Kick-off meeting" in titles
    assert "ISO/DIS 15836-2: Comments on the DIS" in titles
    assert not any("Secret" in t or "Draft call" in t for t in titles)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)) and all(ids)
    for entry in entries:
        assert entry.find(f"{ATOM}updated") is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    consultation = entries[titles.index("ISO/DIS 15836-2: Comments on the DIS")]
    assert "2031-03-15 11:59 UTC" in consultation.findtext(f"{ATOM}summary")


def test_icalendar_feed_has_exact_utc_deadlines_of_public_projects_only(client, site):
    response = client.get(reverse("public:ical"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Deadline: Comments on the DIS",
                           "ISO ballot closes: ISO/DIS 15836-2: DIS ballot"}
    deadline = events["Deadline: Comments on the DIS"]
    assert deadline.decoded("DTSTART") == DEADLINE
    assert deadline.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert deadline.decoded("DTEND") == DEADLINE + dt.timedelta(minutes=1)
    assert b"DTSTART:20310315T115900Z" in response.content
    ballot = events["ISO ballot closes: ISO/DIS 15836-2: DIS ballot"]
    assert ballot.decoded("DTSTART") == BALLOT_CLOSES
    assert b"DTSTART:20310402T223000Z" in response.content
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
