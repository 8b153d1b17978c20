"""What anyone may read without signing in: public projects (``Project.is_public``), their
documents, consultations and ballots, published news, and the outreach log.

Rules: nothing about a project that is not public is ever returned; draft consultations are
not public; news is public from its ``published_at`` on. The outreach log reads the notices
app's announcements when that app has them, and the audit trail's ``announcement.*`` events
otherwise, so it keeps working whichever apps are installed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from liaison.consultations.models import Consultation
from liaison.consultations.states import State
from liaison.projects.models import Ballot, Project
from liaison.public.models import NewsItem


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(is_public=True).select_related("committee", "liaison_org")


def public_project(pk: int) -> Project:
    """A public project (``Project.DoesNotExist`` for any other, shown as 404)."""
    return public_projects().get(pk=pk)


def public_consultations() -> QuerySet[Consultation]:
    """Consultations on public projects that have been opened (drafts stay private)."""
    return (Consultation.objects.filter(project__is_public=True)
            .exclude(state=State.DRAFT).select_related("project", "liaison_org")
            .order_by("deadline", "pk"))


def open_consultations() -> QuerySet[Consultation]:
    return public_consultations().filter(state=State.OPEN)


def public_ballots() -> QuerySet[Ballot]:
    return (Ballot.objects.filter(project__is_public=True).select_related("project")
            .order_by("closes_at", "pk"))


def published_news(now: dt.datetime | None = None) -> QuerySet[NewsItem]:
    return (NewsItem.objects.filter(published_at__lte=now or timezone.now())
            .filter(Q(project__isnull=True) | Q(project__is_public=True))
            .select_related("project", "liaison_org"))


def news_of(liaison_org) -> QuerySet[NewsItem]:
    """Every news item of ``liaison_org``, scheduled ones included (for the news desk)."""
    return NewsItem.objects.filter(liaison_org=liaison_org).select_related("project")


@dataclass(frozen=True)
class Deadline:
    uid: str
    title: str
    at: dt.datetime
    project: Project
    kind: str  # "consultation" or "ballot"
    description: str = ""


def deadlines() -> list[Deadline]:
    """Consultation deadlines and ISO ballot closings of public projects, soonest first."""
    items = [Deadline(uid=f"consultation-{c.pk}", title=c.title, at=c.deadline,
                      project=c.project, kind="consultation",
                      description=c.get_kind_display())
             for c in public_consultations()]
    items += [Deadline(uid=f"ballot-{b.pk}", title=f"{b.project.reference}: {b.label}",
                       at=b.closes_at, project=b.project, kind="ballot",
                       description=b.label) for b in public_ballots()]
    return sorted(items, key=lambda d: (d.at, d.uid))


@dataclass(frozen=True)
class OutreachEntry:
    """One thing announced: when, what, about which public project, to how many."""

    at: dt.datetime
    kind: str
    subject: str
    project: Project
    deadline: dt.datetime | None
    recipients: int | None
    source: str  # "notices" or "audit"
    ref: str  # stable: "notices-<announcement id>" or "audit-<event seq>"


def _announcement_model():
    try:
        return apps.get_model("notices", "Announcement")
    except LookupError:
        return None


def _from_notices(model) -> list[OutreachEntry]:
    rows = (model.objects.filter(project__is_public=True).select_related("project")
            .order_by("-sent_at", "-pk"))
    return [OutreachEntry(at=a.sent_at, kind=a.get_kind_display(), subject=a.subject,
                          project=a.project, deadline=a.deadline,
                          recipients=a.recipient_count, source="notices",
                          ref=f"notices-{a.pk}") for a in rows]


def _from_audit() -> list[OutreachEntry]:
    from liaison.audit.models import AuditEvent

    events = list(AuditEvent.objects.filter(verb__startswith="announcement.").order_by("-seq"))
    wanted = {e.data.get("project") for e in events if isinstance(e.data, dict)}
    projects = public_projects().in_bulk([pk for pk in wanted if isinstance(pk, int)])
    entries = []
    for event in events:
        project = projects.get(event.data.get("project") if isinstance(event.data, dict) else None)
        if project is None:
            continue
        deadline = event.data.get("deadline")
        entries.append(OutreachEntry(
            at=event.at, kind=event.verb.split(".", 1)[1], project=project,
            subject=str(event.data.get("subject") or event.summary),
            deadline=dt.datetime.fromisoformat(deadline) if deadline else None,
            recipients=len(event.data.get("in_app") or []) or None, source="audit",
            ref=f"audit-{event.seq}"))
    return entries


def outreach_log() -> list[OutreachEntry]:
    """What was announced when, about public projects, newest first."""
    model = _announcement_model()
    return _from_notices(model) if model is not None else _from_audit()


def submitted_positions(project) -> list[dict]:
    """What was submitted to ISO for the project's public consultations, newest first: when,
    how many consensus comments, and each one submitted without consensus with the reason the
    coordinator recorded (``Submission.verdict["overrides"]``) — the public record of every
    override (issue 13: an override shows wherever the result shows)."""
    from liaison.consensus.models import Submission

    rows = (Submission.objects.filter(consultation__in=public_consultations()
                                      .filter(project=project))
            .select_related("consultation").order_by("-submitted_at"))
    return [{"consultation": s.consultation, "at": s.submitted_at, "n": s.n_drafts,
             "overrides": list(s.verdict.get("overrides") or [])} for s in rows]
