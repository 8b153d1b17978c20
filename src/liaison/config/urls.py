"""URL map: one include per app; the admin at /admin/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("liaison.registry.urls")),
    path("projects/", include("liaison.projects.urls")),
    path("consultations/", include("liaison.consultations.urls")),
    path("notices/", include("liaison.notices.urls")),
    path("involvement/", include("liaison.involvement.urls")),
    path("accounts/", include("liaison.accounts.urls")),
    path("audit/", include("liaison.audit.urls")),
    path("", include("liaison.public.urls")),
]

handler403 = "liaison.access.views.forbidden"
