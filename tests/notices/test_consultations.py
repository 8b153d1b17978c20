"""Opening a consultation through an announcement, reminders to those who have not responded,
and the equal-access report with exact figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.consultations.models import Comment
from liaison.consultations.states import State
from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.deadlines import internal_deadline, suggested_deadline
from liaison.notices.models import Announcement, Notice
from liaison.notices.report import as_csv, equal_access
from liaison.projects import services as projects
from liaison.registry.models import Role


def open_(consultation, coordinator):
    return services.consultation_announce(actor=coordinator, consultation=consultation,
                                          criteria=Criteria(), subject="Comments wanted")


def submit(consultation, stakeholder, number=1):
    return Comment.objects.create(consultation=consultation, number=number, author=stakeholder,
                                  comment="Clause 3 is unclear.",
                                  status=Comment.Status.SUBMITTED,
                                  submitted_at=timezone.now())


def test_announcing_opens_the_consultation_with_its_deadline_and_document(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = open_(consultation, coordinator)
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN
    assert announcement.deadline == consultation.deadline
    assert [d["title"] for d in announcement.documents_snapshot] == ["DIS text"]
    assert AuditEvent.objects.filter(verb="consultation.open",
                                     object_id=str(consultation.pk)).count() == 1
    assert len(smtp_server.messages) == 3
    text = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert consultation.deadline.strftime("%Y-%m-%d %H:%M UTC") in text


def test_an_open_consultation_cannot_be_opened_again(world, coordinator, smtp_server,
                                                     django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        open_(consultation, coordinator)
    with pytest.raises(ValidationError, match="cannot become"):
        open_(consultation, coordinator)
    assert Announcement.objects.count() == 1 and len(smtp_server.messages) == 3


def test_a_consultation_whose_deadline_passed_is_not_opened(world, coordinator, smtp_server):
    consultation = world.consultation()
    consultation.deadline = timezone.now() - dt.timedelta(minutes=5)
    consultation.save()
    with pytest.raises(ValidationError, match="The deadline is in the past"):
        open_(consultation, coordinator)
    consultation.refresh_from_db()
    assert consultation.state == State.DRAFT and not Announcement.objects.exists()


def test_reminder_goes_only_to_those_who_have_not_responded(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    consultation = world.consultation(days=10, reminder_days=3)
    with django_capture_on_commit_callbacks(execute=True):
        open_(consultation, coordinator)
    submit(consultation, world.s["Alice"])
    Comment.objects.create(consultation=consultation, number=2, author=world.s["Bob"],
                           comment="draft only", status=Comment.Status.DRAFT)
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()

    too_early = consultation.deadline - dt.timedelta(days=4)
    assert services.consultation_remind(consultation=consultation, now=too_early) is None
    due = consultation.deadline - dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.consultation_remind(consultation=consultation, now=due)
    assert reminder.kind == Announcement.Kind.REMINDER
    # Bob only drafted: he has not responded. Gina is reminded in the app.
    assert sorted(smtp_server.recipients) == sorted(world.emails("Bob", "Carol"))
    assert {n.stakeholder.name for n in reminder.notices.filter(channel="in_app")} == {
        "Bob", "Carol", "Gina"}
    assert smtp_server.messages[0]["Subject"].startswith("Reminder: ")
    # Once per deadline, however often it is asked for.
    assert services.consultation_remind(consultation=consultation, now=due) is None
    assert len(smtp_server.messages) == 2


def test_remind_command_sends_due_reminders(world, coordinator, smtp_server, capsys,
                                            django_capture_on_commit_callbacks):
    consultation = world.consultation(days=2, reminder_days=3)  # due already
    with django_capture_on_commit_callbacks(execute=True):
        open_(consultation, coordinator)
        submit(consultation, world.s["Carol"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notices", "remind")
        call_command("notices", "remind")
    reminders = Announcement.objects.filter(kind=Announcement.Kind.REMINDER)
    assert reminders.count() == 1
    assert "1 reminder(s) sent" in capsys.readouterr().out
    assert smtp_server.recipients.count("carol@example.org") == 1  # the opening notice only
    assert smtp_server.recipients.count("alice@example.org") == 2


def test_survey_answers_count_as_responses_when_the_model_exists(world):
    from liaison.notices.selectors import RESPONSE_SOURCES, responded_stakeholder_ids

    consultation = world.consultation(kind="survey")
    RESPONSE_SOURCES.append(lambda c: [world.s["Bob"].pk])
    try:
        assert responded_stakeholder_ids(consultation) == {world.s["Bob"].pk}
    finally:
        RESPONSE_SOURCES.pop()


def test_internal_deadline_is_the_ballot_close_minus_the_lead_time(world, coordinator):
    closes = dt.datetime(2031, 6, 30, 23, 59, 30, tzinfo=dt.UTC)
    assert internal_deadline(closes, 14) == dt.datetime(2031, 6, 16, 23, 59, tzinfo=dt.UTC)
    ballot = projects.ballot_add(actor=coordinator, project=world.project, label="DIS ballot",
                                 opens_at=closes - dt.timedelta(days=84), closes_at=closes)
    world.org.lead_time_days = 21
    world.org.save()
    ballot.refresh_from_db()
    assert suggested_deadline(ballot) == dt.datetime(2031, 6, 9, 23, 59, tzinfo=dt.UTC)


def test_equal_access_report_figures_are_exact(world, coordinator, smtp_server,
                                               django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = open_(consultation, coordinator)
    submit(consultation, world.s["Bob"])
    deadline = consultation.deadline
    t0 = deadline - dt.timedelta(days=10)
    # Pin the times so the figures can be checked by hand.
    Notice.objects.filter(announcement=announcement, channel="in_app").update(sent_at=t0)
    email = {n.stakeholder.name: n for n in Notice.objects.filter(announcement=announcement,
                                                                  channel="email")}
    Notice.objects.filter(pk=email["Alice"].pk).update(sent_at=t0 + dt.timedelta(seconds=30))
    Notice.objects.filter(pk=email["Bob"].pk).update(sent_at=t0 + dt.timedelta(hours=6))
    Notice.objects.filter(pk=email["Carol"].pk).update(state="failed", sent_at=None,
                                                       last_error="SMTP 451")

    report = equal_access(consultation)
    assert report.spread.seconds == 6 * 3600
    assert report.by_channel["in_app"].seconds == 0
    assert report.by_channel["email"].seconds == 6 * 3600 - 30
    assert report.told == 4 and report.pending == 1 and report.responded == 1
    rows = {r.name: r for r in report.rows}
    assert rows["Alice"].told_at == t0  # the in-app notice came first
    assert rows["Alice"].days_before_deadline == 10.0
    assert report.min_days == report.max_days == 10.0
    assert [x["name"] for x in report.excluded] == ["Dave"]

    # Stakeholders told only by e-mail count from the e-mail's time.
    Notice.objects.filter(announcement=announcement, channel="in_app",
                          stakeholder=world.s["Bob"]).delete()
    rows = {r.name: r for r in equal_access(consultation).rows}
    assert rows["Bob"].days_before_deadline == 9.75

    parsed = list(csv.DictReader(io.StringIO(as_csv(equal_access(consultation)))))
    by_name = {r["stakeholder"]: r for r in parsed}
    assert by_name["Bob"]["days_before_deadline"] == "9.75"
    assert by_name["Bob"]["responded"] == "yes"
    assert by_name["Carol"]["email_state"] == "failed"
    assert by_name["Carol"]["email_last_error"] == "SMTP 451"
    assert by_name["Alice"]["email_sent_at_utc"] == (t0 + dt.timedelta(seconds=30)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert by_name["Dave"]["left_out_reason"] == "no_consent"


def test_report_page_and_csv(client, world, coordinator, smtp_server, make_user,
                             django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        open_(consultation, coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("notices:report", args=[consultation.pk]))
    assert page.status_code == 200
    assert page.context["report"].told == 4
    response = client.get(reverse("notices:report_csv", args=[consultation.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0].startswith("stakeholder_id,stakeholder")
    client.force_login(make_user(Role.STAKEHOLDER, username="someone"))
    assert client.get(reverse("notices:report", args=[consultation.pk])).status_code == 403


def test_coordinator_opens_a_consultation_from_its_page(client, world, coordinator, smtp_server,
                                                       django_capture_on_commit_callbacks):
    consultation = world.consultation()
    client.force_login(coordinator)
    url = reverse("notices:announce_consultation", args=[consultation.pk])
    assert "Open and announce" in client.get(reverse("notices:list")).content.decode()
    data = {"subject": "Comments wanted", "committee": "on", "topics": "on",
            "required_groups": "on", "documents": [world.documents[0].pk]}
    preview = client.post(url, {**data, "preview": ""})
    assert "4 stakeholders will be told" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "send": "",
                                     "fingerprint": preview.context["audience"].fingerprint()})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN and len(smtp_server.messages) == 3
