"""Read-only back office for surveys and decisions: writes go through the services."""

from django.contrib import admin

from liaison.involvement.models import InvolvementDecision, SurveyResponse


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnly):
    list_display = ["consultation", "stakeholder", "support", "interest", "willing", "is_late",
                    "updated_at"]
    list_filter = ["support", "interest", "willing"]


@admin.register(InvolvementDecision)
class InvolvementDecisionAdmin(ReadOnly):
    list_display = ["project", "level", "consultation", "decided_by", "decided_at"]
    list_filter = ["level"]
