"""The consensus position of one consultation: draft consensus comments, the positions taken
on them, fundamental objections, dispositions of every input comment, revisions after
finalization, the stored analysis of the comments, and the submission to ISO.

Rules kept by the models themselves (the services keep the rest):

* a draft has the 8 ISO columns and a ``version`` that increases on every change (optimistic
  locking); its ``number`` gives its stable reference (``TMI-CC007``: "CC" for consensus
  comment, so it never shares the ``TMI-007`` numbering of the input comments), ``order`` its
  place in the position (changed by "order by clause");
* one position per participant (a user) and draft; a fundamental objection needs an argument;
* one disposition per input comment; a reason is required for every kind but "merged";
  its draft link follows from its kind: "merged" names a draft, "noted" and "not carried
  forward" name none (a check constraint holds it in the database too);
* a draft without consensus is submitted only withdrawn (``status`` withdrawn, with its
  reason) or with an :class:`Override` recorded on its current version.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.consultations.models import Comment
from liaison.core.consensus import Position as Code


def draft_reference(mb: str, number: int) -> str:
    """A draft's ID: ``TMI-CC007`` (input comments are ``TMI-007``)."""
    return f"{mb or 'C'}-CC{number:03d}"


def legacy_draft_reference(mb: str, number: int) -> str:
    """The ID drafts had on files written before drafts got their own numbering
    (``TMI-007``, the same as input comments): still read by the observations import."""
    return f"{mb or 'C'}-{number:03d}"


class Draft(models.Model):
    """A draft consensus comment in the ISO structure, built from one or more input comments
    (its ``sources``)."""

    Type = Comment.Type  # the ISO comment types, as on the input comments

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        MERGED = "merged", _("merged into another draft")
        WITHDRAWN = "withdrawn", pgettext_lazy("draft status", "withdrawn")

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="consensus_drafts")
    number = models.PositiveIntegerField(_("number"))
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices,
                              default=Status.ACTIVE)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="absorbed")
    mb = models.CharField(_("MB/NC"), max_length=40, blank=True)
    line = models.CharField(_("line number"), max_length=40, blank=True)
    clause = models.CharField(_("clause/subclause"), max_length=250, blank=True)
    element = models.CharField(_("paragraph/figure/table"), max_length=250, blank=True)
    type = models.CharField(_("type of comment"), max_length=2, choices=Type.choices,
                            blank=True)
    comment = models.TextField(_("comment"))
    proposed_change = models.TextField(_("proposed change"), blank=True)
    observation = models.TextField(_("observations of the secretariat"), blank=True)
    sources = models.ManyToManyField("consultations.Comment", blank=True,
                                     related_name="consensus_drafts",
                                     verbose_name=_("source comments"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: The ISO columns an editor changes (the observation is the secretariat's).
    TEXT_FIELDS = ("mb", "line", "clause", "element", "type", "comment", "proposed_change")

    class Meta:
        ordering = ["consultation", "order", "number"]
        verbose_name = _("draft consensus comment")
        constraints = [models.UniqueConstraint(fields=["consultation", "number"],
                                               name="uniq_draft_number")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The draft's ID in the UI and on the exported form, e.g. ``TMI-CC007`` (written in
        the MB/NC cell as two lines, ID then code: see docs/isoform.md)."""
        return draft_reference(self.mb, self.number)


class Override(models.Model):
    """The coordinator's recorded decision to submit a draft that lacks consensus, with the
    reason (an editorial revision for political or legal reasons) and the verdict it
    overrode. It holds for the draft's ``draft_version`` only: a changed draft needs consensus
    (or a new override) again."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="overrides")
    draft_version = models.PositiveIntegerField()
    reason = models.TextField(_("reason"))
    verdict = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "-at", "-pk"]
        verbose_name = _("override of the consensus rule")

    def __str__(self) -> str:
        return f"override on {self.draft} v{self.draft_version}"

    @property
    def in_force(self) -> bool:
        """Still about the draft's current text."""
        return self.draft_version == self.draft.version


class Position(models.Model):
    """One participant's position on one draft (codes of :class:`liaison.core.consensus.
    Position`). ``draft_version`` is the draft's version when it was stated; a later change of
    the draft sets ``needs_review``."""

    class Value(models.IntegerChoices):
        SUPPORT = int(Code.SUPPORT), _("support")
        CAN_LIVE_WITH = int(Code.CAN_LIVE_WITH), _("can live with it")
        ABSTAIN = int(Code.ABSTAIN), _("abstain")
        OPPOSE = int(Code.OPPOSE), _("oppose")
        FUNDAMENTAL_OBJECTION = int(Code.FUNDAMENTAL_OBJECTION), _("fundamental objection")

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="positions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="consensus_positions")
    stakeholder = models.ForeignKey("registry.Stakeholder", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("position"), choices=Value.choices)
    argument = models.TextField(_("argument"), blank=True)
    draft_version = models.PositiveIntegerField()
    needs_review = models.BooleanField(_("marked for review"), default=False)
    version = models.PositiveIntegerField(default=1)
    #: The consultation's :class:`PositionCounter` value of the transaction that last wrote
    #: this row (0: written before the counter existed); the evaluation reads ``seq > n``.
    seq = models.PositiveBigIntegerField(default=0)
    stated_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    #: Set when the position was given at a committee meeting and entered by someone else
    #: (e.g. the secretary) on the participant's behalf; cleared when they restate it.
    meeting = models.ForeignKey("committees.Meeting", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("given at meeting"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("entered by"))

    class Meta:
        ordering = ["draft", "stated_at"]
        constraints = [models.UniqueConstraint(fields=["draft", "user"],
                                               name="uniq_position_per_user")]
        indexes = [models.Index(fields=["consultation", "updated_at"]),
                   models.Index(fields=["consultation", "seq"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.draft}: {self.get_value_display()}"

    def clean(self) -> None:
        if self.value == self.Value.FUNDAMENTAL_OBJECTION and not self.argument.strip():
            raise ValidationError({"argument": _(
                "A fundamental objection needs its argument: say what is wrong and why.")})


def _token() -> int:
    return secrets.randbits(62)


class PositionCounter(models.Model):
    """Bumped (row-locked until commit) in the transaction of every write to a consultation's
    positions, which carry the new value in ``seq``: a process keeping the positions in memory
    checks this one row and reads only the rows written since (``evaluation.py``). ``token``
    tells a re-created counter from the one a cache was filled under."""

    consultation = models.OneToOneField("consultations.Consultation", on_delete=models.CASCADE,
                                        primary_key=True, related_name="+")
    value = models.PositiveBigIntegerField(default=0)
    token = models.BigIntegerField(default=_token)

    def __str__(self) -> str:
        return f"positions of {self.consultation_id}: {self.value}"


class Objection(models.Model):
    """A fundamental objection to a draft. It blocks finalization until resolved (resolution
    text, by whom, when). Extension point: ``dispute_ref`` names the dispute the appeals app
    opens for an objection that cannot be overcome (state ``disputed`` still blocks)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DISPUTED = "disputed", _("referred to a dispute")
        RESOLVED = "resolved", _("resolved")
        WITHDRAWN = "withdrawn", pgettext_lazy("draft status", "withdrawn")

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="objections")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    argument = models.TextField(_("argument"))
    state = models.CharField(_("state"), max_length=9, choices=State.choices,
                             default=State.OPEN)
    raised_at = models.DateTimeField(auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    dispute_ref = models.CharField(_("dispute"), max_length=80, blank=True)

    #: States that still block finalization.
    BLOCKING = (State.OPEN, State.DISPUTED)

    class Meta:
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return f"objection #{self.pk} to {self.draft}"


class Message(models.Model):
    """One message of the discussion thread on a draft consensus comment (see
    :func:`liaison.consensus.services.message_post` for who may post)."""

    MAX_LENGTH = 4000

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    text = models.TextField(_("message"), max_length=MAX_LENGTH)
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        ordering = ["posted_at", "pk"]
        verbose_name = _("discussion message")
        indexes = [models.Index(fields=["draft", "posted_at"])]

    def __str__(self) -> str:
        return f"{self.author} on {self.draft}: {self.text[:40]}"


class Disposition(models.Model):
    """What became of one input comment: one state, whose draft link the state implies
    (:data:`NEEDS_DRAFT` names a draft, :data:`NO_DRAFT` none; accepted, with or without
    changes, may name the draft that carries it)."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged into a consensus comment")
        ACCEPTED = "accepted", _("accepted")
        ACCEPTED_CHANGES = "accepted_changes", _("accepted with changes")
        NOTED = "noted", _("noted")
        NOT_CARRIED = "not_carried", _("not carried forward")

    #: Kinds that feed a draft, and so name it.
    NEEDS_DRAFT = (Kind.MERGED,)
    #: Kinds that feed no draft, and so name none.
    NO_DRAFT = (Kind.NOTED, Kind.NOT_CARRIED)

    comment = models.OneToOneField("consultations.Comment", on_delete=models.CASCADE,
                                   related_name="disposition")
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    kind = models.CharField(_("disposition"), max_length=16, choices=Kind.choices)
    draft = models.ForeignKey(Draft, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="dispositions",
                              verbose_name=_("consensus comment"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["comment"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(kind__in=["merged"], draft__isnull=False)
                       | models.Q(kind__in=["noted", "not_carried"], draft__isnull=True)
                       | models.Q(kind__in=["accepted", "accepted_changes"])),
            name="disposition_draft_follows_kind")]

    def __str__(self) -> str:
        return f"{self.comment}: {self.get_kind_display()}"

    def clean(self) -> None:
        errors = {}
        if self.kind in self.NEEDS_DRAFT and self.draft_id is None:
            errors["draft"] = _("Name the consensus comment this comment was merged into.")
        if self.kind in self.NO_DRAFT and self.draft_id is not None:
            errors["draft"] = _("A comment that is %(kind)s feeds no consensus comment: "
                                "leave the consensus comment empty.") % {
                                    "kind": self.get_kind_display()}
        if self.kind != self.Kind.MERGED and not self.reason.strip():
            errors["reason"] = _("Give the reason for this disposition.")
        if errors:
            raise ValidationError(errors)


class Revision(models.Model):
    """One change of a draft's text with its diff; after finalization the reason is required
    and is political or legal."""

    class ReasonKind(models.TextChoices):
        EDITORIAL = "editorial", _("editorial (before finalization)")
        POLITICAL = "political", _("political")
        LEGAL = "legal", _("legal")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="revisions")
    from_version = models.PositiveIntegerField()
    to_version = models.PositiveIntegerField()
    after_finalization = models.BooleanField(default=False)
    reason_kind = models.CharField(_("kind of reason"), max_length=9,
                                   choices=ReasonKind.choices, default=ReasonKind.EDITORIAL)
    reason = models.TextField(_("reason"), blank=True)
    diff = models.TextField(_("changes"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "at"]

    def __str__(self) -> str:
        return f"{self.draft} v{self.from_version}→v{self.to_version}"


class Analysis(models.Model):
    """The redundancy clusters and contradictory pairs of a consultation's comments, computed
    once by the analysis core and kept with the ``fingerprint`` of the comments it read."""

    consultation = models.OneToOneField("consultations.Consultation", on_delete=models.CASCADE,
                                        related_name="consensus_analysis")
    fingerprint = models.CharField(max_length=64)
    n_comments = models.PositiveIntegerField()
    clusters = models.JSONField(default=list)
    contradictions = models.JSONField(default=list)
    seconds = models.FloatField(default=0.0)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"analysis of {self.consultation_id}"


class Submission(models.Model):
    """The consensus position as finalized and sent: verdict, rule version, and the exact
    .docx / .xlsx files with their SHA-256."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="consensus_submissions")
    rule_version = models.CharField(max_length=80)
    verdict = models.JSONField(default=dict)
    docx = models.BinaryField()
    xlsx = models.BinaryField()
    docx_sha256 = models.CharField(max_length=64)
    xlsx_sha256 = models.CharField(max_length=64)
    n_drafts = models.PositiveIntegerField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"submission of {self.consultation_id} at {self.submitted_at:%Y-%m-%d %H:%M}"


class ObservationImport(models.Model):
    """One import of the secretariat's observations (ISO OSD .xlsx or the template's column 8)."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    matched = models.PositiveIntegerField()
    unmatched = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class PositionCall(models.Model):
    """The coordinator's call for positions on the drafts of a consultation: when it was made
    and when positions close (announced to those the trigger ``step.drafts_ready`` names, and
    recalled ``Consultation.reminder_days`` before the close by ``step.positions_closing``,
    once per closing date: ``reminded_for``)."""

    consultation = models.OneToOneField("consultations.Consultation", on_delete=models.CASCADE,
                                        related_name="position_call")
    closes_at = models.DateTimeField(_("positions close"))
    called_at = models.DateTimeField()
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reminded_for = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"positions on {self.consultation} close {self.closes_at:%Y-%m-%d %H:%M}"


class DispositionBatch(models.Model):
    """One bulk disposition step: the same kind, draft and reason given to many comments at
    once, and what each comment had before (``entries``: ``{"comment": pk, "before": [kind,
    draft pk, reason] or null, "added_source": bool}``), so that the last step can be undone
    while the position is not finalized (``undone_at`` then set)."""

    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.CASCADE,
                                     related_name="+")
    kind = models.CharField(_("disposition"), max_length=16, choices=Disposition.Kind.choices)
    draft = models.ForeignKey(Draft, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("consensus comment"))
    reason = models.TextField(_("reason"), blank=True)
    entries = models.JSONField(default=list)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("bulk disposition step")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {len(self.entries)} × {self.get_kind_display()}"
