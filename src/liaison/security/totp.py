"""TOTP second factor (RFC 6238, through django-otp): who needs it, keys, codes, QR codes.

A user with a confirmed :class:`TOTPDevice` must give a current code after their password.
With ``LIAISON_REQUIRE_2FA`` on, coordinators, administrators and superusers must enrol.
"""

from __future__ import annotations

import io
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from liaison.access.rules import STAFF
from liaison.registry.models import Membership

STEP = 30
DIGITS = 6
TOLERANCE = 1  # one step either side: clocks drift and people type slowly


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False) and getattr(user, "pk", None) is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(user) -> bool:
    """Whether ``user`` is one the 2FA requirement applies to: a superuser, or a coordinator
    or administrator in any liaison organization."""
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user=user, role__in=STAFF).exists()


def new_key() -> str:
    """A fresh random secret, hex-encoded (20 bytes, as django-otp stores it)."""
    return default_key()


def secret_base32(key: str) -> str:
    """The secret as people type it into an authenticator app."""
    return b32encode(unhexlify(key)).decode().rstrip("=")


def otpauth_uri(user, key: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "liaison")).replace(":", "")
    label = quote(f"{issuer}:{user.get_username()}")
    params = urlencode({"secret": secret_base32(key), "algorithm": "SHA1",
                        "digits": DIGITS, "period": STEP})
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def qr_svg(data: str) -> str | None:
    """An inline SVG QR code for ``data`` (no style attributes: the CSP forbids them), or
    ``None`` when the ``qrcode`` package is absent."""
    try:
        import qrcode
        import qrcode.image.svg
    except ModuleNotFoundError:  # pragma: no cover - qrcode is a dependency
        return None
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def match_code(key: str, code: str, *, after_t: int = -1) -> int | None:
    """The time step ``code`` is valid for (within the tolerance), or ``None``."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != DIGITS:
        return None
    totp = TOTP(unhexlify(key), STEP, 0, DIGITS, 0)
    totp.time = time.time()
    if totp.verify(int(code), TOLERANCE, after_t + 1):
        return totp.t()
    return None
