"""Password reset by e-mail: Django's views, with the link built from ``LIAISON_BASE_URL``
(never from the request's Host header) and the new password recorded in the audit trail."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from liaison.security import services


def _base() -> tuple[str, str]:
    base = urlsplit(getattr(settings, "LIAISON_BASE_URL", "") or "http://127.0.0.1:8000")
    return base.scheme or "http", base.netloc


class ResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same whether or not the address is known."""

    success_url = reverse_lazy("password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        protocol, domain = _base()
        self.use_https = protocol == "https"
        self.domain_override = domain
        self.extra_email_context = {"base_url": f"{protocol}://{domain}"}
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set the new password from the link; recorded as ``auth.password_reset``."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_reset_record(user=form.user)
        return response
