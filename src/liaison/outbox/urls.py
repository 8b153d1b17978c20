from django.urls import path

from liaison.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.outbox, name="list"),
    path("<str:key>/", views.message, name="message"),
]
