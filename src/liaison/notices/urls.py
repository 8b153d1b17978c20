from django.urls import path

from liaison.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("announce/project/<int:pk>/", views.announce_project, name="announce_project"),
    path("announce/consultation/<int:pk>/", views.announce_consultation,
         name="announce_consultation"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("announcements/<int:pk>/retry/", views.announcement_retry, name="announcement_retry"),
    path("consultations/<int:pk>/report/", views.consultation_report, name="report"),
    path("consultations/<int:pk>/report.csv", views.consultation_report_csv,
         name="report_csv"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/read/", views.inbox_read, name="inbox_read"),
]
