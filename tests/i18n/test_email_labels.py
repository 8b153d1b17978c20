"""E-mail labels carry their colon in the msgid, so the appeal notice and the meeting invitation
sent in French put a no-break space (U+00A0) before each colon — « État\u00a0: déposé » — while
the English ones read exactly as before. Both go through the real SMTP server, and each is in
its recipient's saved language, whatever the language of the page that sent it (here always
the other one)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats

from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.committees import services as committees
from liaison.committees.models import Meeting, Member
from liaison.notices.models import Notice
from liaison.registry import services as registry
from liaison.registry.models import Stakeholder
from tests.appeals.conftest import GROUNDS, build_world
from tests.i18n.typography import spacing_problems
from tests.notices.conftest import IMMEDIATE

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
MEETING = {"title": "Teleconference on the DIS", "kind": "teleconference",
           "starts_at": "2026-05-12T10:00", "ends_at": "2026-05-12T11:30",  # Paris time
           "location": "Salle B", "dial_in": "https://meet.example.org/mmc",
           "agenda": "Welcome\nDraft comments"}


def _sent(smtp_server, to: str | None = None) -> tuple[str, list[str]]:
    [message] = smtp_server.to(to) if to else smtp_server.messages
    return str(message["Subject"]), message.get_body(("plain",)).get_content().splitlines()


@pytest.fixture
def immediate_tasks(settings):
    """Appeal notices are sent by the notice worker: run its tasks as they are enqueued."""
    settings.TASKS = IMMEDIATE


def _file_appeal(client, org, coordinator, make_user, capture, browser,
                 appellant_language: str) -> Appeal:
    world = build_world(org, coordinator, make_user)
    Stakeholder.objects.filter(user=world.olga).update(language=appellant_language)
    client.force_login(world.olga)
    with capture(execute=True):
        response = client.post(appeal_url(world.decision), GROUNDS, **browser)
    assert response.status_code == 302
    return Appeal.objects.get()


def test_the_appeal_notice_in_french_has_a_no_break_space_before_each_colon(
        client, org, coordinator, make_user, smtp_server, immediate_tasks,
        django_capture_on_commit_callbacks):
    appeal = _file_appeal(client, org, coordinator, make_user,
                          django_capture_on_commit_callbacks, ENGLISH, "fr")
    subject, lines = _sent(smtp_server, "olga@example.org")
    assert subject == f"[TMI] Recours {appeal.reference} déposé"
    assert f"Le recours {appeal.reference} a été déposé." in lines
    assert f"Contre\u00a0: {appeal.subject_label}" in lines
    assert f"Résumé des motifs\u00a0: {GROUNDS['summary']}" in lines
    due = re.compile(r"Échéance de la recevabilité\u00a0: .* \(UTC\) — 20\d\d-\d\d-\d\d "
                     r"\d\d:\d\d UTC")
    assert any(due.fullmatch(line) for line in lines)
    assert (f"Ouvrir\u00a0: {settings.LIAISON_BASE_URL}/appeals/{appeal.pk}/") in lines
    ours = [line.replace(appeal.subject_label, "") for line in lines]  # the label is data
    assert spacing_problems("\n".join(ours)) == []


def test_the_appeal_notice_in_english(
        client, org, coordinator, make_user, smtp_server, immediate_tasks,
        django_capture_on_commit_callbacks):
    appeal = _file_appeal(client, org, coordinator, make_user,
                          django_capture_on_commit_callbacks, FRENCH, "en")
    subject, lines = _sent(smtp_server, "olga@example.org")
    due = appeal.admissibility_due.astimezone(dt.UTC)
    notice = Notice.objects.get(address="olga@example.org")
    assert subject == f"[TMI] Appeal {appeal.reference} filed"
    assert lines == [
        "Hello,", "", f"Appeal {appeal.reference} was filed.", "",
        f"Against: {appeal.subject_label}",
        f"Summary of the grounds: {GROUNDS['summary']}",
        f"Admissibility due: {formats.date_format(due, 'DATETIME_FORMAT')} (UTC) — "
        f"{due:%Y-%m-%d %H:%M} UTC", "",
        f"Open: {settings.LIAISON_BASE_URL}/appeals/{appeal.pk}/",
        f"This notice in the app: {settings.LIAISON_BASE_URL}/notices/inbox/"
        f"{notice.announcement_id}/", "",
        "You receive this notice because you take part in this step of Test Metadata "
        "Initiative's work; everyone concerned was told the same.", ""]


def _schedule(client, org, coordinator, capture, browser, member_language: str) -> None:
    committee = committees.committee_create(actor=coordinator, liaison_org=org,
                                            name="Metadata mirror committee", acronym="MMC")
    mia = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Mia Member",
                                      email="mia@example.net", categories=[],
                                      language=member_language)
    committees.member_add(actor=coordinator, committee=committee, role=Member.Role.MEMBER,
                          stakeholder=mia, term_start=dt.date(2025, 1, 1))
    client.force_login(coordinator)
    with capture(execute=True):
        response = client.post(reverse("committees:meeting_new", args=[committee.pk]),
                               MEETING, **browser)
    assert response.status_code == 302


def test_the_meeting_invitation_in_french_has_a_no_break_space_before_each_colon(
        client, org, coordinator, smtp_server, django_capture_on_commit_callbacks):
    _schedule(client, org, coordinator, django_capture_on_commit_callbacks, ENGLISH, "fr")
    subject, lines = _sent(smtp_server)
    assert subject == "MMC\u00a0: Teleconference on the DIS"
    assert ("Quand\u00a0: 2026-05-12 08:00–09:30 UTC (l’invitation jointe l’indique dans "
            "votre propre fuseau horaire)") in lines
    assert "Type\u00a0: téléconférence" in lines and "Où\u00a0: Salle B" in lines
    assert "Rejoindre\u00a0: https://meet.example.org/mmc" in lines
    assert "Ordre du jour\u00a0:" in lines
    assert spacing_problems("\n".join(lines)) == []  # the whole message, times and URLs aside


def test_the_meeting_invitation_in_english_is_unchanged(
        client, org, coordinator, smtp_server, django_capture_on_commit_callbacks):
    _schedule(client, org, coordinator, django_capture_on_commit_callbacks, FRENCH, "en")
    subject, lines = _sent(smtp_server)
    [meeting] = Meeting.objects.all()
    assert subject == "MMC: Teleconference on the DIS"
    assert lines == [
        "Dear Mia Member,", "",
        'You are invited to "Teleconference on the DIS" of Metadata mirror committee.', "",
        "When: 2026-05-12 08:00–09:30 UTC (the attached invitation shows it in your own time "
        "zone)",
        "Kind: teleconference", "Where: Salle B", "Join: https://meet.example.org/mmc", "",
        "Agenda:", "1. Welcome", "2. Draft comments", "",
        "Every member of the committee is invited to every meeting.",
        f"{settings.LIAISON_BASE_URL}/committees/meetings/{meeting.pk}/", ""]


def test_without_a_saved_language_the_e_mail_is_in_english_whatever_the_sender_reads(
        client, org, coordinator, smtp_server, django_capture_on_commit_callbacks):
    _schedule(client, org, coordinator, django_capture_on_commit_callbacks, FRENCH, "")
    subject, lines = _sent(smtp_server)
    assert subject == "MMC: Teleconference on the DIS" and "Agenda:" in lines
