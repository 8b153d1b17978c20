"""Which language a page is in: a signed-in user's saved language, else the browser's
(Accept-Language, or the switcher's cookie), else English; dates follow the language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.registry import services as registry
from tests.snapshots import row_counts

FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def page(client, name, **headers) -> tuple[str, str]:
    response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    return response.content.decode(), response.headers["Content-Language"]


def test_a_browser_asking_for_french_gets_french_pages(client, public_project):
    html, language = page(client, "public:home", **FRENCH_BROWSER)
    assert language == "fr" and '<html lang="fr">' in html
    assert "Les travaux de normalisation auxquels nous participons" in html
    assert "Ouverts à vos contributions" in html and "Se connecter" in html
    assert "Standards work we take part in" not in html


def test_english_when_the_browser_asks_for_nothing_offered(client, public_project):
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}):
        html, language = page(client, "public:home", **headers)
        assert language == "en" and "Standards work we take part in" in html


def test_dates_are_written_the_french_way_in_french(client, public_project):
    french, _ = page(client, "public:deadlines", **FRENCH_BROWSER)
    english, _ = page(client, "public:deadlines", **ENGLISH_BROWSER)
    assert "15/03/2031 11:59 UTC" in french and "Date limite\u00a0: " not in english
    assert "2031-03-15 11:59 UTC" in english and "15/03/2031" not in english


def test_a_signed_in_users_saved_language_wins_over_the_browser(stakeholder_client,
                                                                public_project):
    client, _ = stakeholder_client("fr")
    html, language = page(client, "public:deadlines", **ENGLISH_BROWSER)
    assert language == "fr" and "Dates limites" in html and "Mon profil" in html
    # In the viewer's zone (the organization's, Europe/Paris), written the French way.
    assert "15/03/2031 12:59 CET" in html


def test_a_saved_english_wins_over_a_french_browser(stakeholder_client, public_project):
    client, _ = stakeholder_client("en")
    html, language = page(client, "public:deadlines", **FRENCH_BROWSER)
    assert language == "en" and "My profile" in html and "2031-03-15 12:59 CET" in html


def test_the_switcher_saves_a_signed_in_users_choice(stakeholder_client, public_project):
    client, stakeholder = stakeholder_client("en")
    response = client.post(reverse("set_language"),
                           {"language": "fr", "next": reverse("accounts:profile")})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    stakeholder.refresh_from_db()
    assert stakeholder.language == "fr"
    event = AuditEvent.objects.filter(verb="stakeholder.update").latest("pk")
    assert event.actor_id == stakeholder.user_id and "language" in event.data["changes"]
    # The choice follows the user, whatever this browser asks for.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    html, language = page(client, "accounts:profile", **ENGLISH_BROWSER)
    assert language == "fr" and "Mon profil" in html
    assert '<option value="fr" selected>' in html


def test_a_user_without_a_stakeholder_record_keeps_the_switchers_choice(client, coordinator,
                                                                        public_project):
    client.force_login(coordinator)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html, language = page(client, "projects:list", **ENGLISH_BROWSER)
    assert language == "fr" and "<title>Projets ISO" in html and "Nouveau projet" in html


def test_an_unknown_language_is_refused_and_changes_nothing(stakeholder_client):
    client, stakeholder = stakeholder_client("en")
    before = row_counts()
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "Unknown language" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    stakeholder.refresh_from_db()
    assert stakeholder.language == "en" and row_counts() == before


def test_a_new_stakeholder_has_no_language_preference(org):
    stakeholder = registry.stakeholder_create(actor=None, liaison_org=org, name="New",
                                              email="new@example.org")
    assert stakeholder.language == ""


def test_no_saved_preference_follows_the_browser(stakeholder_client, public_project):
    client, _ = stakeholder_client("")
    html, language = page(client, "public:deadlines", **FRENCH_BROWSER)
    assert language == "fr" and "Dates limites" in html and "Mon profil" in html
    html, language = page(client, "public:deadlines", **ENGLISH_BROWSER)
    assert language == "en" and "My profile" in html and "2031-03-15 12:59 CET" in html


def test_the_profile_offers_and_saves_the_browsers_language(stakeholder_client,
                                                            public_project):
    client, stakeholder = stakeholder_client("en")
    html, _ = page(client, "accounts:profile", **FRENCH_BROWSER)
    assert '<option value="">Browser&#x27;s language</option>' in html
    assert '<option value="en" selected>' in html
    response = client.post(reverse("accounts:profile"),
                           {"time_zone": "Europe/Paris", "language": ""}, **FRENCH_BROWSER)
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.language == ""
    event = AuditEvent.objects.filter(verb="stakeholder.update").latest("pk")
    assert event.data["changes"]["language"] == ["en", ""]
    # From now on the browser decides, and the form says so, in French.
    html, language = page(client, "accounts:profile", **FRENCH_BROWSER)
    assert language == "fr" and '<option value="" selected>Langue du navigateur</option>' in html
    html, language = page(client, "accounts:profile", **ENGLISH_BROWSER)
    assert language == "en" and "My profile" in html


def test_choosing_the_browsers_language_forgets_an_earlier_switcher_pick(stakeholder_client,
                                                                          public_project):
    client, _stakeholder = stakeholder_client("en")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"},
                           **FRENCH_BROWSER)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.post(reverse("accounts:profile"),
                           {"time_zone": "Europe/Paris", "language": ""}, **FRENCH_BROWSER)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    html, language = page(client, "public:deadlines", **FRENCH_BROWSER)
    assert language == "fr" and "Dates limites" in html
    assert client.post(reverse("logout")).status_code == 302  # signing out keeps cookies
    html, language = page(client, "public:deadlines", **FRENCH_BROWSER)
    assert language == "fr"


def test_a_language_saved_in_the_profile_holds_in_this_browser_after_signing_out(
        stakeholder_client, public_project):
    client, _stakeholder = stakeholder_client("")
    response = client.post(reverse("accounts:profile"),
                           {"time_zone": "Europe/Paris", "language": "fr"}, **ENGLISH_BROWSER)
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302  # signing out keeps cookies
    html, language = page(client, "public:deadlines", **ENGLISH_BROWSER)
    assert language == "fr" and "Dates limites" in html
