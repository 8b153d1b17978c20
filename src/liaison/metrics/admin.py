from django.contrib import admin

from liaison.audit.admin_mixins import ReadOnlyAdmin
from liaison.metrics.models import ProcessReview


@admin.register(ProcessReview)
class ProcessReviewAdmin(ReadOnlyAdmin):
    """Read-only here: reviews are written on the self-assessment pages (audited)."""

    list_display = ("title", "held_on", "liaison_org")
    list_filter = ("liaison_org",)
