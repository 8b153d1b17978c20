"""Process forms: the draft's text and rule, and the change note that publishes it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.process.models import RULE_FIELDS, SECTION_FIELDS, ProcessVersion


class ProcessVersionForm(forms.ModelForm):
    class Meta:
        model = ProcessVersion
        fields = ["title", *SECTION_FIELDS, *RULE_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in SECTION_FIELDS}
        help_texts = {"scope": _("Paragraphs separated by blank lines; “- ” starts a bullet, "
                                 "“### ” a sub-heading, **bold** is bold.")}


class PublishForm(forms.Form):
    change_note = forms.CharField(label=_("What changed and why"), widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("Shown with the version on the public page."))


class CompareForm(forms.Form):
    """Pick two published versions to compare."""

    old = forms.TypedChoiceField(label=_("From version"), coerce=int)
    new = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
