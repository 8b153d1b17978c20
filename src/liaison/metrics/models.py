"""Process reviews: the organization's periodic look at how its process works (date,
reviewers, findings, improvements) and the published-process versions it led to."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessReview(models.Model):
    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="process_reviews")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200,
                             help_text=_("e.g. Annual review 2026"))
    reviewers = models.TextField(_("reviewers"),
                                 help_text=_("Who took part, one name per line."))
    findings = models.TextField(_("findings"))
    improvements = models.TextField(_("improvements decided"), blank=True)
    led_to = models.ManyToManyField("process.ProcessVersion", blank=True,
                                    related_name="reviews",
                                    verbose_name=_("process versions it led to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("process review")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def clean(self) -> None:
        if not [n for n in self.reviewer_names if n]:
            raise ValidationError({"reviewers": _("Name at least one reviewer.")})

    @property
    def reviewer_names(self) -> list[str]:
        return [line.strip() for line in (self.reviewers or "").splitlines() if line.strip()]
