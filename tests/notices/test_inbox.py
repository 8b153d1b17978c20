"""The signed-in stakeholder's own notices in the app: listed, readable, marked read; nobody
else's."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.models import Notice
from liaison.registry.models import Role


def test_stakeholder_sees_reads_and_marks_their_notice(client, world, coordinator, make_user,
                                                      django_capture_on_commit_callbacks):
    user = make_user(Role.STAKEHOLDER, username="gina")
    type(world.s["Gina"]).objects.filter(pk=world.s["Gina"].pk).update(user=user)
    with django_capture_on_commit_callbacks():
        announcement = services.announcement_send(
            actor=coordinator, project=world.project, criteria=Criteria(),
            subject="DIS out for comment", documents=world.documents,
            deadline=dt.datetime(2031, 3, 14, 16, 0, tzinfo=dt.UTC))
    client.force_login(user)
    inbox = client.get(reverse("notices:inbox")).content.decode()
    assert "DIS out for comment" in inbox and "new" in inbox
    detail = client.get(reverse("notices:inbox_detail", args=[announcement.pk]))
    page = detail.content.decode()
    # The organization's zone (Europe/Paris) is the viewer's by default.
    assert "14 March 2031, 17:00 CET" in page
    assert "https://example.org/n1234.pdf" in page
    response = client.post(reverse("notices:inbox_read", args=[announcement.pk]))
    assert response.status_code == 302
    notice = Notice.objects.get(stakeholder=world.s["Gina"], channel="in_app")
    assert notice.read_at is not None
    assert AuditEvent.objects.filter(verb="notice.read", object_id=str(notice.pk)).exists()


def test_nobody_reads_someone_elses_notice(client, world, coordinator, make_user,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        announcement = services.announcement_send(
            actor=coordinator, project=world.project, criteria=Criteria(), subject="Hello",
            deadline=timezone.now() + dt.timedelta(days=3))
    client.force_login(make_user(Role.STAKEHOLDER, username="mallory"))
    assert client.get(reverse("notices:inbox_detail", args=[announcement.pk])).status_code == 404
    assert client.post(reverse("notices:inbox_read", args=[announcement.pk])).status_code == 404
    assert "Hello" not in client.get(reverse("notices:inbox")).content.decode()
