"""Demonstration appeal (called by ``liaison demo``, idempotent).

A committee member appeals the "noted" disposition of the Library Workers' Union comment on
ISO/CD 23081-4; the coordinator admits it and appoints a panel member who took no part in the
decision; the panel dismisses it with reasons; the outcome is public.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from liaison.appeals import services
from liaison.appeals.models import Appeal
from liaison.consensus.models import Disposition

SUMMARY = "Noting the comment on manually registered records defers it for years."


def load_demo_appeal(org, actor, consultation=None) -> Appeal | None:
    found = Appeal.objects.filter(liaison_org=org, summary=SUMMARY).first()
    if found is not None or consultation is None:
        return found
    disposition = (Disposition.objects.filter(consultation=consultation,
                                              comment__author__name="Library Workers' Union")
                   .first())
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["committee", "panel"])}
    if disposition is None or len(users) < 2:
        return None
    appeal = services.appeal_file(
        actor=users["committee"], subject=disposition, summary=SUMMARY,
        grounds="Small archives register most records by hand. The comment names a gap in "
                "the mapping itself, not a wish for the next revision; it should have been "
                "carried forward.")
    services.appeal_admissibility(actor=actor, appeal=appeal, admissible=True,
                                  reason="Filed in time by a participant, with grounds.")
    services.appeal_panel_set(actor=actor, appeal=appeal, members=[users["panel"]])
    services.appeal_review_start(actor=actor, appeal=appeal)
    return services.appeal_decide(
        actor=users["panel"], appeal=appeal, outcome="partly_upheld",
        reasons="The disposition stands for this CD, whose scope is automated capture, but "
                "its reason must say so; the comment is to be carried into the DIS "
                "consultation.")
