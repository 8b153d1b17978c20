from django.contrib import admin

from liaison.audit.admin_mixins import AuditedAdmin
from liaison.committees import models


class MemberInline(admin.TabularInline):
    model = models.Member
    extra = 0


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "liaison_org")
    list_filter = ("liaison_org",)
    inlines = [MemberInline]


@admin.register(models.Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("title", "committee", "kind", "starts_at")
    list_filter = ("kind",)
    inlines = [AgendaInline]
