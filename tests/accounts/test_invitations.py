"""Invitation links: issued by a coordinator, create the stakeholder's account once; a forged,
altered, expired or used link answers 4xx with a clear message and changes nothing."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse

from liaison.accounts import services, tokens
from liaison.audit.models import AuditEvent
from liaison.notices.models import Notice
from liaison.registry.models import Membership, Role
from liaison.registry.services import stakeholder_update
from tests.involvement.conftest import changes_nothing


def issue(coordinator, stakeholder) -> str:
    return services.invitation_issue(actor=coordinator, stakeholder=stakeholder)


def accept(client, token, username="iris"):
    return client.post(reverse("public:join", args=[token]),
                       {"username": username, "password1": "a-Long-pass-phrase-42",
                        "password2": "a-Long-pass-phrase-42"})


def test_coordinator_issues_a_link_that_creates_the_account(client, coordinator, invitee):
    client.force_login(coordinator)
    page = client.post(reverse("accounts:invite"), {"stakeholder": invitee.pk})
    assert page.status_code == 200
    link = page.context["link"]
    assert "/join/" in link
    assert AuditEvent.objects.filter(verb="invitation.issue", object_id=str(invitee.pk)).exists()
    assert link.split("/join/")[1].rstrip("/") not in str(
        AuditEvent.objects.get(verb="invitation.issue").data)  # the token is never logged
    client.logout()
    path = "/join/" + link.split("/join/")[1]
    join_page = client.get(path).content.decode()
    assert "Iris Invitee" in join_page
    assert 'rel="alternate" type="application/atom+xml"' in join_page  # a public page
    response = client.post(path, {"username": "iris", "password1": "a-Long-pass-phrase-42",
                                  "password2": "a-Long-pass-phrase-42"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    invitee.refresh_from_db()
    assert invitee.user.username == "iris" and invitee.user.email == "iris@example.org"
    assert Membership.objects.filter(user=invitee.user, role=Role.STAKEHOLDER).exists()
    assert client.session["time_zone"] == "Asia/Tokyo"  # signed in, in their zone
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "eyJzIjoxfQ:1tXyZa:forgedsignature"])
def test_a_forged_token_is_refused_and_changes_nothing(client, coordinator, invitee, token):
    with changes_nothing():
        assert client.get(reverse("public:join", args=[token])).status_code == 404
        response = accept(client, token)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.user is None


def test_an_altered_token_is_refused(client, coordinator, invitee):
    token = issue(coordinator, invitee)
    value, stamp, signature = token.rsplit(":", 2)
    altered = f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    with changes_nothing():
        assert accept(client, altered).status_code == 404


def test_an_expired_token_is_refused_and_changes_nothing(client, invitee):
    class Fortnight(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - tokens.DEFAULT_MAX_AGE - 60)

    old = Fortnight(salt=tokens.SALT).sign_object({"s": invitee.pk, "e": invitee.email})
    with changes_nothing():
        response = accept(client, old)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_used_token_cannot_create_a_second_account(client, coordinator, invitee):
    token = issue(coordinator, invitee)
    assert accept(client, token).status_code == 302
    client.logout()
    with changes_nothing():
        response = accept(client, token, username="iris2")
    assert response.status_code == 410 and "already been used" in response.content.decode()


def test_a_token_for_an_address_since_changed_is_refused(client, coordinator, invitee):
    token = issue(coordinator, invitee)
    stakeholder_update(actor=coordinator, stakeholder=invitee, email="new@example.org")
    with changes_nothing():
        assert accept(client, token).status_code == 404


def test_weak_password_is_refused_with_400(client, coordinator, invitee):
    token = issue(coordinator, invitee)
    with changes_nothing():
        response = client.post(reverse("public:join", args=[token]),
                               {"username": "iris", "password1": "123", "password2": "123"})
    assert response.status_code == 400


IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.LIAISON_BASE_URL = "https://liaison.example.org"


def _mailed_token(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https://liaison\.example\.org/join/([^/\s]+)/", body).group(1)


def _invitation_events() -> list[tuple[str, object]]:
    return list(AuditEvent.objects.filter(verb__startswith="invitation.")
                .order_by("seq").values_list("verb", "data__email"))


def test_invitation_is_emailed_through_smtp_after_commit(client, coordinator, invitee,
                                                         smtp_server, immediate_tasks,
                                                         django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("accounts:invite"), {"stakeholder": invitee.pk,
                                                        "email": "on"})
    assert page.status_code == 200
    assert "queued for iris@example.org" in page.content.decode()
    assert smtp_server.recipients == ["iris@example.org"]
    assert _invitation_events() == [("invitation.issue", "queued"), ("invitation.emailed", None)]
    assert accept(client, _mailed_token(smtp_server.messages[0])).status_code == 302
    invitee.refresh_from_db()
    assert invitee.user is not None


def test_with_the_mail_server_down_the_invitation_is_queued_then_sent_once(
        client, coordinator, invitee, smtp_server, immediate_tasks,
        django_capture_on_commit_callbacks):
    smtp_server.down()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("accounts:invite"), {"stakeholder": invitee.pk,
                                                        "email": "on"})
    assert page.status_code == 200  # no 500: the mail waits in the queue
    assert "queued for iris@example.org" in page.content.decode()
    assert _invitation_events() == [("invitation.issue", "queued")]
    notice = Notice.objects.get(announcement__kind="invitation")
    assert notice.state == Notice.State.FAILED and notice.next_attempt_at is not None
    smtp_server.up()
    call_command("notices", "retry", stdout=StringIO())
    call_command("notices", "retry", stdout=StringIO())
    assert smtp_server.recipients == ["iris@example.org"]
    assert _invitation_events() == [("invitation.issue", "queued"), ("invitation.emailed", None)]
    assert accept(client, _mailed_token(smtp_server.messages[0])).status_code == 302


def test_an_invitation_refused_by_the_server_is_recorded_as_failed(
        coordinator, invitee, smtp_server, immediate_tasks, django_capture_on_commit_callbacks):
    smtp_server.refuse_rcpt.add("iris@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_issue(actor=coordinator, stakeholder=invitee, email=True)
    assert smtp_server.messages == []
    assert _invitation_events() == [("invitation.issue", "queued"),
                                    ("invitation.mail_failed", None)]


def test_the_audit_says_not_requested_without_email(coordinator, invitee):
    issue(coordinator, invitee)
    assert _invitation_events() == [("invitation.issue", "not requested")]
    assert not Notice.objects.exists()


def test_no_email_to_a_stakeholder_without_consent(client, coordinator, invitee, smtp_server):
    stakeholder_update(actor=coordinator, stakeholder=invitee, consent_to_contact=False)
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invite"), {"stakeholder": invitee.pk,
                                                        "email": "on"})
    assert response.status_code == 400 and "not consented" in response.content.decode()
    assert smtp_server.messages == []


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.EXPERT, Role.COMMITTEE_MEMBER,
                                  Role.APPEALS_PANEL])
def test_only_coordinators_invite(client_as, invitee, role):
    client = client_as(role)
    with changes_nothing():
        response = client.post(reverse("accounts:invite"), {"stakeholder": invitee.pk})
    assert response.status_code == 403
