"""Public proof: the signing keys and the daily chain heads (no sign-in)."""

from django.urls import path

from liaison.audit import views_public

app_name = "proof"
urlpatterns = [
    path(".well-known/liaison-signing-key", views_public.signing_keys, name="signing_key"),
    path("proof/heads/", views_public.heads, name="heads"),
    path("proof/heads.json", views_public.heads_json, name="heads_json"),
    path("proof/heads.atom", views_public.HeadsFeed(), name="heads_feed"),
    path("proof/heads/<str:date>.json", views_public.head_json, name="head"),
]
