"""Back office: announcements and notices are read-only records of what was sent; the trigger
table (who is told of each step, by which channels) is edited here, each change audited."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from liaison.notices.models import Announcement, DeliveryAttempt, Notice, Trigger
from liaison.notices.recipients import ROLES


class TriggerForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("who is told"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(slug, label) for slug, (label, _resolve) in ROLES.items()])

    class Meta:
        model = Trigger
        fields = ["slug", "description", "roles", "in_app", "email"]


@admin.register(Trigger)
class TriggerAdmin(AuditedAdmin):
    form = TriggerForm
    list_display = ["slug", "description", "roles", "in_app", "email"]


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
