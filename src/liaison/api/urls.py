"""The token page; the API itself is ``liaison.api.main.api`` (mounted in config/urls.py)."""

from django.urls import path

from liaison.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("revoke/", views.token_revoke, name="revoke"),
]
