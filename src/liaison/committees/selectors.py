"""Reads about committees, scoped to one liaison organization."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from liaison.committees.models import Committee, Meeting, Member


def committees_of(liaison_org) -> QuerySet[Committee]:
    today = timezone.now().date()
    current = Q(members__term_start__lte=today) & (Q(members__term_end__isnull=True)
                                                    | Q(members__term_end__gte=today))
    return (Committee.objects.filter(liaison_org=liaison_org)
            .annotate(n_members=Count("members", filter=current, distinct=True),
                      n_meetings=Count("meetings", distinct=True)))


def committee_of(liaison_org, pk: int) -> Committee:
    return Committee.objects.get(liaison_org=liaison_org, pk=pk)


def meeting_of(liaison_org, pk: int) -> Meeting:
    return (Meeting.objects.select_related("committee__liaison_org")
            .get(committee__liaison_org=liaison_org, pk=pk))


ROLE_RANK = Case(*(When(role=role, then=Value(rank))
                   for rank, role in enumerate(Member.Role.values)), default=Value(99))


def members_of(committee: Committee) -> QuerySet[Member]:
    """Members in the order chair, secretary, member, observer; then by appointment."""
    return (committee.members.select_related("user", "stakeholder")
            .annotate(rank=ROLE_RANK).order_by("rank", "pk"))


def current_members(committee: Committee, on: dt.date | None = None) -> list[Member]:
    """Members whose term covers ``on`` (today by default)."""
    on = on or timezone.now().date()
    return [m for m in members_of(committee).filter(term_start__lte=on)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))]


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its organization's time zone (terms are calendar days there)."""
    zone = zoneinfo.ZoneInfo(meeting.committee.liaison_org.time_zone or "UTC")
    return meeting.starts_at.astimezone(zone).date()


def invitation_list(meeting: Meeting) -> list[Member]:
    """Who is invited: every member current on the day of the meeting, whatever their role
    (equal opportunity to take part, guidance 4)."""
    return current_members(meeting.committee, on=meeting_day(meeting))


def meetings_of(committee: Committee) -> QuerySet[Meeting]:
    return committee.meetings.all()
