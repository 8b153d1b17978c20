"""Consultations (calls for input on a project or one of its documents) and the comments
stakeholders give, in the ISO comment-form structure."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.consultations.states import State


class Consultation(models.Model):
    class Kind(models.TextChoices):
        COMMENTS = "comments", _("call for comments")
        SURVEY = "survey", _("interest survey")

    class LatePolicy(models.TextChoices):
        REFUSE = "refuse", _("refuse late input")
        FLAG = "flag", _("accept late input and flag it")

    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="consultations")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="consultations")
    document = models.ForeignKey("projects.ProjectDocument", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="consultations",
                                 verbose_name=_("document"))
    ballot = models.ForeignKey("projects.Ballot", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="consultations",
                               verbose_name=_("ISO ballot"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.COMMENTS)
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    late_policy = models.CharField(_("late input"), max_length=6, choices=LatePolicy.choices,
                                   default=LatePolicy.REFUSE)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"), default=3,
        help_text=_("0 sends no reminder."))
    state = models.CharField(_("state"), max_length=14, choices=State.choices,
                             default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the opening.")
        if self.document_id and self.project_id and self.document.project_id != self.project_id:
            errors["document"] = _("This document belongs to another project.")
        if self.ballot_id and self.project_id and self.ballot.project_id != self.project_id:
            errors["ballot"] = _("This ballot belongs to another project.")
        if self.project_id and self.liaison_org_id and (
                self.project.liaison_org_id != self.liaison_org_id):
            errors["project"] = _("This project belongs to another organization.")
        if errors:
            raise ValidationError(errors)

    def deadline_passed(self, now=None) -> bool:
        """True from the deadline's exact minute on (the deadline itself is already late)."""
        return (now or timezone.now()) >= self.deadline

    @property
    def accepts_input(self) -> bool:
        """Whether new input is taken now (rules in :mod:`liaison.consultations.admission`)."""
        from liaison.consultations.admission import admission

        return admission(self).allowed


class Comment(models.Model):
    """One comment in the ISO comment-form structure (the 8 columns), by one stakeholder.

    A comment is a draft (visible to its author only) until submitted; drafts and submitted
    comments alike are visible to their author only until the deadline, and frozen after it.
    ``version`` increases on every edit (optimistic locking).
    """

    class Type(models.TextChoices):
        GENERAL = "ge", _("general")
        TECHNICAL = "te", _("technical")
        EDITORIAL = "ed", _("editorial")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        UPLOAD = "upload", _("uploaded form")
        MEETING = "meeting", _("recorded at a meeting")
        API = "api", _("API")
        IMPORT = "import", _("imported by the coordinator")
        EMAIL = "email", _("e-mail")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="comments")
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey("registry.Stakeholder", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="comments",
                               verbose_name=_("stakeholder"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices,
                               default=Channel.WEB)
    mb = models.CharField(_("MB/NC or source"), max_length=40, blank=True)
    line = models.CharField(_("line number"), max_length=40, blank=True)
    clause = models.CharField(_("clause/subclause"), max_length=250, blank=True)
    element = models.CharField(_("paragraph/figure/table"), max_length=250, blank=True)
    type = models.CharField(_("type of comment"), max_length=2, choices=Type.choices,
                            blank=True)
    comment = models.TextField(_("comment"))
    proposed_change = models.TextField(_("proposed change"), blank=True)
    observation = models.TextField(_("observations of the secretariat"), blank=True)
    anchor_quote = models.TextField(_("passage of the draft"), blank=True,
                                    help_text=_("The text of the draft the comment is on."))
    anchor = models.JSONField(_("place in the draft"), default=dict, blank=True,
                              help_text=_("Draft, clause, element and lines the comment was "
                                          "written on (empty for a comment not placed)."))
    source_ref = models.CharField(_("original comment ID"), max_length=80, blank=True,
                                  help_text=_("The comment's ID in an imported form, e.g. "
                                              "US-001."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"],
                                    name="uniq_comment_number"),
        ]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self) -> str:
        return f"{self.consultation_id}-{self.number:03d}"

    @property
    def reference(self) -> str:
        """The comment's ID as it appears on the form, e.g. ``DCMI-007``."""
        prefix = self.mb or "C"
        return f"{prefix}-{self.number:03d}"


class DraftDocument(models.Model):
    """The draft under consultation as the committee circulated it: the original file kept
    byte for byte with its SHA-256, and the structure read from it
    (:class:`liaison.core.draftdoc.DraftStructure` as JSON). The latest one attached is the
    consultation's current draft; earlier ones stay, so comments anchored to them keep their
    place."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="drafts")
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    structure = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.filename
