from django.urls import path

from liaison.appeals import public, views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("settings/", views.appeal_settings, name="settings"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/admissibility/", views.appeal_admissibility, name="admissibility"),
    path("<int:pk>/panel/", views.appeal_panel, name="panel"),
    path("<int:pk>/review/", views.appeal_review, name="review"),
    path("<int:pk>/decide/", views.appeal_decide, name="decide"),
    path("<int:pk>/close/", views.appeal_close, name="close"),
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("disputes/<int:pk>/mediation/", views.dispute_mediation, name="dispute_mediation"),
    path("disputes/<int:pk>/resolve/", views.dispute_resolve, name="dispute_resolve"),
    path("disputes/<int:pk>/escalate/", views.dispute_escalate, name="dispute_escalate"),
    # public: no sign-in
    path("outcomes/", public.outcomes, name="outcomes"),
    path("outcomes/<int:pk>/", public.outcome, name="outcome"),
    path("outcomes/feed/", public.OutcomesFeed(), name="outcomes_feed"),
]
