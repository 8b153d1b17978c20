"""A stakeholder's language may be "" (no preference: the browser's on pages, English in
e-mail), the default for new stakeholders. Existing rows keep the language they have: a stored
"en" may have been chosen, so it is not guessed to mean "no preference"."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_iso_interest_categories'),
    ]

    operations = [
        migrations.AlterField(
            model_name='stakeholder',
            name='language',
            field=models.CharField(blank=True, choices=[('', "Browser's language"), ('en', 'English'), ('fr', 'French')], default='', max_length=5, verbose_name='language'),
        ),
    ]
