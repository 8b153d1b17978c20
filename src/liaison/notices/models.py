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
        STEP = "step", _("process step")

    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="announcements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # None for an invitation (it concerns a stakeholder, not a project) and for a step notice
    # that concerns no project (e.g. an appeal against another kind of decision).
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="announcements")
    # Step notices: the trigger that sent it (``Trigger.slug``) and what its message says
    # (references, titles, the link), rendered in each recipient's language (``steps``).
    trigger = models.CharField(_("trigger"), max_length=40, blank=True)
    context = models.JSONField(default=dict, blank=True)
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

    @property
    def heading(self) -> str:
        """The subject in the active language (a step notice is written in each reader's)."""
        if self.kind == self.Kind.STEP:
            from liaison.notices import steps

            return steps.subject(self)
        return self.subject

    @property
    def text(self) -> str:
        """The message in the active language."""
        if self.kind == self.Kind.STEP:
            from liaison.notices import steps

            return steps.body(self)
        return self.message


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
    # The recipient: a stakeholder, or — for a step notice to someone with no stakeholder
    # record in the organization (a coordinator, a panel member) — a user.
    stakeholder = models.ForeignKey("registry.Stakeholder", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="notices")
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
            models.UniqueConstraint(fields=["announcement", "user", "channel"],
                                    condition=Q(user__isnull=False),
                                    name="uniq_user_notice_per_channel"),
            models.CheckConstraint(condition=Q(stakeholder__isnull=False) | Q(user__isnull=False),
                                   name="notice_has_recipient"),
        ]
        indexes = [models.Index(fields=["channel", "state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.recipient} ({self.channel})"

    @property
    def recipient(self):
        return self.stakeholder if self.stakeholder_id else self.user

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


class Trigger(models.Model):
    """Who is told of a process step, and how — held as data (seeded by a migration, edited
    in the admin), like the IETF datatracker's mail triggers: the code fires a trigger by its
    slug; this row decides the recipients (``roles``, slugs of ``recipients.ROLES``) and the
    channels. A step whose row is missing is told by its default (``notices.triggers``, which
    creates the row); a row with no channel tells nobody, and its audit event says so."""

    slug = models.CharField(_("slug"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200)
    roles = models.JSONField(_("who is told"), default=list, blank=True)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
