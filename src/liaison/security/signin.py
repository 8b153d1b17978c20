"""Sign-in with rate limiting and an optional second step (a TOTP code).

1. A locked username or address is refused before the password is checked: answer 429 with
   a ``Retry-After`` header and a form error saying how long to wait.
2. A wrong password counts one failure and records ``auth.sign_in_failed``.
3. A right password for a user with a TOTP device does not sign in yet: the user id waits in
   the session (``LIAISON_2FA_PENDING_SECONDS``) for the code on the next page.
4. Otherwise the user is signed in and ``auth.sign_in`` is recorded.
"""

from __future__ import annotations

import math
import time

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView, redirect_to_login
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from liaison.security import conf, services, totp
from liaison.security.forms import CodeForm
from liaison.security.ratelimit import Lock, client_address, lock_for

PENDING_KEY = "security_pending_sign_in"


def lock_message(lock: Lock) -> str:
    minutes = max(1, math.ceil(lock.retry_after / 60))
    return ngettext(
        "Too many failed sign-in attempts. Please wait %(n)d minute and try again, "
        "or reset your password.",
        "Too many failed sign-in attempts. Please wait %(n)d minutes and try again, "
        "or reset your password.", minutes) % {"n": minutes}


def refuse(response: HttpResponse, lock: Lock) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(lock.retry_after)
    return response


class SignInView(LoginView):
    """Django's sign-in page with the rules in this module's docstring."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        lock = lock_for(request.POST.get("username", ""), client_address(request))
        if lock is None:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.cleaned_data, form._errors = {}, ErrorDict()  # show the error, check nothing
        form.add_error(None, lock_message(lock))
        return refuse(self.render_to_response(self.get_context_data(form=form)), lock)

    def form_invalid(self, form) -> HttpResponse:
        services.sign_in_failure_record(username=self.request.POST.get("username", ""),
                                        address=client_address(self.request),
                                        reason="password")
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        if totp.confirmed_device(user) is not None:
            self.request.session[PENDING_KEY] = {
                "user": user.pk, "backend": user.backend, "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("security:verify")
        response = super().form_valid(form)
        services.sign_in_record(user=user, address=client_address(self.request),
                                second_factor=False)
        return response


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > conf.pending_seconds():
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _code_error(form: CodeForm, device) -> str | None:
    """Why the code in ``form`` does not verify against ``device`` (``None``: it does).
    django-otp throttles a device after wrong codes (1 s, 2 s, 4 s …)."""
    if not form.is_valid():
        return ""
    if device is None:
        return _("Two-step sign-in is no longer set up for this account. Start again.")
    if not device.verify_is_allowed()[0]:
        return _("Too many wrong codes in a row. Wait a few seconds, then enter the code "
                 "your app shows now.")
    if device.verify_token(form.cleaned_data["code"].strip().replace(" ", "")):
        return None
    return _("That code is not right, or it has already been used. Enter the code your app "
             "shows now.")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a current code from the device the user enrolled."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect_to_login(request.GET.get("next", ""))
    form = CodeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "security/verify.html", {"form": form})
    address = client_address(request)
    lock = lock_for(user.get_username(), address)
    if lock:
        form.cleaned_data, form._errors = {}, ErrorDict()
        form.add_error(None, lock_message(lock))
        return refuse(render(request, "security/verify.html", {"form": form}), lock)
    device = totp.confirmed_device(user)
    error = _code_error(form, device)
    if error is None:
        del request.session[PENDING_KEY]
        auth_login(request, user, backend=pending["backend"])
        otp_login(request, device)
        services.sign_in_record(user=user, address=address, second_factor=True)
        return redirect(pending["next"])
    services.sign_in_failure_record(username=user.get_username(), address=address,
                                    reason="second factor")
    if error:
        form.add_error("code", error)
    return render(request, "security/verify.html", {"form": form}, status=400)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in page would bypass rate limiting and the second factor: send
    it to ours, keeping where the user was going."""
    return redirect_to_login(request.GET.get("next") or "/admin/")
