"""Account forms: field validation here (a time zone must exist), rules in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from liaison.registry.models import (
    LANGUAGE_CHOICES,
    Organization,
    Stakeholder,
    Topic,
    validate_time_zone,
)


class InvitationForm(forms.Form):
    stakeholder = forms.ModelChoiceField(Stakeholder.objects.none(), label=_("Stakeholder"),
                                         help_text=_("Stakeholders who have no account yet."))
    email = forms.BooleanField(label=_("Also send the link by e-mail"), required=False,
                               help_text=_("Only to stakeholders who consent to be contacted."))

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            liaison_org=liaison_org, user__isnull=True).order_by("name")


class AcceptInvitationForm(UserCreationForm):
    """Username and password twice, checked by Django's validators (nothing saved here)."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class ProfileForm(forms.Form):
    committees = forms.ModelMultipleChoiceField(
        Organization.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Committees I follow"))
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Topics I follow"))
    consent_to_contact = forms.BooleanField(
        required=False, label=_("I agree to be contacted about consultations and projects"),
        help_text=_("Without it you receive no e-mail; withdrawing it is recorded with its "
                    "time."))
    time_zone = forms.CharField(
        label=_("My time zone"), max_length=64, validators=[validate_time_zone],
        help_text=_("An IANA name such as Europe/Paris or America/New_York: deadlines are "
                    "shown in it."))
    language = forms.ChoiceField(
        label=_("Language"), choices=LANGUAGE_CHOICES, required=False,
        help_text=_("With “Browser's language”, pages follow your browser's setting and "
                    "e-mail is written in English."))

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        org = stakeholder.liaison_org
        self.fields["committees"].queryset = Organization.objects.filter(liaison_org=org)
        self.fields["topics"].queryset = Topic.objects.filter(liaison_org=org)

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"].strip()

    @staticmethod
    def initial_for(stakeholder: Stakeholder) -> dict:
        subs = list(stakeholder.subscriptions.all())
        return {"committees": [s.organization_id for s in subs if s.organization_id],
                "topics": [s.topic_id for s in subs if s.topic_id],
                "consent_to_contact": stakeholder.consent_to_contact,
                "time_zone": stakeholder.time_zone, "language": stakeholder.language}
