"""Back office: announcements and notices are read-only records of what was sent."""

from django.contrib import admin

from liaison.notices.models import Announcement, DeliveryAttempt, Notice


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnly):
    list_display = ["subject", "kind", "project", "deadline", "sent_at", "recipient_count"]
    list_filter = ["kind", "liaison_org"]


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ["announcement", "stakeholder", "channel", "state", "attempts", "sent_at"]
    list_filter = ["channel", "state"]
    search_fields = ["stakeholder__name", "address"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnly):
    list_display = ["notice", "at", "ok", "error", "worker"]
    list_filter = ["ok"]
