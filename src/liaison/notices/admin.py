"""Back office: announcements and notices are read-only records of what was sent; the trigger
table (who is told of each step, by which channels) is edited here, each change audited."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from liaison.notices.models import Announcement, DeliveryAttempt, Notice, Trigger
from liaison.notices.recipients import ROLES


class TriggerForm(forms.ModelForm):
    """Who is told of a step may change; that somebody is told may not: a trigger names at
    least one role and one channel (everyone concerned is told at each step)."""

    roles = forms.MultipleChoiceField(
        label=_("who is told"), widget=forms.CheckboxSelectMultiple,
        choices=[(slug, label) for slug, (label, _resolve) in ROLES.items()],
        error_messages={"required": _("Choose who is told: a step tells someone.")})

    class Meta:
        model = Trigger
        fields = ["slug", "description", "roles", "in_app", "email"]

    def clean(self):
        data = super().clean()
        if not (data.get("in_app") or data.get("email")):
            raise forms.ValidationError(_("Choose how they are told (in the app, by e-mail or "
                                          "both): a step tells someone."))
        return data


@admin.register(Trigger)
class TriggerAdmin(AuditedAdmin):
    """A trigger's slug is the step the code names; renaming or deleting it would make that
    step tell nobody, so neither is possible here."""

    form = TriggerForm
    list_display = ["slug", "description", "roles", "in_app", "email"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "slug") if obj is not None else fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
