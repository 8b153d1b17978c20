from django.urls import path

from liaison.audit import views, views_evidence, views_process

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("packs/", views_evidence.pack_list, name="packs"),
    path("packs/<int:pk>/", views_evidence.pack_download, name="pack"),
    path("process/<int:pk>/", views_process.process_check_page, name="process_check"),
]
