"""Writes: announce a project, open a consultation, remind, tell of a changed input window,
queue a single e-mail (an invitation), mark a notice read.

Rules:
- one announcement tells every matching, consenting stakeholder in one transaction: the same
  subject, message, documents and deadline for all; an in-app notice each, and an e-mail notice
  each that has an address (queued, sent by the worker after the commit);
- a deadline already past is refused; the recipient list previewed must be the one sent
  (``expected_fingerprint``), else nothing is sent and the coordinator looks again;
- audit: one ``announcement.send`` event lists every recipient (and who was left out and
  why); each e-mail's delivery is then its own ``notice.sent`` event (see ``delivery``);
- mail is only enqueued ``on_commit``: a rolled-back announcement sends nothing;
- a change of a consultation's input window (closed early, deadline moved, reopened) tells
  everyone its announcement told, in one batch (``announcement.window_change``, with the
  reason); the consultation services call it in their own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record
from liaison.consultations.models import Consultation
from liaison.consultations.services import consultation_open
from liaison.consultations.states import State
from liaison.notices import deadlines
from liaison.notices import recipients as roles
from liaison.notices.audience import Criteria, Member, audience
from liaison.notices.models import Announcement, Notice
from liaison.notices.selectors import responded_stakeholder_ids
from liaison.notices.triggers import trigger_for
from liaison.projects.models import Project, ProjectDocument
from liaison.registry.models import Stakeholder


def _documents_snapshot(documents: Iterable[ProjectDocument]) -> list[dict]:
    return [{"id": d.pk, "number": d.number, "title": d.title, "url": d.url,
             "stage_code": d.stage_code} for d in documents]


def _check_deadline(deadline: dt.datetime | None, now: dt.datetime) -> None:
    if deadline is not None and deadline <= now:
        raise ValidationError({"deadline": _(
            "The deadline (%(deadline)s UTC) has already passed; choose a later one.")
            % {"deadline": deadline.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")}})


def _create(*, actor, project: Project, kind: str, members: list[Member], subject: str,
            message: str, documents: list[ProjectDocument], deadline, consultation,
            criteria: dict, excluded: list[Member], now: dt.datetime,
            data: dict | None = None) -> Announcement:
    """Insert the announcement and its notices, record the event, enqueue on commit."""
    announcement = Announcement(
        liaison_org=project.liaison_org, kind=kind, project=project, consultation=consultation,
        subject=subject[:200], message=message, criteria=criteria,
        documents_snapshot=_documents_snapshot(documents), deadline=deadline,
        excluded=[{"stakeholder": m.pk, "name": m.name, "reason": m.reason} for m in excluded],
        sent_by=actor if getattr(actor, "is_authenticated", False) else None, sent_at=now,
        recipient_count=len(members))
    announcement.full_clean()
    announcement.save()
    announcement.documents.set(documents)
    notices = [Notice(announcement=announcement, stakeholder_id=m.pk,
                      channel=Notice.Channel.IN_APP, state=Notice.State.SENT, queued_at=now,
                      sent_at=now) for m in members]
    notices += [Notice(announcement=announcement, stakeholder_id=m.pk, address=m.email,
                       channel=Notice.Channel.EMAIL, state=Notice.State.QUEUED, queued_at=now,
                       next_attempt_at=min(now, timezone.now()))
                for m in members if m.email]
    Notice.objects.bulk_create(notices, batch_size=2000)
    audit_record(
        actor=actor, verb=f"announcement.{kind}", target=announcement,
        liaison_org=project.liaison_org,
        summary=f"{announcement.get_kind_display()}: {project.reference} — "
                f"{len(members)} stakeholders told, {len(excluded)} left out",
        data={"project": project.pk, "consultation": consultation.pk if consultation else None,
              "subject": subject, "deadline": deadline, "criteria": criteria,
              "documents": [d.pk for d in documents],
              "in_app": [m.pk for m in members],
              "email": [m.pk for m in members if m.email],
              "excluded": announcement.excluded, **(data or {})})
    email_ids = list(Notice.objects.filter(announcement=announcement,
                                           channel=Notice.Channel.EMAIL)
                     .values_list("pk", flat=True))
    from liaison.notices.tasks import enqueue_delivery, schedule_reminder

    transaction.on_commit(lambda: enqueue_delivery(email_ids))
    if kind == Announcement.Kind.CONSULTATION:
        transaction.on_commit(lambda: schedule_reminder(consultation))
    return announcement


def _recipients(project: Project, criteria: Criteria, expected_fingerprint: str):
    if criteria.empty:
        raise ValidationError(_("Choose at least one way to pick the audience."))
    found = audience(project, criteria)
    if expected_fingerprint and found.fingerprint() != expected_fingerprint:
        raise ValidationError(_("The list of recipients changed since the preview; look at it "
                                "again before sending."))
    if not found.recipients:
        raise ValidationError(_("Nobody who consented to be contacted matches this audience."))
    return found


def _documents(project: Project, documents: Iterable[ProjectDocument]) -> list[ProjectDocument]:
    documents = list(documents)
    if any(d.project_id != project.pk for d in documents):
        raise ValidationError({"documents": _("A document belongs to another project.")})
    return documents


@transaction.atomic
def announcement_send(*, actor, project: Project, criteria: Criteria, subject: str,
                      message: str = "", documents: Iterable[ProjectDocument] = (),
                      deadline: dt.datetime | None = None, expected_fingerprint: str = "",
                      ) -> Announcement:
    """Announce ``project`` to every stakeholder matching ``criteria`` (see module rules)."""
    now = timezone.now()
    _check_deadline(deadline, now)
    documents = _documents(project, documents)
    found = _recipients(project, criteria, expected_fingerprint)
    return _create(actor=actor, project=project, kind=Announcement.Kind.PROJECT,
                   members=found.recipients, subject=subject, message=message,
                   documents=documents, deadline=deadline, consultation=None,
                   criteria=criteria.as_dict(), excluded=found.excluded, now=now)


@transaction.atomic
def consultation_announce(*, actor, consultation: Consultation, criteria: Criteria,
                          subject: str, message: str = "",
                          documents: Iterable[ProjectDocument] | None = None,
                          expected_fingerprint: str = "") -> Announcement:
    """Open ``consultation`` (draft → open, checked by ``check_transition``) and tell every
    matching stakeholder, with the consultation's deadline and documents (by default its own
    document). The announcement is what lets ``consultation_open`` open it without a reason."""
    now = timezone.now()
    project = consultation.project
    if documents is None:
        documents = [consultation.document] if consultation.document_id else []
    documents = _documents(project, documents)
    found = _recipients(project, criteria, expected_fingerprint)

    made: list[Announcement] = []

    def announce(opened: Consultation) -> Announcement:
        made.append(_create(actor=actor, project=project, kind=Announcement.Kind.CONSULTATION,
                            members=found.recipients, subject=subject, message=message,
                            documents=documents, deadline=opened.deadline,
                            consultation=opened, criteria=criteria.as_dict(),
                            excluded=found.excluded, now=now))
        return made[-1]

    consultation_open(actor=actor, consultation=consultation, announce=announce)
    return made[0]


def step_tell(*, actor, trigger: str, scope: roles.Scope, target, summary: str,
              context: dict, data: dict | None = None) -> Announcement:
    """Tell everyone the trigger table names for this step (``Trigger.roles`` resolved in
    ``scope``), by its channels: inside the caller's transaction, one step announcement, an
    in-app notice each (delivered at once), an e-mail notice each with an address (queued,
    sent by the worker after the commit, retried), and one audit event whose verb is the
    trigger's slug. ``context`` is what the message says (``steps.MESSAGES``), rendered in
    each recipient's language when shown or mailed. ``context["path"]`` is the page to open."""
    now = timezone.now()
    rule = trigger_for(trigger)
    told = roles.resolve(rule.roles if rule else [], scope)
    consultation = scope.consultation
    project = consultation.project if consultation is not None else None
    announcement = Announcement.objects.create(
        liaison_org=scope.liaison_org, kind=Announcement.Kind.STEP, trigger=trigger,
        project=project, consultation=consultation, subject=summary[:200], context=context,
        sent_by=actor if getattr(actor, "is_authenticated", False) else None, sent_at=now,
        recipient_count=len(told))
    notices = []
    if rule is not None and rule.in_app:
        notices += [Notice(announcement=announcement, stakeholder_id=r.stakeholder_id,
                           user_id=r.user_id, channel=Notice.Channel.IN_APP,
                           state=Notice.State.SENT, queued_at=now, sent_at=now) for r in told]
    if rule is not None and rule.email:
        notices += [Notice(announcement=announcement, stakeholder_id=r.stakeholder_id,
                           user_id=r.user_id, address=r.email, channel=Notice.Channel.EMAIL,
                           state=Notice.State.QUEUED, queued_at=now, next_attempt_at=now)
                    for r in told if r.email]
    Notice.objects.bulk_create(notices)
    emails = [r for r in told if r.email] if rule is not None and rule.email else []
    audit_record(
        actor=actor, verb=trigger, target=target, liaison_org=scope.liaison_org,
        summary=f"{summary} ({len(told)} told, {len(emails)} e-mail(s))",
        data={**(data or {}), "announcement": announcement.pk,
              "roles": rule.roles if rule else [],
              "stakeholders": [r.stakeholder_id for r in told if r.stakeholder_id],
              "users": [r.user_id for r in told if r.user_id],
              "recipients": sorted({r.email for r in emails})})
    email_ids = list(announcement.notices.filter(channel=Notice.Channel.EMAIL)
                     .values_list("pk", flat=True))
    if email_ids:
        from liaison.notices.tasks import enqueue_delivery

        transaction.on_commit(lambda: enqueue_delivery(email_ids))
    return announcement


def told_members(consultation: Consultation, *, exclude=()) -> tuple[list[Member], list[Member]]:
    """Everyone the consultation's announcement told (but ``exclude``, stakeholder ids):
    (still consenting, withdrawn since)."""
    told = (Notice.objects.filter(announcement__consultation=consultation,
                                  announcement__kind=Announcement.Kind.CONSULTATION)
            .values_list("stakeholder_id", flat=True).distinct())
    rows = (Stakeholder.objects.filter(pk__in=told).exclude(pk__in=exclude)
            .order_by("name", "pk").values_list("pk", "name", "email", "consent_to_contact",
                                                "user_id"))
    members = [Member(pk=pk, name=name, email=email.strip(), has_user=bool(user_id),
                      reason="" if consent else "no_consent")
               for pk, name, email, consent, user_id in rows]
    return [m for m in members if not m.excluded], [m for m in members if m.excluded]


def reminder_recipients(consultation: Consultation) -> tuple[list[Member], list[Member]]:
    """Those told when the consultation opened who have not responded: (still consenting,
    withdrawn since)."""
    return told_members(consultation, exclude=responded_stakeholder_ids(consultation))


def window_change_announce(*, actor, consultation: Consultation, change: str, reason: str,
                           before: dt.datetime, after: dt.datetime) -> Announcement | None:
    """Tell everyone the consultation's announcement told (still consenting) that its input
    window changed (``change``: ``closed_early``, ``extended``, ``moved`` or ``reopened``,
    from the deadline ``before`` to ``after``), and why: one batch, in-app and e-mail, each
    e-mail written in its recipient's language (:mod:`liaison.notices.window`). Called by the
    consultation services inside their transaction; ``None`` when nobody was told (opened
    without notice)."""
    from liaison.notices import window
    from liaison.notices.tasks import schedule_reminder

    members, excluded = told_members(consultation)
    if not members and not excluded:
        return None
    announcement = _create(
        actor=actor, project=consultation.project, kind=Announcement.Kind.WINDOW_CHANGE,
        members=members, subject=window.subject(change, consultation), message=reason,
        documents=[], deadline=after, consultation=consultation,
        criteria={"change": change, "reason": reason, "from": before.isoformat(),
                  "to": after.isoformat()},
        excluded=excluded, now=timezone.now(), data={"reason": reason, "change": change})
    if change != window.CLOSED_EARLY:
        transaction.on_commit(lambda: schedule_reminder(consultation))
    return announcement


@transaction.atomic
def announcement_queue_email(*, actor, stakeholder: Stakeholder, kind: str, subject: str,
                             criteria: dict) -> Announcement:
    """Queue one e-mail to ``stakeholder`` alone (an announcement of ``kind`` without a
    project, e.g. an invitation; its kind writes the message: :mod:`liaison.notices.kinds`),
    delivered, retried and receipted like every notice; it leaves after the commit."""
    now = timezone.now()
    announcement = Announcement(
        liaison_org=stakeholder.liaison_org, kind=kind, project=None, subject=subject[:200],
        criteria=criteria, sent_by=actor if getattr(actor, "is_authenticated", False) else None,
        sent_at=now, recipient_count=1)
    announcement.full_clean()
    announcement.save()
    notice = Notice.objects.create(
        announcement=announcement, stakeholder=stakeholder, address=stakeholder.email.strip(),
        channel=Notice.Channel.EMAIL, state=Notice.State.QUEUED, queued_at=now,
        next_attempt_at=now)
    audit_record(actor=actor, verb=f"announcement.{kind}", target=announcement,
                 liaison_org=stakeholder.liaison_org,
                 summary=f"{announcement.get_kind_display()}: e-mail to {stakeholder} queued",
                 data={"stakeholder": stakeholder.pk, "email": [stakeholder.pk],
                       "notice": notice.pk, **criteria})
    from liaison.notices.tasks import enqueue_delivery

    transaction.on_commit(lambda: enqueue_delivery([notice.pk]))
    return announcement


def consultation_remind(*, consultation: Consultation, actor=None,
                        now: dt.datetime | None = None) -> Announcement | None:
    """Send the reminder if it is due (``reminder_days`` before the deadline, consultation
    open, deadline not passed, not yet sent for this deadline) to those who have not
    responded. Returns ``None`` when there is nothing to send."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_related("project").get(pk=consultation.pk)
    due = deadlines.reminder_due_at(consultation.deadline, consultation.reminder_days)
    if (consultation.state != State.OPEN or due is None or now < due
            or deadlines.is_past(consultation.deadline, now)):
        return None
    if Announcement.objects.filter(consultation=consultation, deadline=consultation.deadline,
                                   kind=Announcement.Kind.REMINDER).exists():
        return None
    members, excluded = reminder_recipients(consultation)
    opening = (consultation.announcements.filter(kind=Announcement.Kind.CONSULTATION)
               .order_by("sent_at").first())
    if opening is None:
        return None
    try:
        with transaction.atomic():
            return _create(
                actor=actor, project=consultation.project, kind=Announcement.Kind.REMINDER,
                members=members, subject=_("Reminder: %(subject)s") % {
                    "subject": opening.subject},
                message=opening.message, documents=list(opening.documents.all()),
                deadline=consultation.deadline, consultation=consultation,
                criteria={"reminder_of": opening.pk}, excluded=excluded, now=now)
    except IntegrityError:  # another worker sent it a moment ago
        return None


#: Other reminders due now, sent by :func:`reminders_send_due` too (e.g. "positions close
#: soon", registered by the consensus app): ``f(now) -> [Announcement sent]``.
DUE_REMINDERS: list[Callable[[dt.datetime], list[Announcement]]] = []


def reminders_send_due(*, now: dt.datetime | None = None) -> list[Announcement]:
    """Every reminder due now, across organizations (``liaison notices remind``)."""
    now = now or timezone.now()
    sent = []
    for source in DUE_REMINDERS:
        sent += source(now)
    for consultation in Consultation.objects.filter(state=State.OPEN, deadline__gt=now,
                                                    reminder_days__gt=0):
        announcement = consultation_remind(consultation=consultation, now=now)
        if announcement is not None:
            sent.append(announcement)
    return sent


@transaction.atomic
def notice_mark_read(*, actor, notice: Notice) -> Notice:
    """The stakeholder has read their in-app notice (recorded once)."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=timezone.now())
        notice.refresh_from_db()
        audit_record(actor=actor, verb="notice.read", target=notice,
                     liaison_org=notice.announcement.liaison_org,
                     summary=f"{notice.stakeholder} read “{notice.announcement}”")
    return notice


@transaction.atomic
def notices_retry_now(*, actor, announcement: Announcement) -> int:
    """Try now every e-mail of ``announcement`` that waits for its next try (a coordinator's
    "retry now" once the mail server is back), instead of at its back-off time. E-mails that
    failed for good (a refused address, withdrawn consent) stay so. Returns how many."""
    waiting = (Notice.objects.select_for_update(of=("self",)).order_by()
               .filter(announcement=announcement, channel=Notice.Channel.EMAIL,
                       state__in=[Notice.State.QUEUED, Notice.State.FAILED],
                       next_attempt_at__isnull=False))
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("No e-mail of this announcement is waiting to be sent."))
    Notice.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())
    audit_record(actor=actor, verb="notices.retry", target=announcement,
                 liaison_org=announcement.liaison_org,
                 summary=f"retry now: {len(ids)} e-mail(s) of “{announcement.subject}”",
                 data={"announcement": announcement.pk, "notices": len(ids)})
    from liaison.notices.tasks import enqueue_delivery

    transaction.on_commit(lambda: enqueue_delivery(ids))
    return len(ids)
