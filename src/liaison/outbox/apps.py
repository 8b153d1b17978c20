from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The development mail catcher and its outbox page (docs/notices.md, *Mail in make run*)."""

    name = "liaison.outbox"
    verbose_name = _("Outbox (development)")
