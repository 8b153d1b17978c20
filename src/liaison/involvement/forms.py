"""Survey and decision forms: field validation here, timing and cross-record rules in the
services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.consultations.models import Consultation
from liaison.involvement.models import InvolvementDecision, SurveyResponse


class SurveyForm(forms.Form):
    support = forms.ChoiceField(label=_("Do you support the project?"),
                                choices=SurveyResponse.Support.choices,
                                widget=forms.RadioSelect)
    interest = forms.ChoiceField(label=_("How interested are you in the project?"),
                                 choices=SurveyResponse.Interest.choices,
                                 widget=forms.RadioSelect)
    willing = forms.BooleanField(label=_("I am willing to take part in the ongoing work"),
                                 required=False)
    comment = forms.CharField(label=_("Comment (optional)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class DecisionForm(forms.Form):
    consultation = forms.ModelChoiceField(Consultation.objects.none(),
                                          label=_("Interest survey the decision rests on"),
                                          empty_label=None)
    level = forms.ChoiceField(label=_("Level of involvement"),
                              choices=InvolvementDecision.Level.choices,
                              widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("Why this level, in the light of the survey results."))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = Consultation.objects.filter(
            project=project, kind=Consultation.Kind.SURVEY).order_by("-deadline")
