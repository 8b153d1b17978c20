from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "liaison.involvement"
    verbose_name = _("Interest surveys and involvement decisions")
