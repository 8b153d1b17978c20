"""Back office: appeals and disputes are read-only here — every change goes through the
services (audit trail, transitions, notices)."""

from django.contrib import admin

from liaison.appeals.models import Appeal, AppealSettings, Dispute


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnly):
    list_display = ("reference", "liaison_org", "subject_label", "state", "outcome", "filed_at")
    list_filter = ("state", "outcome", "liaison_org")


@admin.register(Dispute)
class DisputeAdmin(ReadOnly):
    list_display = ("reference", "liaison_org", "subject_label", "state", "opened_at")
    list_filter = ("state", "liaison_org")


@admin.register(AppealSettings)
class AppealSettingsAdmin(ReadOnly):
    list_display = ("liaison_org", "window_days", "admissibility_days", "decision_days")
