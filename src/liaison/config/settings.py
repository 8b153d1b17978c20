"""Settings, driven by the environment; every default is the embedded development one.

Environment variables:
- ``LIAISON_ENV``: ``development`` (default) or ``production`` (then a secret key is required,
  DEBUG is off and cookies/HSTS are secure).
- ``DATABASE_URL``: default ``sqlite:///var/liaison.sqlite3`` under the project directory.
- ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma separated), ``DEBUG``.
- ``EMAIL_BACKEND``, ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
  ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``; ``LIAISON_BASE_URL`` for links in e-mail.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from liaison.config.database import database_from_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("LIAISON_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

ENVIRONMENT = os.environ.get("LIAISON_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DEBUG", not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "LIAISON_ENV=production needs SECRET_KEY in the environment (50+ random "
            "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret-" + "x" * 32)

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "liaison.access",
    "liaison.audit",
    "liaison.registry",
    "liaison.projects",
    "liaison.consultations",
    "liaison.consensus",
    "liaison.metrics",
    "liaison.notices",
    "liaison.involvement",
    "liaison.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "liaison.security",
    "ninja",  # the API docs' Swagger UI from our own static files (offline, CSP-clean)
    "liaison.api",
    "liaison.public",
    "liaison.process",
    "liaison.committees",
    "liaison.appeals",
    "liaison.outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "liaison.config.resilience.DatabaseUnavailableMiddleware",  # 503 while the DB is down
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "liaison.access.middleware.LiaisonOrganizationMiddleware",
    "liaison.access.middleware.UserTimezoneMiddleware",
    "liaison.access.middleware.UserLanguageMiddleware",  # a signed-in user's saved language
    "liaison.security.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "liaison.config.urls"
WSGI_APPLICATION = "liaison.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liaison.access.context_processors.access",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "sqlite:///var/liaison.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "LIAISON_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Accounts are found by canonical name (NFKC + case folding), the key the sign-in lock counts.
AUTHENTICATION_BACKENDS = ["liaison.security.backends.UsernameBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:list"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["liaison.config.formats"]  # dates as the UI shows them, per language
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads are untrusted: bounded in size, kept in memory only when small.
LIAISON_UPLOAD_MAX_BYTES = int(os.environ.get("LIAISON_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail goes through a real SMTP server (Django's mailers; OPTIONS apply to the SMTP backend).
_MAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("EMAIL_PORT", "8025")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _flag("EMAIL_USE_TLS", False),
            "timeout": 10,
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "liaison@localhost")
# Links in e-mail: the server people reach. `make run` sets it to the host and port it serves on
# (HOST, PORT); otherwise PORT alone still makes the default follow the port.
LIAISON_BASE_URL = os.environ.get(
    "LIAISON_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
# The development mail catcher's Maildir (`make run` sets it): every message it caught shows on
# the outbox page (/dev/outbox/). Empty, or in production: no outbox page.
LIAISON_OUTBOX_DIR = "" if PRODUCTION else os.environ.get("LIAISON_OUTBOX_DIR", "")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy in every environment (docs/security.md): scripts, styles, fonts and
# fetches only from this site; data: images for Pico's inline SVG icons; no frames, plugins
# or <base>. Templates therefore use no inline <script> and no style attributes.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# Sign-in hardening (liaison.security; docs/security.md).
LIAISON_SIGNIN_MAX_FAILURES = int(os.environ.get("LIAISON_SIGNIN_MAX_FAILURES", "5"))
LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("LIAISON_SIGNIN_MAX_FAILURES_PER_ADDRESS", "20"))
LIAISON_SIGNIN_WINDOW_SECONDS = int(os.environ.get("LIAISON_SIGNIN_WINDOW_SECONDS", "900"))
LIAISON_TRUSTED_PROXIES = int(os.environ.get("LIAISON_TRUSTED_PROXIES", "0"))
# Secrets held outside the database (liaison.audit.keys; generated under var/keys/ if unset).
LIAISON_SIGNING_KEY_FILE = os.environ.get("LIAISON_SIGNING_KEY_FILE", "")
LIAISON_SIGNING_RETIRED_KEYS_FILE = os.environ.get("LIAISON_SIGNING_RETIRED_KEYS_FILE", "")
LIAISON_AUDIT_KEY = os.environ.get("LIAISON_AUDIT_KEY", "")
LIAISON_AUDIT_KEY_FILE = os.environ.get("LIAISON_AUDIT_KEY_FILE", "")
LIAISON_REQUIRE_2FA = _flag("LIAISON_REQUIRE_2FA", PRODUCTION)  # off in development: the demo
OTP_TOTP_ISSUER = "liaison"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
