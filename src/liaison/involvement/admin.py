"""Read-only back office for surveys and decisions: writes go through the services."""

from django.contrib import admin

from liaison.audit.admin_mixins import ReadOnlyAdmin
from liaison.involvement.models import InvolvementDecision, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "stakeholder", "support", "interest", "willing", "is_late",
                    "updated_at"]
    list_filter = ["support", "interest", "willing"]


@admin.register(InvolvementDecision)
class InvolvementDecisionAdmin(ReadOnlyAdmin):
    list_display = ["project", "level", "consultation", "decided_by", "decided_at"]
    list_filter = ["level"]
