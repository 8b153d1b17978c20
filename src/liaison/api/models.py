"""API tokens: a script's credential for one user in one liaison organization.

Only the SHA-256 of the secret is stored; the secret itself is shown once, when the token is
created. A revoked token (``revoked_at`` set) authenticates nothing; ``last_used_at`` tells
its owner whether a script still uses it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. “nightly export”."))
    prefix = models.CharField(max_length=12, editable=False,
                              help_text=_("The secret's first characters, to recognise it."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
