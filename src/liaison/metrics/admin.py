from django.contrib import admin

from liaison.metrics.models import ProcessReview


@admin.register(ProcessReview)
class ProcessReviewAdmin(admin.ModelAdmin):
    """Read-only here: reviews are written on the self-assessment pages (audited)."""

    list_display = ("title", "held_on", "liaison_org")
    list_filter = ("liaison_org",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
