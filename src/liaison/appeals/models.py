"""Disputes and appeals.

Rules (enforced by :mod:`liaison.appeals.services`):

* a :class:`Dispute` is opened from a fundamental objection that could not be overcome; its
  subject is any record (generic link), e.g. a draft consensus comment or a position;
* an :class:`Appeal` is against a decision — any record, through the same generic link — and
  has grounds; it is filed inside the published window after the decision;
* its panel (:class:`PanelMember`) holds only users with the appeals-panel role who did not
  take part in the decision (:mod:`liaison.appeals.conflicts`);
* disputes and appeals are numbered per organization, one numbering per kind, at creation
  and never again: references ``DSP-3`` and ``APL-12`` (:data:`DISPUTE_PREFIX`,
  :data:`APPEAL_PREFIX`). Comments and drafts carry a member body's code and a zero-padded
  number (``DCMI-007``); these prefixes are no member body's code and the numbers are
  not padded, so below 1000 no comment or draft reference can read the same (from 1000 on,
  only if a member body's code were ``APL`` or ``DSP``);
* every state change is a row of :class:`AppealTransition` / :class:`DisputeTransition` and an
  audit event; everyone concerned is told of each step through the notices app's trigger
  table (``notices.services.step_tell``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.appeals.states import AppealState, DisputeState, Outcome

DISPUTE_PREFIX = "DSP"
APPEAL_PREFIX = "APL"

DEFAULT_WINDOW_DAYS = 14
DEFAULT_ADMISSIBILITY_DAYS = 7
DEFAULT_DECISION_DAYS = 30


class AppealSettings(models.Model):
    """The organization's appeal terms, used while its published process does not state
    them (see :func:`liaison.appeals.terms.appeal_terms`)."""

    liaison_org = models.OneToOneField("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                       related_name="appeal_settings")
    window_days = models.PositiveSmallIntegerField(
        _("appeal window (days after the decision)"), default=DEFAULT_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)])
    admissibility_days = models.PositiveSmallIntegerField(
        _("admissibility decided within (days after filing)"),
        default=DEFAULT_ADMISSIBILITY_DAYS, validators=[MinValueValidator(1)])
    decision_days = models.PositiveSmallIntegerField(
        _("panel decision within (days after admission)"), default=DEFAULT_DECISION_DAYS,
        validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("appeal settings")
        verbose_name_plural = _("appeal settings")

    def __str__(self) -> str:
        return f"{self.liaison_org}: {self.window_days} days"


class _Subject(models.Model):
    """A generic link to the record a dispute or an appeal is about."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("about"), max_length=300)

    class Meta:
        abstract = True


class Dispute(_Subject):
    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="disputes")
    number = models.PositiveIntegerField(_("number"))
    objector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="disputes", verbose_name=_("objector"))
    argument = models.TextField(_("argument"))
    state = models.CharField(_("state"), max_length=12, choices=DisputeState.choices,
                             default=DisputeState.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("dispute")
        constraints = [models.UniqueConstraint(fields=["liaison_org", "number"],
                                               name="uniq_dispute_number")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{DISPUTE_PREFIX}-{self.number}"


class Appeal(_Subject):
    liaison_org = models.ForeignKey("registry.LiaisonOrganization", on_delete=models.CASCADE,
                                    related_name="appeals")
    number = models.PositiveIntegerField(_("number"))
    subject_public = models.CharField(_("decision"), max_length=200,
                                      help_text=_("What the public page says the appeal is "
                                                  "against (its kind and number)."))
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="appeals", verbose_name=_("appellant"))
    appellant_public = models.CharField(_("appellant (as published)"), max_length=200)
    summary = models.CharField(_("summary of the grounds"), max_length=300)
    grounds = models.TextField(_("grounds"))
    state = models.CharField(_("state"), max_length=14, choices=AppealState.choices,
                             default=AppealState.FILED)
    inadmissible_reason = models.TextField(_("why it is inadmissible"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices,
                               blank=True)
    reasons = models.TextField(_("reasons for the decision"), blank=True)
    decision_at = models.DateTimeField(_("decision appealed against, taken"))
    window_days = models.PositiveSmallIntegerField(_("appeal window (days)"))
    window_source = models.CharField(_("window set by"), max_length=200)
    window_ends_at = models.DateTimeField(_("appeal window ends"))
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    admissibility_due = models.DateTimeField(_("admissibility due"))
    decision_days = models.PositiveSmallIntegerField(_("decision within (days)"))
    decision_due = models.DateTimeField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    dispute = models.OneToOneField(Dispute, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appeal",
                                   verbose_name=_("escalated from the dispute"))

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("appeal")
        constraints = [models.UniqueConstraint(fields=["liaison_org", "number"],
                                               name="uniq_appeal_number")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{APPEAL_PREFIX}-{self.number}"

    @property
    def is_published(self) -> bool:
        from liaison.appeals.states import PUBLISHED

        return self.state in PUBLISHED

    def admissibility_overdue(self, now=None) -> bool:
        """Still filed after the admissibility deadline."""
        now = now or timezone.now()
        return self.state == AppealState.FILED and now > self.admissibility_due

    def decision_overdue(self, now=None) -> bool:
        """Admitted but not decided by the decision deadline."""
        now = now or timezone.now()
        return (self.state in (AppealState.ADMISSIBLE, AppealState.UNDER_REVIEW)
                and self.decision_due is not None and now > self.decision_due)


class PanelMember(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="appeal_panels")
    appointed_at = models.DateTimeField(default=timezone.now)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["appeal", "user__username"]
        constraints = [models.UniqueConstraint(fields=["appeal", "user"],
                                               name="uniq_panel_member")]

    def __str__(self) -> str:
        return f"{self.user} on {self.appeal}"


class _Transition(models.Model):
    from_state = models.CharField(max_length=14, blank=True)
    to_state = models.CharField(max_length=14)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class AppealTransition(_Transition):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="transitions")

    def __str__(self) -> str:
        return f"{self.appeal}: {self.from_state or '∅'} → {self.to_state}"

    @property
    def label(self) -> str:
        return AppealState(self.to_state).label


class DisputeTransition(_Transition):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="transitions")

    def __str__(self) -> str:
        return f"{self.dispute}: {self.from_state or '∅'} → {self.to_state}"

    @property
    def label(self) -> str:
        return DisputeState(self.to_state).label


