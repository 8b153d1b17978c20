"""Failed sign-ins, kept only as long as the rate-limit window needs them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInFailure(models.Model):
    """One failed sign-in (wrong password or wrong second-factor code).

    Counted per username (unless ``cleared`` by a later successful sign-in of that user) and
    per client address (always), within ``LIAISON_SIGNIN_WINDOW_SECONDS``. Stored in the
    database so that every app process sees the same counts.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    username = models.CharField(_("username"), max_length=150, db_index=True, blank=True)
    address = models.CharField(_("client address"), max_length=45, db_index=True, blank=True)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    cleared = models.BooleanField(_("cleared by a later sign-in"), default=False)

    class Meta:
        verbose_name = _("failed sign-in")
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.username or '?'} from {self.address or '?'} at {self.at:%Y-%m-%d %H:%M}"
