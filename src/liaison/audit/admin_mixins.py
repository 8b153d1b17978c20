"""Admin writes are recorded in the audit trail like service writes.

The admin's add/change/delete views already run inside a transaction; the event is recorded
in it, so the change and its event commit or roll back together.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from liaison.audit.services import audit_record, changes, snapshot

_OWNER_PATHS = ("liaison_org", "project", "relationship", "consultation", "stakeholder")


def liaison_org_of(obj):
    """The liaison organization a record belongs to, following its owner links."""
    for _ in range(4):
        if obj is None:
            return None
        if obj._meta.label == "registry.LiaisonOrganization":
            return obj
        if getattr(obj, "liaison_org_id", None):
            return obj.liaison_org
        obj = next((getattr(obj, name) for name in _OWNER_PATHS[1:]
                    if getattr(obj, f"{name}_id", None)), None)
    return None


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        verb, done = ("change", "changed") if change else ("add", "added")
        audit_record(actor=request.user, verb=f"admin.{verb}", target=obj,
                     liaison_org=liaison_org_of(obj),
                     summary=f"{obj._meta.verbose_name} “{obj}” {done} in the admin",
                     data={"changes": changes(before, snapshot(obj))})

    def delete_model(self, request, obj):
        audit_record(actor=request.user, verb="admin.delete", target=obj,
                     liaison_org=liaison_org_of(obj),
                     summary=f"{obj._meta.verbose_name} “{obj}” deleted in the admin",
                     data={"values": snapshot(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a project's ballots) are recorded one event each."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_model(request, obj)
        for obj in instances:
            adding = obj.pk is None
            before = {} if adding else snapshot(type(obj).objects.get(pk=obj.pk))
            obj.save()
            verb, done = ("add", "added") if adding else ("change", "changed")
            audit_record(actor=request.user, verb=f"admin.{verb}", target=obj,
                         liaison_org=liaison_org_of(obj),
                         summary=f"{obj._meta.verbose_name} “{obj}” {done} in the admin",
                         data={"changes": changes(before, snapshot(obj))})
        formset.save_m2m()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through the services (their audit events, transitions and notices)
    are shown in the admin but cannot be added, changed or deleted there."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
