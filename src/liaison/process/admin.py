from django.contrib import admin

from liaison.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from liaison.process import models


@admin.register(models.ProcessVersion)
class ProcessVersionAdmin(AuditedAdmin):
    list_display = ("liaison_org", "number", "status", "published_at", "published_by")
    list_filter = ("status", "liaison_org")

    def has_change_permission(self, request, obj=None):
        """A published version is read-only here too (the model refuses the save anyway)."""
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.ConsultationProcess)
class ConsultationProcessAdmin(ReadOnlyAdmin):
    """Read-only: the process version governing a consultation (and so its consensus rule) is
    recorded once, when it opens (``services.consultation_record_process``); changing it
    afterwards would judge the consultation by other rules than those announced."""

    list_display = ("consultation", "process_version", "recorded_at")
