"""Enrolling and removing a TOTP second factor (any signed-in user may; the requirement
for coordinators and administrators is :mod:`liaison.security.middleware`).

The new secret waits in the (server-side) session until the user proves their app has it by
entering a current code; only then is a confirmed device stored, so no half-enrolled device
ever exists. Removing the second factor also needs a current code.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from liaison.security import services, totp
from liaison.security.forms import CodeForm

KEY_SESSION = "security_totp_key"


def _wrong(form: CodeForm) -> None:
    if form.is_valid():
        form.add_error("code", _("That code is not right. Check the time on your phone and "
                                 "enter the code your app shows now."))


@sensitive_post_parameters("code")
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Show the secret (text, ``otpauth://`` URI, QR code); store it once a code matches."""
    device = totp.confirmed_device(request.user)
    if device is not None:
        return render(request, "security/second_factor.html",
                      {"device": device, "form": CodeForm()})
    key = request.session.get(KEY_SESSION) or totp.new_key()
    request.session[KEY_SESSION] = key
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        step = totp.match_code(key, form.data.get("code", "")) if form.is_valid() else None
        if step is not None:
            device = services.totp_device_add(user=request.user, key=key, last_t=step)
            del request.session[KEY_SESSION]
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on. From now on you will be "
                                        "asked for a code after your password."))
            return redirect("security:enrol")
        _wrong(form)
        status = 400
    uri = totp.otpauth_uri(request.user, key)
    return render(request, "security/enrol.html", {
        "form": form, "secret": totp.secret_base32(key), "uri": uri, "qr_svg": totp.qr_svg(uri),
    }, status=status)


@sensitive_post_parameters("code")
@login_required
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off (POST with a current code)."""
    device = totp.confirmed_device(request.user)
    if request.method != "POST" or device is None:
        return redirect("security:enrol")
    form = CodeForm(request.POST)
    if form.is_valid() and device.verify_token(form.cleaned_data["code"].strip()):
        services.totp_device_remove(actor=request.user, user=request.user)
        messages.success(request, _("Two-step sign-in is off."))
        return redirect("security:enrol")
    _wrong(form)
    return render(request, "security/second_factor.html", {"device": device, "form": form},
                  status=400)
