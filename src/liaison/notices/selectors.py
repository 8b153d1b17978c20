"""Reads: announcements of an organization, a stakeholder's own notices, who has responded.

*Responded* (used by reminders and the equal-access report): the stakeholder submitted a
comment in the consultation, or — for an interest survey — answered it. Survey answers are
found through ``involvement.SurveyResponse`` when that model exists (a ``stakeholder`` foreign
key and either a ``consultation`` foreign key or a ``project`` one); other apps may add their
own source to :data:`RESPONSE_SOURCES` (a callable ``consultation -> iterable of stakeholder
ids``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet

from liaison.consultations.models import Comment, Consultation
from liaison.notices.models import Announcement, Notice

RESPONSE_SOURCES: list[Callable[[Consultation], Iterable[int]]] = []


def _survey_respondents(consultation: Consultation) -> set[int]:
    try:
        model = apps.get_model("involvement", "SurveyResponse")
    except LookupError:
        return set()
    names = {f.name for f in model._meta.get_fields()}
    if "stakeholder" not in names:
        return set()
    if "consultation" in names:
        rows = model.objects.filter(consultation=consultation)
    elif "project" in names:
        rows = model.objects.filter(project_id=consultation.project_id)
    else:
        return set()
    return set(rows.exclude(stakeholder__isnull=True).values_list("stakeholder_id", flat=True))


def responded_stakeholder_ids(consultation: Consultation) -> set[int]:
    """Stakeholders who responded to ``consultation`` (see the module's definition)."""
    ids = set(Comment.objects.filter(consultation=consultation,
                                     status=Comment.Status.SUBMITTED,
                                     author__isnull=False)
              .values_list("author_id", flat=True))
    if consultation.kind == Consultation.Kind.SURVEY:
        ids |= _survey_respondents(consultation)
    for source in RESPONSE_SOURCES:
        ids |= set(source(consultation))
    return ids


def announcements_of(liaison_org) -> QuerySet[Announcement]:
    return (Announcement.objects.filter(liaison_org=liaison_org)
            .select_related("project", "consultation", "sent_by")
            .annotate(n_email=Count("notices", filter=Q(notices__channel=Notice.Channel.EMAIL)),
                      n_email_sent=Count("notices", filter=Q(
                          notices__channel=Notice.Channel.EMAIL,
                          notices__state=Notice.State.SENT)),
                      n_failed=Count("notices", filter=Q(
                          notices__state=Notice.State.FAILED))))


def opening_announcement(consultation) -> Announcement | None:
    """The announcement that opened ``consultation`` (None when it was opened without
    notice)."""
    return (Announcement.objects.filter(consultation=consultation,
                                        kind=Announcement.Kind.CONSULTATION)
            .order_by("-sent_at").first())


def announcement_of(liaison_org, pk: int) -> Announcement:
    return announcements_of(liaison_org).get(pk=pk)


def delivery_counts(announcement: Announcement) -> dict[str, dict[str, int]]:
    """``{channel: {state: n}}`` for one announcement."""
    counts: dict[str, dict[str, int]] = {}
    rows = (announcement.notices.values("channel", "state").annotate(n=Count("pk"))
            .order_by())
    for row in rows:
        counts.setdefault(row["channel"], {})[row["state"]] = row["n"]
    return counts


def own_notices(user) -> QuerySet[Notice]:
    """The signed-in user's in-app notices, across every stakeholder profile linked to them
    (they are the user's own, whichever organization sent them) and the step notices sent to
    them as a user, newest first."""
    return (Notice.objects.filter(Q(stakeholder__user=user) | Q(user=user),
                                  channel=Notice.Channel.IN_APP)
            .select_related("announcement__project", "announcement__consultation",
                            "announcement__liaison_org")
            .order_by("-announcement__sent_at", "-pk"))


def own_notice(user, announcement_pk: int) -> Notice:
    return own_notices(user).get(announcement_id=announcement_pk)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return own_notices(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class DeliveryProgress:
    """Where an announcement's e-mails stand, for the coordinator who sent it."""

    total: int
    sent: int
    waiting: int  # queued, being sent, or failed and to be tried again
    failed: int  # failed for good
    retrying: int  # failed and to be tried again
    problem: str  # the latest failure, in words ("" when none)

    @property
    def pending(self) -> bool:
        return self.waiting > 0


def delivery_progress(announcement: Announcement) -> DeliveryProgress:
    """Counts of the e-mail notices by outcome, and the latest failure said in words."""
    from liaison.notices.faults import explain

    emails = announcement.notices.filter(channel=Notice.Channel.EMAIL)
    c = emails.aggregate(
        total=Count("pk"), sent=Count("pk", filter=Q(state=Notice.State.SENT)),
        failed=Count("pk", filter=Q(state=Notice.State.FAILED, next_attempt_at__isnull=True)),
        retrying=Count("pk", filter=Q(state=Notice.State.FAILED,
                                      next_attempt_at__isnull=False)))
    latest = (emails.exclude(last_error="").exclude(state=Notice.State.SENT)
              .order_by(F("next_attempt_at").desc(nulls_last=True), "-pk")
              .values("last_error", "next_attempt_at").first())
    return DeliveryProgress(
        total=c["total"], sent=c["sent"], waiting=c["total"] - c["sent"] - c["failed"],
        failed=c["failed"], retrying=c["retrying"],
        problem=explain(latest["last_error"], latest["next_attempt_at"]) if latest else "")


def step_notices(**about: int) -> QuerySet[Notice]:
    """The notices of the steps whose context names ``about`` (e.g. ``appeal=7``): every
    channel, oldest first."""
    lookups = {f"announcement__context__{key}": value for key, value in about.items()}
    return (Notice.objects.filter(announcement__kind=Announcement.Kind.STEP, **lookups)
            .select_related("announcement__liaison_org", "stakeholder", "user")
            .order_by("announcement__sent_at", "announcement_id", "channel", "pk"))
