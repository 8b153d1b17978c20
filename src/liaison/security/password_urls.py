"""Password reset pages, under /accounts/password/ (un-namespaced: Django's views and
templates use these names)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from liaison.security import password

urlpatterns = [
    path("reset/", password.ResetRequestView.as_view(), name="password_reset"),
    path("reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", password.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
