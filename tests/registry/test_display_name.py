"""People are called by their names (issue 14 item 5): the stakeholder record's name, else
the account's full name, else — last resort — the username. Pages, e-mails and the draft
editor all say it the same way; the username stays where an account is meant (sign-out)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.committees import services as committees
from liaison.committees.models import Member
from liaison.consultations import services as consultation_services
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.models import Role
from liaison.registry.selectors import display_name
from tests.builders import TRIAL
from tests.notices.conftest import IMMEDIATE

pytestmark = pytest.mark.django_db

MEETING = {"title": "Teleconference on the DIS", "kind": "teleconference",
           "starts_at": "2026-05-12T10:00", "ends_at": "2026-05-12T11:30",
           "location": "Salle B", "dial_in": "https://meet.example.org/mmc",
           "agenda": "Welcome"}


def _profile(org, coordinator, user, name: str):
    return registry.stakeholder_create(actor=coordinator, liaison_org=org, name=name,
                                       email=f"{user.get_username()}@example.net", user=user)


def test_the_stakeholder_name_then_the_full_name_then_the_username(org, make_user,
                                                                   coordinator):
    oclc = make_user(Role.STAKEHOLDER, username="oclc")
    assert display_name(oclc) == "oclc"  # nothing better known
    oclc.first_name, oclc.last_name = "Olive", "Clark"
    oclc.save()
    oclc = type(oclc).objects.get(pk=oclc.pk)
    assert display_name(oclc) == "Olive Clark"
    _profile(org, coordinator, oclc, "OCLC Research")
    oclc = type(oclc).objects.get(pk=oclc.pk)
    assert display_name(oclc) == "OCLC Research"
    assert display_name(None) == ""


def test_the_meeting_invitation_says_dear_and_the_name_not_the_username(
        client, org, make_user, coordinator, smtp_server, settings,
        django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    member = make_user(Role.STAKEHOLDER, username="wikimedia_de")
    _profile(org, coordinator, member, "Wikimedia Deutschland")
    committee = committees.committee_create(actor=coordinator, liaison_org=org,
                                            name="Metadata mirror committee", acronym="MMC")
    committees.member_add(actor=coordinator, committee=committee, role=Member.Role.MEMBER,
                          user=member, term_start=dt.date(2025, 1, 1))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("committees:meeting_new", args=[committee.pk]),
                               MEETING)
    assert response.status_code == 302
    [message] = smtp_server.to("wikimedia_de@example.org")  # the account's address
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Dear Wikimedia Deutschland,")
    assert "wikimedia_de" not in body.split("\n")[0]


def test_the_consultation_history_names_the_person_and_sign_out_names_the_account(
        client, org, coordinator):
    _profile(org, coordinator, coordinator, "Cora Chair")
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 1", title="Part 1",
        stage_code="40.20")
    consultation = consultation_services.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        deadline=timezone.now() + dt.timedelta(days=10))
    consultation_services.consultation_open(actor=coordinator, consultation=consultation,
                                            without_notice_reason=TRIAL)
    client.force_login(coordinator)
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    history = html[html.index("<summary>History"):]
    assert "Cora Chair" in history and "· coordinator" not in history
    assert "Sign out (coordinator)" in html  # the account, where an account is meant
