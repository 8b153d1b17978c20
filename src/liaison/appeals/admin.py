"""Back office: appeals and disputes are read-only here — every change goes through the
services (audit trail, transitions, notices)."""

from django.contrib import admin

from liaison.appeals.models import Appeal, AppealSettings, Dispute
from liaison.audit.admin_mixins import ReadOnlyAdmin


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("reference", "liaison_org", "subject_label", "state", "outcome", "filed_at")
    list_filter = ("state", "outcome", "liaison_org")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ("reference", "liaison_org", "subject_label", "state", "opened_at")
    list_filter = ("state", "liaison_org")


@admin.register(AppealSettings)
class AppealSettingsAdmin(ReadOnlyAdmin):
    list_display = ("liaison_org", "window_days", "admissibility_days", "decision_days")
