from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "liaison.appeals"
    verbose_name = _("Disputes and appeals")

    def ready(self) -> None:
        from liaison.appeals import kinds, participants  # noqa: F401  (register the built-ins)
