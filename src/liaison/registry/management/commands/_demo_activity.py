"""Demo loaders for the notices and metrics areas (called by ``liaison demo``, idempotent).

* an announcement of ISO/NP 18735 to the stakeholders it concerns, its e-mail notices
  delivered at once through the notices app's own delivery (``delivery.deliver``) — the demo
  command runs with an in-memory mail outbox, so the delivery log is real and no message
  leaves the machine;
* a process review on the self-assessment page, linked to the process version it led to.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liaison.metrics.models import ProcessReview
from liaison.notices import delivery
from liaison.notices.audience import Criteria
from liaison.notices.models import Announcement, Notice
from liaison.notices.services import announcement_send
from liaison.process.models import ProcessVersion
from liaison.projects.models import Project

SUBJECT = "New ISO work item: metadata application profiles (ISO/NP 18735)"


def load_demo_announcement(org, actor) -> Announcement | None:
    found = Announcement.objects.filter(liaison_org=org, subject=SUBJECT).first()
    project = Project.objects.filter(liaison_org=org, reference="ISO/NP 18735").first()
    if found is not None or project is None:
        return found
    announcement = announcement_send(
        actor=actor, project=project, criteria=Criteria(), subject=SUBJECT,
        message="ISO approved a new work item on metadata application profiles. Tell us "
                "whether you want to take part, and in which role, before the first "
                "working-group meeting.", documents=project.documents.all(),
        deadline=timezone.now() + dt.timedelta(days=21))
    ids = list(Notice.objects.filter(announcement=announcement, channel=Notice.Channel.EMAIL)
               .values_list("pk", flat=True))
    delivery.deliver(ids, worker="demo")
    return announcement


def load_demo_process_review(org, actor) -> ProcessReview | None:
    from liaison.metrics.services import process_review_create

    found = ProcessReview.objects.filter(liaison_org=org).first()
    if found is not None:
        return found
    led_to = list(ProcessVersion.objects.filter(liaison_org=org).order_by("number")[:1])
    return process_review_create(
        actor=actor, liaison_org=org, held_on=timezone.now().date() - dt.timedelta(days=130),
        title="Annual review of the engagement process", reviewers="Claire Dubois, Kofi Mensah",
        findings="Labour and consumer groups were rarely engaged; the consensus rule was "
                 "applied by judgment, not written down; appeals had no stated window.",
        improvements="Publish the process with an explicit rule (θ = 1/3, τ = 2/3) and a "
                     "14-day appeal window; reach out to the required groups without "
                     "engaged stakeholders.", led_to=led_to)
