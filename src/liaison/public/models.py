"""News items for the public site.

Rules: a news item belongs to one liaison organization; it is shown publicly from its
``published_at`` instant on (a later instant schedules it); when it names a project, that
project must be the organization's own, and the item is shown only while the project is public.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewsItem(models.Model):
    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="news_items")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now,
                                        help_text=_("Shown on the public site from then on."))
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="news_items",
                                verbose_name=_("project"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (self.project_id and self.liaison_org_id
                and self.project.liaison_org_id != self.liaison_org_id):
            raise ValidationError({"project": _("This project belongs to another organization.")})
