"""Helpers that prove "nothing changed": a count of every table the app writes."""

from django.apps import apps


def row_counts() -> dict[str, int]:
    counted = ("audit", "registry", "projects", "consultations", "consensus", "committees",
               "appeals", "public", "metrics")
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in counted}
