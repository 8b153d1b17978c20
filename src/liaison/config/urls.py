"""URL map: one include per app; the admin at /admin/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from liaison.access import views as access_views
from liaison.api.main import api
from liaison.security import signin

urlpatterns = [
    path("admin/login/", signin.admin_login, name="admin_login"),  # rate-limited sign-in
    path("admin/", admin.site.urls),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/password/", include("liaison.security.password_urls")),
    path("accounts/2fa/", include("liaison.security.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", access_views.set_language, name="set_language"),
    path("registry/", include("liaison.registry.urls")),
    path("projects/", include("liaison.projects.urls")),
    path("consultations/", include("liaison.consultations.urls")),
    path("consensus/", include("liaison.consensus.urls")),
    path("notices/", include("liaison.notices.urls")),
    path("involvement/", include("liaison.involvement.urls")),
    path("accounts/", include("liaison.accounts.urls")),
    path("audit/", include("liaison.audit.urls")),
    path("process/", include("liaison.process.urls")),
    path("committees/", include("liaison.committees.urls")),
    path("appeals/", include("liaison.appeals.urls")),
    path("metrics/", include("liaison.metrics.urls")),
    path("api/tokens/", include("liaison.api.urls")),
    path("api/", api.urls),
    path("dev/outbox/", include("liaison.outbox.urls")),  # make run: caught mail (never in prod)
    path("", include("liaison.audit.public_urls")),  # signing keys and chain heads
    path("", include("liaison.public.urls")),
]

handler403 = "liaison.access.views.forbidden"
