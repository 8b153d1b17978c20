"""TOTP devices and failed sign-ins in the admin: view, and delete a lost device.

Devices cannot be added or edited here (enrolment proves the user's app has the secret), and
a deletion is recorded in the audit trail without the secret.
"""

from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.audit.services import audit_record
from liaison.security.models import SignInFailure

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "confirmed", "last_used_at")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    search_fields = ("user__username",)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, verb="admin.delete", target=obj,
                         summary=f"TOTP device of {obj.user} deleted in the admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(SignInFailure)
class SignInFailureAdmin(ReadOnlyAdmin):
    """Failures are written only by sign-in and expire with the window; deleting one would
    lift a lock without a trace, so nobody can."""

    def has_delete_permission(self, request, obj=None):
        return False

    list_display = ("at", "username", "address", "reason", "cleared")
    list_filter = ("reason", "cleared")
    search_fields = ("username", "address")
