from django.contrib import admin

from liaison.audit.admin_mixins import ReadOnlyAdmin
from liaison.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only."""

    list_display = ("seq", "at", "actor_label", "verb", "object_type", "object_id", "summary")
    list_filter = ("verb", "object_type")
    search_fields = ("summary", "actor_label", "object_id")
