from django.urls import path

from liaison.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/groups/", views.project_groups, name="groups"),
    path("<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("<int:pk>/ballots/new/", views.ballot_new, name="ballot_new"),
    path("<int:pk>/engagements/new/", views.engagement_new, name="engagement_new"),
]
