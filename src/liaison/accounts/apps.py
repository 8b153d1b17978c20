from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "liaison.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from liaison.accounts.session import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="liaison.accounts.time_zone")

        from liaison.accounts import invitation_mail
        from liaison.notices import kinds

        kinds.WRITERS[invitation_mail.KIND] = invitation_mail.write
        kinds.ON_SENT[invitation_mail.KIND] = invitation_mail.on_sent
        kinds.ON_FAILED[invitation_mail.KIND] = invitation_mail.on_failed
