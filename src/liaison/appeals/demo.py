"""Demonstration appeal (called by ``liaison demo``, idempotent).

A stakeholder (Sofia Marquez) appeals the "noted" disposition of her own comment on
ISO/CD 23081-4 (only a decision that concerns the appellant can be appealed); the coordinator
admits it and appoints a panel member who took no part in the
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
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["stakeholder", "panel"])}
    if len(users) < 2:
        return None
    disposition = (Disposition.objects.filter(consultation=consultation, kind="noted",
                                              comment__author__user=users["stakeholder"])
                   .first())
    if disposition is None:
        return None
    appeal = services.appeal_file(
        actor=users["stakeholder"], subject=disposition, summary=SUMMARY,
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
