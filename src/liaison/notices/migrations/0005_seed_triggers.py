"""The default trigger table: who is told of each process step (roles of
``notices.recipients.ROLES``), in the app and by e-mail. Edited afterwards in the admin."""

from django.db import migrations

PARTIES = ["objector", "coordinators"]
APPEAL = ["appellant", "panel"]
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


def seed(apps, schema_editor):
    Trigger = apps.get_model("notices", "Trigger")
    for slug, description, roles in DEFAULTS:
        Trigger.objects.update_or_create(slug=slug, defaults={
            "description": description, "roles": roles, "in_app": True, "email": True})


def unseed(apps, schema_editor):
    apps.get_model("notices", "Trigger").objects.filter(
        slug__in=[slug for slug, _d, _r in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_step_notices_and_trigger_table")]
    operations = [migrations.RunPython(seed, unseed)]
