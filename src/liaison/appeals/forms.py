"""Forms of the appeals pages. Rules the services check (window, conflicts, states) come
back as errors next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.appeals.models import AppealSettings
from liaison.appeals.states import Outcome


class AppealForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the grounds"), max_length=300,
        help_text=_("One or two sentences. If the appeal is decided, this summary is "
                    "published with the outcome (your name is not)."))
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is wrong with the decision and why. Seen by the organization's "
                    "staff and the panel."))


class AdmissibilityForm(forms.Form):
    admissible = forms.TypedChoiceField(
        label=_("The appeal is"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("admissible")), ("no", _("inadmissible"))])
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required when the appeal is inadmissible."))


class PanelWidget(forms.CheckboxSelectMultiple):
    """Checkboxes whose conflicted options are disabled and say why."""

    def __init__(self, *args, reasons: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = reasons or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        reason = self.reasons.get(str(value))
        if reason:
            option["attrs"]["disabled"] = True
            conflicted = _("conflicted:")
            option["label"] = f"{label} — {conflicted} {reason}"
        return option


class PanelForm(forms.Form):
    members = forms.TypedMultipleChoiceField(
        label=_("Panel members"), coerce=int, widget=PanelWidget,
        help_text=_("Holders of the appeals-panel role. Anyone who took part in the decision "
                    "under appeal cannot sit on the panel."))

    def __init__(self, *args: Any, candidates=(), initial_ids=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.users = {c.user.pk: c.user for c in candidates}
        field = self.fields["members"]
        field.choices = [(c.user.pk, c.name) for c in candidates]
        field.widget.reasons = {str(c.user.pk): "; ".join(c.reasons)
                                for c in candidates if c.conflicted}
        field.initial = list(initial_ids)

    def clean_members(self) -> list:
        return [self.users[pk] for pk in self.cleaned_data["members"]]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("Published with the outcome on the public page."))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Why mediation did not resolve it"),
                           widget=forms.Textarea(attrs={"rows": 4}))


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"),
                                 widget=forms.Textarea(attrs={"rows": 5}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AppealSettings
        fields = ["window_days", "admissibility_days", "decision_days"]
