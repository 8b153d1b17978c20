from django.urls import path

from liaison.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("project/<int:project_pk>/", views.project_consultations, name="project"),
    path("project/<int:project_pk>/new/", views.consultation_new, name="new"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/open/", views.consultation_open, name="open"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/deadline/", views.consultation_extend, name="extend"),
    path("<int:pk>/reopen/", views.consultation_reopen, name="reopen"),
    path("<int:pk>/comments/new/", views.comment_new, name="comment_new"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/comments/upload/", views.comments_upload, name="upload"),
    path("<int:pk>/comments/export.<str:fmt>", views.comments_export, name="export"),
    path("<int:pk>/draft/", views.draft_outline, name="draft"),
    path("<int:pk>/draft/attach/", views.draft_attach, name="draft_attach"),
    path("<int:pk>/draft/<int:draft_pk>/file", views.draft_download, name="draft_file"),
]
