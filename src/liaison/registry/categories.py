"""ISO's eight stakeholder categories, the default set every installation starts with."""

from __future__ import annotations

from liaison.registry.models import InterestCategory

ISO_CATEGORIES: tuple[tuple[str, str, int], ...] = (
    ("industry", "Industry and commerce", 10),
    ("government", "Government", 20),
    ("consumers", "Consumers", 30),
    ("labour", "Labour", 40),
    ("academic", "Academic and research bodies", 50),
    ("standards-application", "Standards application", 60),
    ("ngo", "Non-governmental organizations", 70),
    ("other", "Other", 80),
)


def ensure_iso_categories() -> dict[str, InterestCategory]:
    """Create any missing ISO category (the data migration creates them on a new database)
    and return every category by code."""
    for code, name, order in ISO_CATEGORIES:
        InterestCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "is_iso": True})
    return {c.code: c for c in InterestCategory.objects.all()}
