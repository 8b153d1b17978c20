from django.contrib import admin

from liaison.audit.admin_mixins import AuditedAdmin
from liaison.projects import models


class DeclaredGroupInline(admin.TabularInline):
    """Shown read-only: the groups that must be involved are part of the consensus rule, so
    they change on the project's page, through ``services.project_declare_groups`` (which
    refuses while a consultation of the project decides its position)."""

    model = models.DeclaredGroup
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DocumentInline(admin.TabularInline):
    model = models.ProjectDocument
    extra = 0


class BallotInline(admin.TabularInline):
    model = models.Ballot
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ("reference", "title", "committee", "stage_code", "is_public")
    list_filter = ("stage_code", "is_public", "liaison_org")
    search_fields = ("reference", "title")
    inlines = [DeclaredGroupInline, DocumentInline, BallotInline]


@admin.register(models.Engagement)
class EngagementAdmin(AuditedAdmin):
    list_display = ("project", "stakeholder", "level")
    list_filter = ("level",)
