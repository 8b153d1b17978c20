from django.urls import path

from liaison.involvement import views
from liaison.public import desk

app_name = "involvement"
urlpatterns = [
    path("survey/<int:consultation_pk>/", views.survey, name="survey"),
    path("survey/<int:consultation_pk>/results/", views.results, name="results"),
    path("project/<int:project_pk>/", views.project_involvement, name="project"),
    path("project/<int:project_pk>/decide/", views.decide, name="decide"),
    # The coordinator's news desk (the public site's news items). It lives under a signed-in
    # prefix because every route in the ``public`` namespace must be open to anyone.
    path("news/", desk.news_list, name="news"),
    path("news/new/", desk.news_new, name="news_new"),
]
