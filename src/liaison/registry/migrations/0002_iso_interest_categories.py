"""ISO's stakeholder categories (ISO/IEC Directives and ISO's stakeholder engagement guide)."""

from django.db import migrations

ISO_CATEGORIES = [
    ("industry", "Industry and commerce", 10),
    ("government", "Government", 20),
    ("consumers", "Consumers", 30),
    ("labour", "Labour", 40),
    ("academic", "Academic and research bodies", 50),
    ("standards-application", "Standards application", 60),
    ("ngo", "Non-governmental organizations", 70),
    ("other", "Other", 80),
]


def add_categories(apps, schema_editor):
    InterestCategory = apps.get_model("registry", "InterestCategory")
    for code, name, order in ISO_CATEGORIES:
        InterestCategory.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "is_iso": True}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("registry", "InterestCategory").objects.filter(is_iso=True).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_categories, remove_categories)]
