"""Back office for consultations and comments (read-mostly).

Rules: a consultation's details may be edited here (each save is audited by
:class:`AuditedAdmin`), its deadline and late policy only while it is a draft; it is
opened (by announcing it) and its input window changed only on the consultation's pages,
which ask for the reason; the "close" action calls the service, which closes at or after the
deadline and refuses before it (that needs a reason); consultations are never deleted here.
Comments are read-only: they change only through the services (versioned and audited).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from liaison.consultations import services
from liaison.consultations.models import Comment, Consultation


def _apply(modeladmin, request, queryset, service, done: str) -> None:
    for consultation in queryset:
        try:
            service(actor=request.user, consultation=consultation)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{consultation}: {' '.join(exc.messages)}",
                                    messages.ERROR)
        else:
            modeladmin.message_user(request, f"{consultation}: {done}", messages.SUCCESS)


@admin.action(description=_("Close the selected consultations"))
def close_consultations(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.consultation_close, "closed")


class ConsultationAdminForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["liaison_org", "project", "document", "ballot", "kind", "title",
                  "instructions", "opens_at", "deadline", "late_policy", "reminder_days"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if "deadline" in self.changed_data and deadline <= timezone.now():
            raise ValidationError(_("The deadline is in the past; choose a date and time still "
                                    "to come."))
        return deadline


@admin.register(Consultation)
class ConsultationAdmin(AuditedAdmin):
    form = ConsultationAdminForm
    list_display = ("title", "project", "state", "deadline", "late_policy", "liaison_org")
    list_filter = ("state", "late_policy", "liaison_org")
    search_fields = ("title", "project__reference")
    readonly_fields = ("state", "created_by", "created_at")
    raw_id_fields = ("project", "document", "ballot")
    actions = [close_consultations]

    def get_readonly_fields(self, request, obj=None):
        """The input window, once announced (deadline and late policy), changes only through
        the pages that ask for the reason and tell everyone told
        (``services.consultation_update`` refuses it too)."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.state != "draft":
            fields = (*fields, "deadline", "late_policy")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "consultation", "author", "mb", "clause", "type", "status",
                    "is_late", "channel")
    list_filter = ("status", "type", "channel", "is_late")
    search_fields = ("comment", "proposed_change", "clause", "source_ref")
