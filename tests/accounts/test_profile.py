"""My profile (subscriptions, consent, time zone) and my consultations."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.consultations import services as consultations
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.involvement.conftest import changes_nothing

DEADLINE = dt.datetime(2031, 3, 15, 11, 59, tzinfo=dt.UTC)  # 20:59 in Tokyo


def me(org, make_user, coordinator, *, tz="Asia/Tokyo", consent=True):
    user = make_user(Role.STAKEHOLDER, username="iris")
    profile = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Iris",
                                          email="iris@example.org", user=user, time_zone=tz,
                                          consent_to_contact=consent)
    return user, profile


def form(**overrides) -> dict:
    return {"time_zone": "Asia/Tokyo", "language": "en", "consent_to_contact": "on",
            **overrides}


def test_withdrawing_consent_is_recorded_with_its_time(client, org, make_user, coordinator):
    user, profile = me(org, make_user, coordinator)
    client.force_login(user)
    before = dt.datetime.now(dt.UTC)
    data = form()
    del data["consent_to_contact"]
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    profile.refresh_from_db()
    assert profile.consent_to_contact is False
    assert profile.consent_changed_at >= before - dt.timedelta(seconds=1)
    event = AuditEvent.objects.filter(verb="stakeholder.update",
                                      object_id=str(profile.pk)).latest("seq")
    assert event.data["changes"]["consent_to_contact"] == [True, False]
    assert event.actor == user


def test_a_time_zone_that_does_not_exist_is_rejected(client, org, make_user, coordinator):
    user, profile = me(org, make_user, coordinator)
    client.force_login(user)
    with changes_nothing():
        response = client.post(reverse("accounts:profile"), form(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 400
    assert "Mars/Olympus_Mons is not a known time zone" in response.content.decode()
    profile.refresh_from_db()
    assert profile.time_zone == "Asia/Tokyo"


def test_saving_a_zone_shows_times_in_it(client, org, make_user, coordinator):
    user, _profile = me(org, make_user, coordinator, tz="UTC")
    client.force_login(user)
    assert "time_zone" not in client.session  # UTC, the default, means "not chosen"
    assert client.post(reverse("accounts:profile"),
                       form(time_zone="America/Toronto")).status_code == 302
    assert client.session["time_zone"] == "America/Toronto"
    assert "Times are shown in America/Toronto" in client.get(
        reverse("accounts:profile")).content.decode()


def test_signing_in_puts_the_profile_zone_in_the_session(client, org, make_user, coordinator):
    user, _ = me(org, make_user, coordinator, tz="Asia/Tokyo")
    client.force_login(user)
    assert client.session["time_zone"] == "Asia/Tokyo"


def test_subscriptions_are_managed_from_the_profile(client, org, make_user, coordinator):
    user, profile = me(org, make_user, coordinator)
    committee = registry.organization_create(actor=coordinator, liaison_org=org,
                                             name="ISO/TC 46/SC 4", acronym="ISO/TC 46/SC 4")
    topic = registry.topic_create(actor=coordinator, liaison_org=org, name="vocabularies")
    client.force_login(user)
    client.post(reverse("accounts:profile"),
                form(committees=[committee.pk], topics=[topic.pk]))
    assert {(s.organization_id, s.topic_id) for s in profile.subscriptions.all()} == {
        (committee.pk, None), (None, topic.pk)}
    client.post(reverse("accounts:profile"), form(topics=[topic.pk]))
    assert [s.topic_id for s in profile.subscriptions.all()] == [topic.pk]


def test_my_consultations_lists_what_i_follow_in_my_time_zone(client, org, make_user,
                                                              coordinator):
    user, profile = me(org, make_user, coordinator)
    committee = registry.organization_create(actor=coordinator, liaison_org=org,
                                             name="ISO/TC 46/SC 4", acronym="ISO/TC 46/SC 4")
    registry.subscription_add(actor=coordinator, stakeholder=profile, organization=committee)

    def call(reference, title, **fields):
        project = projects.project_create(actor=coordinator, liaison_org=org,
                                          reference=reference, title=title,
                                          stage_code="10.99", **fields)
        consultations.consultation_open(
            without_notice_reason=TRIAL,
            actor=coordinator, consultation=consultations.consultation_create(
                actor=coordinator, liaison_org=org, project=project, title=title,
                deadline=DEADLINE))
        return project

    call("ISO/NP 24001", "Followed committee", committee=committee)
    engaged = call("ISO/NP 24002", "Engaged project")
    projects.engagement_record(actor=coordinator, project=engaged, stakeholder=profile,
                               level="interested")
    call("ISO/NP 24003", "Unrelated project")
    client.force_login(user)
    html = client.get(reverse("accounts:consultations")).content.decode()
    assert "Followed committee" in html and "Engaged project" in html
    assert "Unrelated project" not in html
    assert "2031-03-15 20:59 JST" in html


def test_without_a_profile_the_page_says_so(client, make_user):
    user = make_user(Role.EXPERT, username="nobody")
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 404 and "no stakeholder profile" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for name in ("accounts:profile", "accounts:consultations", "accounts:invite"):
        assert client.get(reverse(name))["Location"].startswith("/accounts/login/")
