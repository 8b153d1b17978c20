"""Second-factor pages, under /accounts/2fa/."""

from django.urls import path

from liaison.security import enrol, signin

app_name = "security"
urlpatterns = [
    path("", enrol.enrol, name="enrol"),
    path("remove/", enrol.remove, name="remove"),
    path("verify/", signin.verify, name="verify"),
]
