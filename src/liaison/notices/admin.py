"""Back office: announcements and notices are read-only records of what was sent."""

from django.contrib import admin

from liaison.audit.admin_mixins import ReadOnlyAdmin
from liaison.notices.models import Announcement, DeliveryAttempt, Notice


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind", "project", "deadline", "sent_at", "recipient_count"]
    list_filter = ["kind", "liaison_org"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["announcement", "stakeholder", "channel", "state", "attempts", "sent_at"]
    list_filter = ["channel", "state"]
    search_fields = ["stakeholder__name", "address"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    list_display = ["notice", "at", "ok", "error", "worker"]
    list_filter = ["ok"]
