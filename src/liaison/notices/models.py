"""Announcements, the notices they send (one per recipient and channel) and the log of every
delivery attempt.

Rules kept here as data:
- an :class:`Announcement` is one batch of notices of one kind: a project or consultation
  announced, a reminder, a change of a consultation's input window (its ``criteria`` hold the
  change and its reason) or an invitation to create an account (e-mail only, no project);
- an :class:`Announcement` is immutable once sent: what was said, to which audience criteria,
  with which documents and which deadline (snapshots, so later edits to the project do not
  rewrite what people were told), and whom it left out and why;
- a :class:`Notice` moves ``queued → sending → sent`` (or ``failed`` with its reason, and back
  to ``sending`` on a retry); a notice is claimed before it is sent, so it is sent once; while
  ``sending``, ``sent_at`` is the receipt of the mail server's acceptance (written the moment
  it answered), which makes the notice ``sent`` on recovery instead of being mailed again;
- a :class:`DeliveryAttempt` row is written for every attempt, successful or not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("project announced")
        CONSULTATION = "consultation", _("consultation opened")
        REMINDER = "reminder", _("reminder before the deadline")
        WINDOW_CHANGE = "window_change", _("input window changed")
        INVITATION = "invitation", _("invitation to create an account")

    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="announcements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # None only for an invitation (it concerns a stakeholder, not a project).
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="announcements")
    consultation = models.ForeignKey("consultations.Consultation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="announcements")
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    criteria = models.JSONField(_("audience criteria"), default=dict)
    documents = models.ManyToManyField("projects.ProjectDocument", blank=True,
                                       related_name="announcements")
    documents_snapshot = models.JSONField(default=list, blank=True)
    deadline = models.DateTimeField(_("deadline (UTC)"), null=True, blank=True)
    excluded = models.JSONField(_("left out, with the reason"), default=list, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # One reminder per consultation and deadline, however many workers run.
            models.UniqueConstraint(fields=["consultation", "deadline"],
                                    condition=Q(kind="reminder"),
                                    name="uniq_reminder_per_deadline"),
        ]

    def __str__(self) -> str:
        return self.subject


class Notice(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        IN_APP = "in_app", _("in the app")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE,
                                     related_name="notices")
    stakeholder = models.ForeignKey("registry.Stakeholder", on_delete=models.PROTECT,
                                    related_name="notices")
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    address = models.CharField(_("sent to"), max_length=254, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"))
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The process holding the claim (``processes.identity``): a dead one's claims are taken
    # again at once, without waiting for the lease.
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["announcement", "stakeholder__name", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "stakeholder", "channel"],
                                    name="uniq_notice_per_channel"),
        ]
        indexes = [models.Index(fields=["channel", "state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.stakeholder} ({self.channel})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so receivers can drop a duplicate."""
        from liaison.notices.mail import message_id

        return message_id(self.pk)


class DeliveryAttempt(models.Model):
    """One try at delivering one e-mail notice, kept whatever its outcome."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["notice", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_id} {'ok' if self.ok else self.error[:40]}"
