"""The organization's published process: how it engages stakeholders and decides, with the
parameters of its consensus rule, as numbered versions.

Rules:
- versions are numbered 1, 2, 3 … per organization; at most one draft at a time;
- a **published version never changes**: the ORM refuses to save or delete it (editing the
  process edits the draft, or starts a new draft from the latest published version);
- the version **in force** at an instant is the last one published at or before it
  (:func:`liaison.process.selectors.rule_in_force`);
- every consultation records the version in force when it opened (:class:`ConsultationProcess`).
"""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.registry.models import LiaisonOrganization

#: The text sections of a process description, in the order they are published.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("scope", _("Scope")),
    ("stakeholder_identification", _("Stakeholder identification")),
    ("notice_and_channels", _("Notice and channels")),
    ("comment_collection", _("Comment collection")),
    ("consensus_rule", _("Consensus rule")),
    ("dispositions", _("Dispositions")),
    ("disputes_and_appeals", _("Disputes and appeals")),
    ("review", _("Review of the process")),
)
SECTION_FIELDS = tuple(name for name, _label in SECTIONS)
#: The consensus-rule parameters (compared in diffs, copied into each new draft).
RULE_FIELDS = ("opposition_threshold", "support_threshold", "min_members",
               "required_groups_important", "required_groups_must_take_position",
               "fundamental_objections_block")


class PublishedVersionImmutable(ValidationError):
    """Someone tried to change or delete a published version."""


def parse_share(value: str) -> Fraction:
    """``"1/3"``, ``"0.4"`` or ``"40%"`` as an exact fraction."""
    text = (value or "").strip().replace(" ", "")
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


def validate_share(value: str) -> None:
    """A threshold is a share in (0, 1], written as a fraction, a decimal or a percentage."""
    try:
        share = parse_share(value)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationError(_("Write a share such as 1/3, 0.4 or 40%%."),
                              code="invalid") from exc
    if not 0 < share <= 1:
        raise ValidationError(_("A threshold lies between 0 (excluded) and 1."), code="range")


def _stored_status(version: ProcessVersion) -> str | None:
    """The status as stored in the database (None for a new row)."""
    if version.pk is None:
        return None
    return (ProcessVersion.objects.filter(pk=version.pk)
            .values_list("status", flat=True).first())


class ProcessVersion(models.Model):
    class Status(models.TextChoices):
        # A draft process version is a "projet"; a draft consultation or comment, a "brouillon".
        DRAFT = "draft", pgettext_lazy("process version status", "draft")
        PUBLISHED = "published", _("published")

    liaison_org = models.ForeignKey(LiaisonOrganization, on_delete=models.CASCADE,
                                    related_name="process_versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=200,
                             default=_("How we engage stakeholders and decide"))
    scope = models.TextField(_("scope"), blank=True)
    stakeholder_identification = models.TextField(_("stakeholder identification"), blank=True)
    notice_and_channels = models.TextField(_("notice and channels"), blank=True)
    comment_collection = models.TextField(_("comment collection"), blank=True)
    consensus_rule = models.TextField(_("consensus rule"), blank=True)
    dispositions = models.TextField(_("dispositions"), blank=True)
    disputes_and_appeals = models.TextField(_("disputes and appeals"), blank=True)
    review = models.TextField(_("review of the process"), blank=True)
    opposition_threshold = models.CharField(
        _("opposition threshold θ"), max_length=12, default="1/3", validators=[validate_share],
        help_text=_("Opposition share at or above which an important category sustains "
                    "opposition, e.g. 1/3."))
    support_threshold = models.CharField(
        _("support threshold τ"), max_length=12, default="2/3", validators=[validate_share],
        help_text=_("Overall support share needed for consensus, e.g. 2/3."))
    min_members = models.PositiveSmallIntegerField(
        _("members for a category to be important (m)"), default=3,
        help_text=_("A category is an important part of the concerned interests when at least "
                    "this many of its members took a position."))
    required_groups_important = models.BooleanField(
        _("groups a project requires are always important"), default=True)
    required_groups_must_take_position = models.BooleanField(
        _("a required group that took no position blocks consensus"), default=True)
    fundamental_objections_block = models.BooleanField(
        _("an unresolved fundamental objection blocks consensus"), default=True)
    change_note = models.TextField(_("what changed and why"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        ordering = ["liaison_org", "-number"]
        verbose_name = _("process version")
        constraints = [
            models.UniqueConstraint(fields=["liaison_org", "number"],
                                    name="uniq_process_version_number"),
            models.UniqueConstraint(fields=["liaison_org"], condition=Q(status="draft"),
                                    name="one_process_draft",
                                    violation_error_message=_(
                                        "The organization already has a draft process.")),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_process_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.liaison_org} process v{self.number} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        """Refuse to change a version that is already published (publishing a draft is the
        last change it ever gets)."""
        if _stored_status(self) == self.Status.PUBLISHED:
            raise PublishedVersionImmutable(
                _("Version %(n)s is published and cannot change; edit the draft instead."),
                params={"n": self.number})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _stored_status(self) == self.Status.PUBLISHED:
            raise PublishedVersionImmutable(
                _("Version %(n)s is published and cannot be deleted."),
                params={"n": self.number})
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def theta(self) -> Fraction:
        return parse_share(self.opposition_threshold)

    @property
    def tau(self) -> Fraction:
        return parse_share(self.support_threshold)

    def sections(self) -> list[tuple[str, str, str]]:
        """``(field, label, text)`` for every section, in publication order."""
        return [(name, str(label), getattr(self, name)) for name, label in SECTIONS]



class ConsultationProcess(models.Model):
    """The process version in force when a consultation opened (its rule governs the
    consultation's consensus, whatever is published later)."""

    consultation = models.OneToOneField("consultations.Consultation", on_delete=models.CASCADE,
                                        related_name="process_record")
    process_version = models.ForeignKey(ProcessVersion, on_delete=models.PROTECT,
                                        related_name="consultations")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process of a consultation")

    def __str__(self) -> str:
        return f"{self.consultation} → v{self.process_version.number}"

    def clean(self) -> None:
        if (self.consultation_id and self.process_version_id
                and self.consultation.liaison_org_id != self.process_version.liaison_org_id):
            raise ValidationError(_("This process belongs to another organization."))
        if self.process_version_id and not self.process_version.is_published:
            raise ValidationError(_("Only a published process can govern a consultation."))
