"""The default trigger table (who is told of each process step), held in code as well as in
the ``Trigger`` rows the admin edits.

A row edited in the admin wins. A step whose row is missing — a database created before the
trigger existed, or flushed by a test — is told by its default here, and the row is created
then, so it shows in the admin from then on. To tell nobody of a step, switch its channels
off in the admin: deleting its row only brings the default back.
"""

from __future__ import annotations

from liaison.notices.models import Trigger

PARTIES = ["objector", "coordinators"]
APPEAL = ["appellant", "panel"]
#: (slug, description, roles of ``recipients.ROLES``), in the app and by e-mail.
DEFAULTS = [
    ("step.drafts_ready", "Drafts ready for positions",
     ["committee_members", "commenters", "told"]),
    ("step.positions_closing", "Positions close soon",
     ["committee_members", "commenters", "told"]),
    ("positions.review", "A draft changed: positions on it to review", ["position_holders"]),
    ("step.verdict", "Verdict reached (position finalized)",
     ["coordinators", "committee_members", "position_holders", "commenters"]),
    ("consensus.outcome", "Outcome submitted", ["commenters", "position_holders"]),
    ("observations.pass_on", "Secretariat's observations passed on", ["commenters"]),
    ("step.dispute_open", "Dispute opened", PARTIES),
    ("step.dispute_mediation", "Dispute in mediation", PARTIES),
    ("step.dispute_resolved", "Dispute resolved", PARTIES),
    ("step.dispute_escalated", "Dispute escalated to an appeal", PARTIES),
    ("step.appeal_filed", "Appeal filed", ["appellant", "panel", "coordinators"]),
    ("step.appeal_admissible", "Appeal admitted", APPEAL),
    ("step.appeal_inadmissible", "Appeal declared inadmissible", APPEAL),
    ("step.appeal_panel", "Appeal panel appointed", APPEAL),
    ("step.appeal_under_review", "Appeal under review", APPEAL),
    ("step.appeal_decided", "Appeal decided", APPEAL),
    ("step.appeal_closed", "Appeal closed", APPEAL),
]



def trigger_for(slug: str) -> Trigger | None:
    """The ``Trigger`` row for ``slug``, created from :data:`DEFAULTS` when missing (None for
    a slug that has no default)."""
    rule = Trigger.objects.filter(slug=slug).first()
    if rule is not None:
        return rule
    default = next((d for d in DEFAULTS if d[0] == slug), None)
    if default is None:
        return None
    rule, _created = Trigger.objects.get_or_create(slug=slug, defaults={
        "description": default[1], "roles": default[2], "in_app": True, "email": True})
    return rule
