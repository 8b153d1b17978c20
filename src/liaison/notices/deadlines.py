"""Deadline rules: stored in UTC, exact to the minute, never already past when announced.

The internal deadline of a consultation on an ISO ballot is the ballot's closing instant minus
the organization's lead time (``LiaisonOrganization.lead_time_days``): our stakeholders answer
first, so that the coordinator has time to build the consensus position before ISO closes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def internal_deadline(closes_at: dt.datetime, lead_time_days: int) -> dt.datetime:
    """``closes_at − lead_time_days``, in UTC, truncated to the minute."""
    value = closes_at.astimezone(dt.UTC) - dt.timedelta(days=lead_time_days)
    return value.replace(second=0, microsecond=0)


def suggested_deadline(ballot) -> dt.datetime:
    """The consultation deadline suggested for ``ballot`` (a ``projects.Ballot``)."""
    return internal_deadline(ballot.closes_at, ballot.project.liaison_org.lead_time_days)


def reminder_due_at(deadline: dt.datetime, reminder_days: int) -> dt.datetime | None:
    """When the reminder goes out: ``reminder_days`` before the deadline (0: never)."""
    if not reminder_days:
        return None
    return deadline - dt.timedelta(days=reminder_days)


def days_before(deadline: dt.datetime, at: dt.datetime) -> float:
    """Days (with a fraction, 2 decimals) between ``at`` and ``deadline``."""
    return round((deadline - at).total_seconds() / 86400, 2)


def is_past(deadline: dt.datetime, now: dt.datetime | None = None) -> bool:
    return deadline <= (now or timezone.now())
