"""What a coordinator reads after announcing: "queued for N" at once, delivery progress, a
failure said in words with its next try, and "Retry now" that sends at once — against a real
SMTP server that is down, then up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.faults import explain
from liaison.notices.models import Notice
from liaison.registry.models import Role
from tests.notices.test_announce import form_data
from tests.snapshots import row_counts


def announce(world, coordinator):
    return services.announcement_send(
        actor=coordinator, project=world.project, criteria=Criteria(),
        subject="Announcement", documents=world.documents,
        deadline=timezone.now() + dt.timedelta(days=20))


def test_a_refused_connection_is_said_in_words_with_the_next_try(settings):
    settings.MAILERS = {"default": {"BACKEND": "x", "OPTIONS": {"host": "mail.example.org",
                                                              "port": 2525}}}
    later = timezone.now() + dt.timedelta(minutes=5)
    said = explain("ConnectionRefusedError: [Errno 111] Connection refused", later)
    assert said.startswith("the mail server at mail.example.org:2525 refused the connection")
    assert "next try at" in said
    assert "Errno" not in said
    assert explain("SMTPRecipientsRefused: {'x@y': (550, b'no')}", None).endswith(
        "it will not be tried again.")
    assert "answered: 451 try later" in explain("SMTPDataError: 451 try later", later)


def test_announcing_says_queued_then_the_page_shows_the_failure_and_retry_now_sends(
        world, coordinator, smtp_server, client, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(world, coordinator)
    page = client.get(f"/notices/announcements/{announcement.pk}/")
    html = page.content.decode()
    assert "E-mail: 0 of 3 delivered, 3 waiting, 0 failed for good." in html
    assert f"127.0.0.1:{smtp_server.port} refused the connection" in html
    assert "next try at" in html
    assert "Retry now" in html

    smtp_server.up()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/notices/announcements/{announcement.pk}/retry/")
    assert response.status_code == 302
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Bob", "Carol"))
    html = client.get(f"/notices/announcements/{announcement.pk}/").content.decode()
    assert "E-mail: 3 of 3 delivered, 0 waiting, 0 failed for good." in html
    assert "Retry now" not in html


def test_retry_now_with_nothing_waiting_is_refused_and_changes_nothing(
        world, coordinator, smtp_server, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(world, coordinator)
    assert Notice.objects.filter(state=Notice.State.SENT, channel="email").count() == 3
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/notices/announcements/{announcement.pk}/retry/")
    assert response.status_code == 409
    assert "No e-mail of this announcement is waiting to be sent." in response.content.decode()
    assert row_counts() == before


def test_only_those_who_announce_may_retry(world, coordinator, make_user, smtp_server, client,
                                           django_capture_on_commit_callbacks):
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(world, coordinator)
    client.force_login(make_user(Role.COMMITTEE_MEMBER, username="kofi"))
    before = row_counts()
    assert client.post(f"/notices/announcements/{announcement.pk}/retry/").status_code == 403
    assert row_counts() == before


def test_the_announce_page_says_how_many_were_queued(world, coordinator, smtp_server, client):
    client.force_login(coordinator)
    url = f"/notices/announce/project/{world.project.pk}/"
    preview = client.post(url, {**form_data(world), "preview": ""})
    fingerprint = preview.context["audience"].fingerprint()
    response = client.post(url, {**form_data(world), "fingerprint": fingerprint, "send": ""},
                           follow=True)
    html = response.content.decode()
    assert "Queued for 4 stakeholders: told in the app now; the e-mails are being sent" in html
    assert "Sent: every matching stakeholder has been told" not in html
