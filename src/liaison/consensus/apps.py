from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsensusConfig(AppConfig):
    name = "liaison.consensus"
    verbose_name = _("Consensus position")

    def ready(self) -> None:
        from django.apps import apps

        from liaison.consensus.services import positions_remind_due
        from liaison.notices.services import DUE_REMINDERS

        DUE_REMINDERS.append(positions_remind_due)  # "positions close soon"

        if apps.is_installed("liaison.appeals"):
            from liaison.consensus import appeal_hooks, disputes

            appeal_hooks.register()  # who took part in a consensus decision; when decided
            disputes.register()  # objections ↔ disputes and appeals
