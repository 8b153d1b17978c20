from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "liaison.notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from liaison.notices import kinds, window

        kinds.WRITERS["window_change"] = window.write
