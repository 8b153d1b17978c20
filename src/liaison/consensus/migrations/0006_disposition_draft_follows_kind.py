"""A disposition's draft link follows from its kind, in the database too. Rows that
contradicted it are put right first by the rule itself, each reported on the console:
"noted" and "not carried forward" name no draft (their link is cleared), and a "merged" row
without a draft becomes "noted" with a reason saying so (a merge into nothing recorded)."""

from django.conf import settings
from django.db import migrations, models


def clear_contradictions(apps, schema_editor):
    Disposition = apps.get_model("consensus", "Disposition")
    linked = Disposition.objects.filter(kind__in=["noted", "not_carried"], draft__isnull=False)
    for row in linked:
        print(f"  disposition of comment #{row.comment_id} ({row.kind}): link to draft "
              f"#{row.draft_id} cleared")
    linked.update(draft=None)
    unlinked = Disposition.objects.filter(kind="merged", draft__isnull=True)
    for row in unlinked:
        print(f"  disposition of comment #{row.comment_id}: merged into no draft, now noted")
    unlinked.update(kind="noted", reason="Recorded as merged into no consensus comment.")


class Migration(migrations.Migration):

    dependencies = [
        ('consensus', '0005_draft_withdraw_and_override'),
        ('consultations', '0002_comment_source_ref_longer_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(clear_contradictions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='disposition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('draft__isnull', False), ('kind__in', ['merged'])), models.Q(('draft__isnull', True), ('kind__in', ['noted', 'not_carried'])), ('kind__in', ['accepted', 'accepted_changes']), _connector='OR'), name='disposition_draft_follows_kind'),
        ),
    ]
