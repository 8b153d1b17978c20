from django.urls import path

from liaison.accounts import views

# /accounts/login/ and /accounts/logout/ are Django's (config/urls.py); the invitation
# link itself is public: /join/<token>/ (``public:join``).
app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("consultations/", views.my_consultations, name="consultations"),
    path("invite/", views.invite, name="invite"),
]
