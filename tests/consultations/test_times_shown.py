"""One time rule (issue 14 item 6): every time in the viewer's zone with the zone named, a
deadline also in UTC — and the consultation page agrees with its footer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from liaison.access.times import deadline
from liaison.consultations.models import Consultation

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2031, 3, 14, 16, 0, tzinfo=dt.UTC)


def _in_zone(client, user, zone: str):
    client.force_login(user)
    session = client.session
    session["time_zone"] = zone
    session.save()


def test_the_deadline_is_in_the_viewers_zone_named_and_in_utc(client, coordinator,
                                                              consultation):
    Consultation.objects.filter(pk=consultation.pk).update(deadline=DEADLINE)
    _in_zone(client, coordinator, "Asia/Tokyo")  # the organization works in Europe/Paris
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Times are shown in Asia/Tokyo." in html
    assert "2031-03-15 01:00 JST (2031-03-14 16:00 UTC)" in html
    assert "Europe/Paris" not in html and "17:00 CET" not in html
    listing = client.get(reverse("consultations:list")).content.decode()
    assert "2031-03-15 01:00 JST (2031-03-14 16:00 UTC)" in listing


def test_the_history_is_in_the_viewers_zone_too(client, coordinator, consultation):
    _in_zone(client, coordinator, "America/Toronto")
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    history = html[html.index("<summary>History"):]
    assert " EST · " in history or " EDT · " in history  # Toronto, named
    assert " CET · " not in history and " CEST · " not in history


def test_a_viewer_in_utc_gets_the_time_once_and_french_gets_its_own_order():
    with timezone.override(dt.UTC):
        assert deadline(DEADLINE) == "2031-03-14 16:00 UTC"
    with timezone.override("Europe/Paris"), translation.override("fr"):
        assert deadline(DEADLINE) == "14/03/2031 17:00 CET (2031-03-14 16:00 UTC)"
