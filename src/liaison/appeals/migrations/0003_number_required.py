"""Every dispute and appeal has its number, unique in its organization."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0002_number_per_organization'),
    ]

    operations = [
        migrations.AlterField(
            model_name='appeal',
            name='number',
            field=models.PositiveIntegerField(verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='dispute',
            name='number',
            field=models.PositiveIntegerField(verbose_name='number'),
        ),
        migrations.AddConstraint(
            model_name='appeal',
            constraint=models.UniqueConstraint(fields=('liaison_org', 'number'), name='uniq_appeal_number'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.UniqueConstraint(fields=('liaison_org', 'number'), name='uniq_dispute_number'),
        ),
    ]
