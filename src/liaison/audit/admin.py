from django.contrib import admin

from liaison.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ("seq", "at", "actor_label", "verb", "object_type", "object_id", "summary")
    list_filter = ("verb", "object_type")
    search_fields = ("summary", "actor_label", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
