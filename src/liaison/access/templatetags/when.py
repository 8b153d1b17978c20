"""``{{ t|when }}`` and ``{{ d|deadline }}``: times in the viewer's zone with the zone named,
deadlines also in UTC (``liaison.access.times``). ``{{ t|when:"DATETIME_FORMAT" }}`` picks
the long named format."""

from __future__ import annotations

from django import template

from liaison.access import times

register = template.Library()


@register.filter
def when(value, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    return times.when(value, fmt)


@register.filter
def deadline(value, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    return times.deadline(value, fmt)
