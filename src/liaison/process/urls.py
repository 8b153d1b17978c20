from django.urls import path

from liaison.process import views

app_name = "process"
urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("manage/edit/", views.edit, name="edit"),
    path("manage/publish/", views.publish, name="publish"),
    path("<slug:slug>/", views.current, name="current"),
    path("<slug:slug>/versions/", views.version_list, name="versions"),
    path("<slug:slug>/compare/", views.compare, name="compare"),
    path("<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path("<slug:slug>/v<int:number>.docx", views.export_docx, name="docx"),
    path("<slug:slug>/v<int:number>.pdf", views.export_pdf, name="pdf"),
]
