"""Project forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.projects.models import Ballot, Engagement, Project, ProjectDocument
from liaison.registry.forms import DATE, DATETIME
from liaison.registry.models import InterestCategory, Organization, Stakeholder, Topic


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["reference", "title", "committee", "stage_code", "scope", "topics",
                  "approved_on", "is_public"]
        widgets = {"approved_on": DATE, "topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Organization.objects.filter(liaison_org=liaison_org)
        self.fields["topics"].queryset = Topic.objects.filter(liaison_org=liaison_org)


class DeclaredGroupsForm(forms.Form):
    supporting = forms.ModelMultipleChoiceField(
        InterestCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Groups the proposer says support the project"))
    required = forms.ModelMultipleChoiceField(
        InterestCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Groups that must at least be involved"))


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ProjectDocument
        fields = ["title", "number", "url", "stage_code", "circulated_on"]
        widgets = {"circulated_on": DATE}


class BallotForm(forms.ModelForm):
    class Meta:
        model = Ballot
        fields = ["label", "opens_at", "closes_at"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}


class EngagementForm(forms.Form):
    stakeholder = forms.ModelChoiceField(Stakeholder.objects.none(), label=_("Stakeholder"))
    level = forms.ChoiceField(choices=Engagement.Level.choices, label=_("Level"))
    source = forms.CharField(max_length=200, required=False, label=_("How"))

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(liaison_org=liaison_org)
