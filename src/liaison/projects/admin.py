from django.contrib import admin

from liaison.audit.admin_mixins import AuditedAdmin
from liaison.projects import models


class DeclaredGroupInline(admin.TabularInline):
    model = models.DeclaredGroup
    extra = 0


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
