"""When a consultation takes input, and when a comment is frozen — decided here only.

Rules:

* input (a new comment, a draft's edit or submission, an import) is taken only while the
  consultation is **open**; before it opens nothing is taken, and once it is closed (or
  further along) every comment is frozen;
* before the deadline, input is taken and a comment, draft or submitted, may be edited;
* from the deadline's exact minute on, a **submitted** comment is frozen; new input is refused
  under the ``refuse`` late policy, and taken but flagged late under the ``flag`` policy
  (then a draft may still be edited and submitted, flagged late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from liaison.access import times
from liaison.consultations.states import State


@dataclass(frozen=True)
class Admission:
    """Whether input is taken now; ``late`` when taken after the deadline; ``reason`` when not."""

    allowed: bool
    late: bool = False
    reason: str = ""


def deadline_text(consultation) -> str:
    """The deadline in the viewer's zone, named, and in UTC (``access.times.deadline``)."""
    return times.deadline(consultation.deadline)


def admission(consultation, *, now: dt.datetime | None = None) -> Admission:
    """May new input be taken for ``consultation`` at ``now``?"""
    if consultation.state == State.DRAFT:
        return Admission(False, reason=_("This consultation is not open for comments yet."))
    if consultation.state != State.OPEN:
        return Admission(False, reason=_(
            "This consultation is closed: its comments are frozen and no more are taken."))
    if not consultation.deadline_passed(now):
        return Admission(True)
    if consultation.late_policy == consultation.LatePolicy.FLAG:
        return Admission(True, late=True)
    return Admission(False, reason=_(
        "The deadline (%(deadline)s) has passed: comments are frozen and late comments are "
        "not accepted.") % {"deadline": deadline_text(consultation)})


def edit_admission(comment, *, now: dt.datetime | None = None) -> Admission:
    """May ``comment`` be edited (or submitted) at ``now``?"""
    consultation = comment.consultation
    if comment.status == comment.Status.SUBMITTED and consultation.deadline_passed(now):
        return Admission(False, reason=_(
            "The deadline (%(deadline)s) has passed: submitted comments are frozen and can no "
            "longer be changed.") % {"deadline": deadline_text(consultation)})
    return admission(consultation, now=now)
