from django.urls import path

from liaison.accounts.views import invitation_accept
from liaison.public import feeds, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("project/<int:pk>/", views.project, name="project"),
    path("news/", views.news, name="news"),
    path("news/<int:pk>/", views.news_item, name="news_item"),
    path("outreach/", views.outreach, name="outreach"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("feeds/atom/", feeds.AtomFeed(), name="atom"),
    path("feeds/deadlines.ics", feeds.ical, name="ical"),
    # Accepting an invitation happens before one has an account: anyone may open the link
    # (the signed token is the credential), so it is a public route.
    path("join/<str:token>/", invitation_accept, name="join"),
]
