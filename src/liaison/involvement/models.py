"""Interest-survey answers and involvement decisions.

Rules:

* one :class:`SurveyResponse` per stakeholder and survey (a consultation of kind ``survey``);
  it may be changed until the deadline; after it, it is frozen; a first answer after the
  deadline is refused or flagged late, per the consultation's late policy;
* an :class:`InvolvementDecision` states how far the organization takes part in a project
  (none / observe / comment / participate / lead) with a rationale, and cites the survey it
  rests on: the consultation and a snapshot of its aggregate at the time of the decision;
* a new decision supersedes the project's current one; every decision is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyResponse(models.Model):
    class Support(models.TextChoices):
        YES = "yes", _("yes, we support the project")
        NO = "no", _("no, we do not support it")
        UNDECIDED = "undecided", _("undecided")

    class Interest(models.TextChoices):
        # Interest "nul" in French, where a missing item elsewhere is "aucun" or "aucune".
        NONE = "none", pgettext_lazy("interest level", "none")
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     related_name="survey_responses")
    stakeholder = models.ForeignKey("registry.Stakeholder", on_delete=models.PROTECT,
                                    related_name="survey_responses")
    support = models.CharField(_("do you support the project?"), max_length=10,
                               choices=Support.choices)
    interest = models.CharField(_("your interest in the project"), max_length=6,
                                choices=Interest.choices)
    willing = models.BooleanField(_("willing to take part in ongoing work"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    is_late = models.BooleanField(_("answered after the deadline"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["consultation", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "stakeholder"],
                                    name="uniq_survey_response"),
        ]
        verbose_name = _("survey response")

    def __str__(self) -> str:
        return f"{self.stakeholder} on {self.consultation}"

    def clean(self) -> None:
        if self.consultation_id and self.consultation.kind != "survey":
            raise ValidationError(_("This consultation is not an interest survey."))
        if (self.consultation_id and self.stakeholder_id
                and self.stakeholder.liaison_org_id != self.consultation.liaison_org_id):
            raise ValidationError(_("This stakeholder belongs to another organization."))


class InvolvementDecision(models.Model):
    class Level(models.TextChoices):
        NONE = "none", _("none: we do not take part")
        OBSERVE = "observe", _("observe: follow the work")
        COMMENT = "comment", _("comment: send comments at ballots")
        PARTICIPATE = "participate", _("participate: experts in the working group")
        LEAD = "lead", _("lead: provide the project leader or editor")

    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="involvement_decisions")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="involvement_decisions")
    level = models.CharField(_("level of involvement"), max_length=12, choices=Level.choices)
    rationale = models.TextField(_("rationale"))
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     related_name="involvement_decisions",
                                     verbose_name=_("interest survey it rests on"))
    aggregate = models.JSONField(_("survey results cited"), default=dict)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("involvement decision")

    def __str__(self) -> str:
        return f"{self.project.reference}: {self.level}"

    def clean(self) -> None:
        errors = {}
        if not (self.rationale or "").strip():
            errors["rationale"] = _("Give the rationale for the decision.")
        if self.consultation_id and self.project_id:
            if self.consultation.project_id != self.project_id:
                errors["consultation"] = _("This survey is about another project.")
            elif self.consultation.kind != "survey":
                errors["consultation"] = _("This consultation is not an interest survey.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by") or self.superseded_by is None
