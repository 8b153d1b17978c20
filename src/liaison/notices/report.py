"""The equal-access report of one consultation: who was told, when, by which channel; the
spread between the first and the last notice; the days each had before the deadline; who
responded.

Definitions (the figures a user can check by hand):
- the report covers the notices of the announcement(s) that opened the consultation; reminders
  are listed per stakeholder but do not count as being told;
- a notice *delivered* at ``sent_at``: an in-app notice when it was committed, an e-mail when
  the SMTP server accepted it; queued or failed notices are listed, not counted as delivered;
- a stakeholder was *told* at their earliest delivered notice; *days before the deadline* =
  (deadline − told at) / 86 400 s, two decimals;
- *spread* = last delivered notice − first delivered notice (all channels), and per channel;
- the *batches* are the opening announcement and each change of the input window (closed
  early, deadline moved, reopened), each with its reason and reach (told, e-mails accepted by
  the server, failed); a consultation opened without notice shows the reason recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from liaison.audit.selectors import events_for
from liaison.consultations.models import Consultation
from liaison.notices.deadlines import days_before
from liaison.notices.models import Announcement, Notice
from liaison.notices.selectors import announcements_of, responded_stakeholder_ids


@dataclass
class Row:
    stakeholder_id: int
    name: str
    categories: str
    email: Notice | None = None
    in_app: Notice | None = None
    reminded_at: dt.datetime | None = None
    responded: bool = False
    told_at: dt.datetime | None = None
    days_before_deadline: float | None = None


@dataclass
class Spread:
    first: dt.datetime | None = None
    last: dt.datetime | None = None

    def add(self, at: dt.datetime | None) -> None:
        if at is None:
            return
        self.first = at if self.first is None else min(self.first, at)
        self.last = at if self.last is None else max(self.last, at)

    @property
    def seconds(self) -> float | None:
        if self.first is None:
            return None
        return (self.last - self.first).total_seconds()


#: The batches that make or change what everyone was told: the opening, each window change.
BATCH_KINDS = (Announcement.Kind.CONSULTATION, Announcement.Kind.WINDOW_CHANGE)


@dataclass
class Batch:
    """One batch sent to everyone: the opening announcement or a change of the input window
    (its kind, reason and the deadlines before and after); ``announcement`` carries its
    reach (``recipient_count``, ``n_email``, ``n_email_sent``, ``n_failed``)."""

    announcement: Announcement

    @property
    def change(self) -> str:
        return self.announcement.criteria.get("change", "")

    @property
    def reason(self) -> str:
        return self.announcement.criteria.get("reason", "")

    @property
    def before(self) -> dt.datetime | None:
        value = self.announcement.criteria.get("from")
        return dt.datetime.fromisoformat(value) if value else None

    @property
    def after(self) -> dt.datetime | None:
        value = self.announcement.criteria.get("to")
        return dt.datetime.fromisoformat(value) if value else None


@dataclass
class Report:
    consultation: Consultation
    deadline: dt.datetime
    rows: list[Row] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    spread: Spread = field(default_factory=Spread)
    by_channel: dict[str, Spread] = field(default_factory=dict)
    batches: list[Batch] = field(default_factory=list)
    without_notice_reason: str = ""

    @property
    def told(self) -> int:
        return sum(1 for r in self.rows if r.told_at is not None)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows for n in (r.email, r.in_app)
                   if n is not None and n.state != Notice.State.SENT)

    @property
    def responded(self) -> int:
        return sum(1 for r in self.rows if r.responded)

    @property
    def min_days(self) -> float | None:
        days = [r.days_before_deadline for r in self.rows if r.days_before_deadline is not None]
        return min(days) if days else None

    @property
    def max_days(self) -> float | None:
        days = [r.days_before_deadline for r in self.rows if r.days_before_deadline is not None]
        return max(days) if days else None


def equal_access(consultation: Consultation) -> Report:
    report = Report(consultation=consultation, deadline=consultation.deadline)
    # The opening and its reminders (step notices, e.g. "drafts ready", are not this report's).
    notices = (Notice.objects.filter(announcement__consultation=consultation,
                                     announcement__kind__in=[Announcement.Kind.CONSULTATION,
                                                             Announcement.Kind.REMINDER])
               .select_related("stakeholder", "announcement")
               .prefetch_related("stakeholder__categories")
               .order_by("stakeholder__name", "stakeholder_id", "announcement__sent_at"))
    rows: dict[int, Row] = {}
    for notice in notices:
        s = notice.stakeholder
        row = rows.get(s.pk)
        if row is None:
            row = rows[s.pk] = Row(stakeholder_id=s.pk, name=s.name, categories=", ".join(
                c.name for c in s.categories.all()))
        if notice.announcement.kind == Announcement.Kind.REMINDER:
            row.reminded_at = row.reminded_at or notice.announcement.sent_at
            continue
        if notice.announcement.kind == Announcement.Kind.WINDOW_CHANGE:
            continue  # shown as a batch of its own (Report.batches)
        setattr(row, "email" if notice.channel == Notice.Channel.EMAIL else "in_app", notice)
        if notice.state == Notice.State.SENT:
            report.spread.add(notice.sent_at)
            report.by_channel.setdefault(notice.channel, Spread()).add(notice.sent_at)
            if row.told_at is None or notice.sent_at < row.told_at:
                row.told_at = notice.sent_at
    responded = responded_stakeholder_ids(consultation)
    for row in rows.values():
        row.responded = row.stakeholder_id in responded
        if row.told_at is not None:
            row.days_before_deadline = days_before(consultation.deadline, row.told_at)
    report.rows = [r for r in rows.values() if r.email or r.in_app]
    for announcement in consultation.announcements.filter(
            kind=Announcement.Kind.CONSULTATION):
        report.excluded.extend(announcement.excluded)
    report.batches = [Batch(a) for a in announcements_of(consultation.liaison_org).filter(
        consultation=consultation, kind__in=BATCH_KINDS).order_by("sent_at", "pk")]
    opened = (events_for(consultation).filter(verb="consultation.open")
              .order_by("seq").values_list("data", flat=True).first())
    report.without_notice_reason = (opened or {}).get("without_notice_reason", "")
    return report


def _iso(at: dt.datetime | None) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if at else ""


CSV_HEADER = ["stakeholder_id", "stakeholder", "interest_categories", "email_state",
              "email_sent_at_utc", "email_attempts", "email_last_error", "in_app_at_utc",
              "in_app_read_at_utc", "told_at_utc", "days_before_deadline", "reminded_at_utc",
              "responded", "left_out_reason"]


def _cell(value: object) -> object:
    """Neutralize text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for r in report.rows:
        writer.writerow([_cell(v) for v in [
            r.stakeholder_id, r.name, r.categories,
            r.email.state if r.email else "", _iso(r.email.sent_at if r.email else None),
            r.email.attempts if r.email else "", r.email.last_error if r.email else "",
            _iso(r.in_app.sent_at if r.in_app else None),
            _iso(r.in_app.read_at if r.in_app else None), _iso(r.told_at),
            "" if r.days_before_deadline is None else f"{r.days_before_deadline:.2f}",
            _iso(r.reminded_at), "yes" if r.responded else "no", ""]])
    for left_out in report.excluded:
        writer.writerow([_cell(v) for v in [
            left_out["stakeholder"], left_out["name"], "", "", "", "", "", "", "", "", "", "",
            "no", left_out["reason"]]])
    return out.getvalue()
