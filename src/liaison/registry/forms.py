"""Registry forms: field validation here, cross-record rules in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.registry.models import (
    Communication,
    InterestCategory,
    Organization,
    Relationship,
    Representative,
    Stakeholder,
    Topic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind", "website", "notes"]


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["organization", "formality", "iso_category", "established_on", "ended_on",
                  "scope"]
        widgets = {"established_on": DATE, "ended_on": DATE}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            liaison_org=liaison_org)


class RepresentativeForm(forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["kind", "name", "email", "term_start", "term_end", "working_groups"]
        widgets = {"term_start": DATE, "term_end": DATE}


class CommunicationForm(forms.ModelForm):
    class Meta:
        model = Communication
        fields = ["direction", "occurred_at", "subject", "counterpart", "reference", "summary"]
        widgets = {"occurred_at": DATETIME}


class StakeholderForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        InterestCategory.objects.all(), widget=forms.CheckboxSelectMultiple,
        label=_("Interest categories"),
        error_messages={"required": _("Choose at least one interest category.")},
    )
    committees = forms.ModelMultipleChoiceField(
        Organization.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Follows these committees"),
    )
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Follows these topics"),
    )
    country = forms.CharField(max_length=60, required=False, label=_("Country"),
                              help_text=_("ISO 3166 two-letter code"))

    class Meta:
        model = Stakeholder
        fields = ["kind", "name", "email", "affiliation", "country", "categories",
                  "consent_to_contact", "willing_to_participate", "language", "time_zone",
                  "notes"]

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committees"].queryset = Organization.objects.filter(liaison_org=liaison_org)
        self.fields["topics"].queryset = Topic.objects.filter(liaison_org=liaison_org)
        if self.instance.pk:
            subs = self.instance.subscriptions.all()
            self.initial["committees"] = [s.organization_id for s in subs if s.organization_id]
            self.initial["topics"] = [s.topic_id for s in subs if s.topic_id]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise forms.ValidationError(_("Use the two-letter ISO 3166 code, e.g. FR."))
        return country


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    category = forms.ModelChoiceField(InterestCategory.objects.all(), required=False,
                                      label=_("Interest category"))
    willing = forms.BooleanField(required=False, label=_("Only those willing to take part"))
