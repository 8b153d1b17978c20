"""API tokens in the admin: read-only (never the digest); revoke through the service."""

from django.contrib import admin

from liaison.api.models import ApiToken
from liaison.api.services import api_token_revoke
from liaison.audit.admin_mixins import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "user", "liaison_org", "created_at", "last_used_at",
                    "revoked_at")
    list_filter = ("liaison_org",)
    search_fields = ("name", "prefix", "user__username")
    fields = ("name", "prefix", "user", "liaison_org", "created_at", "last_used_at",
              "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
