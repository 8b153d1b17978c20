"""Internal mirror committees (IMCs, guidelines 2.1 principle 2): members with roles and terms,
and their meetings with agenda, attendance, minutes, decisions and the input given there.

Rules:
- a member is a user or a stakeholder of the committee's organization (exactly one), with a
  role and a term; a term cannot end before it starts; a member is *current* on a day inside
  their term;
- **equal opportunity** (guidance 4): every member current on the day of a meeting is invited
  to it (:func:`liaison.committees.selectors.invitation_list`); each invitation is recorded;
- times are stored in UTC and shown in the viewer's zone;
- input given at a meeting is recorded with its source (:class:`MeetingInput`, the channel
  "recorded at a meeting").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.consensus.models import Position
from liaison.registry.models import LiaisonOrganization, Organization, Stakeholder
from liaison.registry.selectors import display_name


class Committee(models.Model):
    liaison_org = models.ForeignKey(LiaisonOrganization, on_delete=models.CASCADE,
                                    related_name="committees")
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("short name"), max_length=40, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    iso_committees = models.ManyToManyField(
        Organization, blank=True, related_name="mirror_committees",
        verbose_name=_("ISO committees it mirrors"))
    projects = models.ManyToManyField("projects.Project", blank=True,
                                      related_name="committees", verbose_name=_("projects"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("internal mirror committee")
        constraints = [models.UniqueConstraint(
            fields=["liaison_org", "name"], name="uniq_committee_name",
            violation_error_message=_("A committee with this name already exists."))]

    def __str__(self) -> str:
        return self.acronym or self.name


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")
        OBSERVER = "observer", _("observer")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="committee_seats",
                             verbose_name=_("user"))
    stakeholder = models.ForeignKey(Stakeholder, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="committee_seats",
                                    verbose_name=_("stakeholder"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices,
                            default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("committee member")
        constraints = [models.CheckConstraint(
            condition=(Q(user__isnull=False, stakeholder__isnull=True)
                       | Q(user__isnull=True, stakeholder__isnull=False)),
            name="member_user_or_stakeholder")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self) -> None:
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("A term cannot end before it starts.")
        if bool(self.user_id) == bool(self.stakeholder_id):
            errors["__all__"] = _("Choose either a user or a stakeholder.")
        org_id = self.committee.liaison_org_id if self.committee_id else None
        if self.stakeholder_id and self.stakeholder.liaison_org_id != org_id:
            errors["stakeholder"] = _("This stakeholder belongs to another organization.")
        if self.user_id and org_id and not self.user.memberships.filter(
                liaison_org_id=org_id).exists():
            errors["user"] = _("This user is not a member of the organization.")
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        if self.stakeholder_id:
            return self.stakeholder.name
        return display_name(self.user, self.committee.liaison_org_id)

    @property
    def email(self) -> str:
        return self.stakeholder.email if self.stakeholder_id else (self.user.email or "")

    def is_current(self, on) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        TELECONFERENCE = "teleconference", _("teleconference")
        HYBRID = "hybrid", _("hybrid")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices,
                            default=Kind.TELECONFERENCE)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    dial_in = models.URLField(_("dial-in link"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False,
                                           help_text="iCalendar SEQUENCE: raised on each change")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A meeting must end after it starts.")
        if self.kind in (self.Kind.IN_PERSON, self.Kind.HYBRID) and not self.location:
            errors["location"] = _("Say where the meeting takes place.")
        if self.kind in (self.Kind.TELECONFERENCE, self.Kind.HYBRID) and not self.dial_in:
            errors["dial_in"] = _("Give the link to join the call.")
        if errors:
            raise ValidationError(errors)


def _one_of(a: str, b: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{a}__isnull": False, f"{b}__isnull": True})
        | Q(**{f"{a}__isnull": True, f"{b}__isnull": False}), name=name)


class _Links(models.Model):
    """An optional link to a project and/or a consultation of the same organization."""

    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("project"))
    consultation = models.ForeignKey("consultations.Consultation", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("consultation"))

    class Meta:
        abstract = True

    def clean_links(self, org_id: int) -> dict:
        errors = {}
        if self.project_id and self.project.liaison_org_id != org_id:
            errors["project"] = _("This project belongs to another organization.")
        if self.consultation_id and self.consultation.liaison_org_id != org_id:
            errors["consultation"] = _("This consultation belongs to another organization.")
        return errors


class AgendaItem(_Links):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("agenda item")
        constraints = [models.UniqueConstraint(fields=["meeting", "order"],
                                               name="uniq_agenda_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def clean(self) -> None:
        if self.meeting_id and (errors := self.clean_links(
                self.meeting.committee.liaison_org_id)):
            raise ValidationError(errors)


class Invitation(models.Model):
    """A member invited to a meeting: the proof of equal opportunity, and the e-mail's fate."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        # An invitation is feminine in French ("envoyée"); a notice, masculine.
        SENT = "sent", pgettext_lazy("meeting invitation state", "sent")
        FAILED = "failed", _("failed")
        NO_ADDRESS = "no_address", _("no e-mail address")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    invited_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="uniq_invitation")]

    def __str__(self) -> str:
        return f"{self.member} → {self.meeting}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        APOLOGIES = "apologies", _("apologies")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Decision(_Links):
    """A decision taken at a meeting.

    Extension point: ``subject`` is a nullable generic link to any record the decision is
    about. The consensus workflow links decisions to draft consensus comments through it
    (``decision_record(..., subject=draft_comment)``) without this app knowing that model.
    """

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")
        # A decision is feminine in French ("prise en note"); a comment's disposition, masculine.
        NOTED = "noted", pgettext_lazy("meeting decision outcome", "noted")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    #: The draft consensus comments the decision is about (shown on each draft's page).
    drafts = models.ManyToManyField("consensus.Draft", blank=True,
                                    related_name="meeting_decisions",
                                    verbose_name=_("draft consensus comments"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.meeting_id and (errors := self.clean_links(
                self.meeting.committee.liaison_org_id)):
            raise ValidationError(errors)


class MeetingInput(_Links):
    """Input a member or a stakeholder gave at a meeting, with its source (the channel
    "recorded at a meeting")."""

    CHANNEL = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="inputs")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="inputs", verbose_name=_("member"))
    stakeholder = models.ForeignKey(Stakeholder, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="meeting_inputs",
                                    verbose_name=_("stakeholder"))
    text = models.TextField(_("input"))
    #: Input about one draft consensus comment; with ``position`` it is the source's position
    #: on it, entered on their behalf (``consensus.Position.meeting`` points back here).
    draft = models.ForeignKey("consensus.Draft", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="meeting_inputs",
                              verbose_name=_("draft consensus comment"))
    position = models.SmallIntegerField(_("position stated"), null=True, blank=True,
                                        choices=Position.Value.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("input recorded at a meeting")
        constraints = [_one_of("member", "stakeholder", "meeting_input_one_source")]

    def __str__(self) -> str:
        return f"{self.source}: {self.text[:60]}"

    def clean(self) -> None:
        errors = {}
        if bool(self.member_id) == bool(self.stakeholder_id):
            errors["__all__"] = _("Say who gave this input: a member or a stakeholder.")
        if self.meeting_id:
            org_id = self.meeting.committee.liaison_org_id
            errors.update(self.clean_links(org_id))
            if self.member_id and self.member.committee_id != self.meeting.committee_id:
                errors["member"] = _("This member sits on another committee.")
            if self.stakeholder_id and self.stakeholder.liaison_org_id != org_id:
                errors["stakeholder"] = _("This stakeholder belongs to another organization.")
            if self.draft_id and self.draft.consultation.liaison_org_id != org_id:
                errors["draft"] = _("This draft belongs to another organization.")
        if self.position is not None and not self.draft_id:
            errors["draft"] = _("Name the draft consensus comment the position is about.")
        if errors:
            raise ValidationError(errors)

    @property
    def source(self) -> str:
        return self.member.name if self.member_id else self.stakeholder.name
