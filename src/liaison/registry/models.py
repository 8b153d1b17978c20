"""The liaison registry: who we are, whom we liaise with, who represents us, who our
stakeholders are and what they follow.

Tenant: a :class:`LiaisonOrganization` (e.g. DCMI, or a national mirror committee). Every
record below belongs to one, and users see only the organizations they are members of.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """A time zone must be an IANA name such as ``Europe/Paris``."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(tz)s is not a known time zone (use a name such as Europe/Paris)."),
            params={"tz": value},
        ) from exc


class LiaisonOrganization(models.Model):
    """The organization that runs its stakeholder engagement here (the tenant)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(unique=True)
    website = models.URLField(blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("internal lead time (days)"), default=14,
        help_text=_("Days before an ISO ballot closes by which our own consultation closes."),
    )

    class Meta:
        verbose_name = _("liaison organization")

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator / principal")
    EXPERT = "expert", _("Expert")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    APPEALS_PANEL = "appeals_panel", _("Appeals panel")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A user's role in one liaison organization; a user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "liaison_org", "role"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.liaison_org}"


class InterestCategory(models.Model):
    """A stakeholder category (ISO's eight, extensible)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_iso = models.BooleanField(_("ISO category"), default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("interest category")
        verbose_name_plural = _("interest categories")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An entity we keep a liaison with: an ISO committee, another SDO, a consortium."""

    class Kind(models.TextChoices):
        ISO_COMMITTEE = "iso_committee", _("ISO committee")
        SDO = "sdo", _("Standards body")
        CONSORTIUM = "consortium", _("Consortium")
        OTHER = "other", _("Other")

    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="organizations"
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("reference"), max_length=60, blank=True,
                               help_text=_("e.g. ISO/TC 46/SC 4"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["acronym", "name"]
        constraints = [
            models.UniqueConstraint(fields=["liaison_org", "name"], name="uniq_organization_name")
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class Relationship(models.Model):
    """Our liaison with an organization: formal (ISO liaison category A–D) or informal."""

    class Formality(models.TextChoices):
        FORMAL = "formal", _("Formal")
        INFORMAL = "informal", _("Informal")

    class IsoCategory(models.TextChoices):
        A = "A", _("Category A (effective contribution to the work of a TC/SC)")
        B = "B", _("Category B (kept informed of the work of a TC/SC)")
        C = "C", _("Category C (technical contribution to a working group)")
        D = "D", _("Category D (technical contribution to a working group, outside ISO)")

    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="relationships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="relationships"
    )
    formality = models.CharField(_("formality"), max_length=10, choices=Formality.choices)
    iso_category = models.CharField(
        _("ISO liaison category"), max_length=1, choices=IsoCategory.choices, blank=True
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)

    class Meta:
        ordering = ["organization__acronym"]

    def __str__(self) -> str:
        category = f" ({self.iso_category})" if self.iso_category else ""
        return f"{self.organization} — {self.get_formality_display()}{category}"

    def clean(self) -> None:
        errors = {}
        if self.formality == self.Formality.INFORMAL and self.iso_category:
            errors["iso_category"] = _("An informal liaison has no ISO liaison category.")
        if self.formality == self.Formality.FORMAL and not self.iso_category:
            errors["iso_category"] = _("A formal liaison needs its ISO liaison category (A–D).")
        if self.established_on and self.ended_on and self.ended_on < self.established_on:
            errors["ended_on"] = _("A liaison cannot end before it was established.")
        if errors:
            raise ValidationError(errors)


class Representative(models.Model):
    """A principal or expert appointed to a relationship for a term."""

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        EXPERT = "expert", _("Expert")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="representatives"
    )
    kind = models.CharField(_("appointed as"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="appointments",
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    working_groups = models.CharField(_("working groups"), max_length=200, blank=True,
                                      help_text=_("e.g. WG 2, WG 7"))

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("A term cannot end before it starts.")})

    def is_current(self, on) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class Communication(models.Model):
    """One inward or outward communication within a relationship."""

    class Direction(models.TextChoices):
        INWARD = "inward", _("Inward (received)")
        OUTWARD = "outward", _("Outward (sent)")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="communications"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    occurred_at = models.DateTimeField(_("date and time"))
    subject = models.CharField(_("subject"), max_length=300)
    counterpart = models.CharField(_("from / to"), max_length=200, blank=True)
    reference = models.CharField(_("document reference"), max_length=120, blank=True,
                                 help_text=_("e.g. ISO/TC 46/SC 4 N 1234"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return self.subject


class Topic(models.Model):
    """A subject stakeholders can follow (e.g. "metadata vocabularies")."""

    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="topics"
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["liaison_org", "name"], name="uniq_topic_name")
        ]

    def __str__(self) -> str:
        return self.name


#: A stakeholder's language: one of ``settings.LANGUAGES``, or "" for no preference (the
#: browser's language on pages, ``settings.LANGUAGE_CODE`` in e-mail).
LANGUAGE_CHOICES = [("", _("Browser's language")), *settings.LANGUAGES]


class Stakeholder(models.Model):
    """A person or member organization with an interest in our standards work."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    liaison_org = models.ForeignKey(
        LiaisonOrganization, on_delete=models.CASCADE, related_name="stakeholders"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True,
                               help_text=_("ISO 3166 two-letter code"))
    categories = models.ManyToManyField(
        InterestCategory, related_name="stakeholders", verbose_name=_("interest categories")
    )
    consent_to_contact = models.BooleanField(_("consents to be contacted"), default=False)
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    willing_to_participate = models.BooleanField(
        _("willing to take part in ongoing work"), default=False
    )
    # "" is no preference: pages follow the browser (cookie, Accept-Language), e-mail is
    # written in settings.LANGUAGE_CODE.
    language = models.CharField(_("language"), max_length=5, blank=True, default="",
                                choices=LANGUAGE_CHOICES)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC",
                                 validators=[validate_time_zone])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stakeholder_profiles",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["liaison_org", "email"], name="uniq_stakeholder_email")
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A stakeholder follows a committee (an organization) or a topic."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="subscriptions"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE,
        related_name="subscriptions", verbose_name=_("committee"),
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False, topic__isnull=True)
                           | Q(organization__isnull=True, topic__isnull=False)),
                name="subscription_one_target",
            ),
            models.UniqueConstraint(fields=["stakeholder", "organization"],
                                    name="uniq_subscription_org"),
            models.UniqueConstraint(fields=["stakeholder", "topic"],
                                    name="uniq_subscription_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} → {self.organization or self.topic}"
