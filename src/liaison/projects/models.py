"""ISO projects, their documents and ballots, the groups their proposer declared, and the
stakeholders engaged with each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.stages import STAGES, UnknownStage, stage, stage_choices
from liaison.projects.references import is_valid_reference, normalize_reference
from liaison.registry.models import InterestCategory, LiaisonOrganization, Organization, Topic


def validate_stage_code(value: str) -> None:
    try:
        stage(value)
    except UnknownStage as exc:
        raise ValidationError(str(exc)) from exc


def validate_reference(value: str) -> None:
    if not is_valid_reference(value):
        raise ValidationError(
            _("“%(ref)s” is not an ISO project reference (e.g. ISO/NP 12345, ISO/DIS 15836-2)."),
            params={"ref": value},
        )


class Project(models.Model):
    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="projects"
    )
    reference = models.CharField(_("reference"), max_length=80, validators=[validate_reference],
                                 help_text=_("e.g. ISO/NP 12345 or ISO/DIS 15836-2"))
    reference_key = models.CharField(max_length=80, editable=False)
    committee = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("committee"),
    )
    title = models.CharField(_("title"), max_length=300)
    stage_code = models.CharField(_("stage"), max_length=5, choices=stage_choices(),
                                  validators=[validate_stage_code])
    scope = models.TextField(_("scope"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="projects",
                                    verbose_name=_("topics"))
    approved_on = models.DateField(_("approved by ISO members on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference_key"]
        constraints = [
            models.UniqueConstraint(fields=["liaison_org", "reference_key"],
                                    name="uniq_project_reference",
                                    violation_error_message=_(
                                        "A project with this reference already exists."))
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def clean(self) -> None:
        self.reference = " ".join((self.reference or "").split())
        self.reference_key = normalize_reference(self.reference)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            # Point the duplicate-reference error at the field the user typed.
            if hasattr(exc, "error_dict") and "__all__" in exc.error_dict:
                raise ValidationError({"reference": exc.error_dict["__all__"]}) from exc
            raise

    @property
    def stage(self):
        return STAGES.get(self.stage_code)


class ProjectDocument(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("document number"), max_length=80, blank=True,
                              help_text=_("e.g. ISO/TC 46/SC 4 N 1234"))
    url = models.URLField(_("link"), blank=True)
    stage_code = models.CharField(_("stage"), max_length=5, choices=stage_choices(), blank=True,
                                  validators=[validate_stage_code])
    circulated_on = models.DateField(_("circulated on"), null=True, blank=True)

    class Meta:
        ordering = ["-circulated_on", "title"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Ballot(models.Model):
    """An ISO ballot or comment period on the project, closing at an exact UTC instant."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ballots")
    label = models.CharField(_("ballot"), max_length=120, help_text=_("e.g. DIS ballot"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        ordering = ["closes_at"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A ballot must close after it opens.")})


class DeclaredGroup(models.Model):
    """A stakeholder group the proposer declared as supporting, or as one that must at
    least be involved in the project (ISO guidance 3.1.1)."""

    class Kind(models.TextChoices):
        SUPPORTING = "supporting", _("supports the project")
        REQUIRED = "required", _("must be involved")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="declared_groups")
    category = models.ForeignKey(InterestCategory, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("declared as"), max_length=12, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "category__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "kind"],
                                    name="uniq_declared_group")
        ]

    def __str__(self) -> str:
        return f"{self.category} ({self.get_kind_display()})"


class Engagement(models.Model):
    """A stakeholder taking part in a project: informed, interested or participating."""

    class Level(models.TextChoices):
        INFORMED = "informed", _("informed")
        INTERESTED = "interested", _("interested")
        PARTICIPATING = "participating", _("participating")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="engagements")
    stakeholder = models.ForeignKey("registry.Stakeholder", on_delete=models.CASCADE,
                                    related_name="engagements")
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    source = models.CharField(_("how"), max_length=200, blank=True,
                              help_text=_("e.g. survey answer, meeting, e-mail"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "stakeholder"], name="uniq_engagement")
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} — {self.get_level_display()}"

    @property
    def is_engaged(self) -> bool:
        """Interested or participating stakeholders count as engaged; informed ones do not."""
        return self.level != self.Level.INFORMED
