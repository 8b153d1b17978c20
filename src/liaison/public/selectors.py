"""What anyone may read without signing in."""

from django.db.models import QuerySet

from liaison.projects.models import Project


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(is_public=True).select_related("committee", "liaison_org")
