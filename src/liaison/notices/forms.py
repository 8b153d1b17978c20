"""The announce form: the audience criteria, what to say, which documents, which deadline.

Field checks live here; rules that need the database (a deadline already past, a recipient list
that changed since the preview) are the services'.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.notices.audience import Criteria
from liaison.registry.forms import DATETIME
from liaison.registry.models import InterestCategory


class AnnounceForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(
        attrs={"rows": 5}))
    committee = forms.BooleanField(label=_("Those who follow the project's committee"),
                                   required=False, initial=True)
    topics = forms.BooleanField(label=_("Those who follow one of the project's topics"),
                                required=False, initial=True)
    required_groups = forms.BooleanField(
        label=_("Those in a group the proposer says must be involved"), required=False,
        initial=True)
    categories = forms.ModelMultipleChoiceField(
        InterestCategory.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Also everyone in these interest categories"))
    documents = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Documents sent with the notice"))
    deadline = forms.DateTimeField(
        label=_("Deadline for input"), required=False, widget=DATETIME,
        help_text=_("In your time zone; leave empty when no input is asked."))
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project, with_deadline: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = project.documents.all()
        if not with_deadline:
            del self.fields["deadline"]

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(committee=data["committee"], topics=data["topics"],
                        required_groups=data["required_groups"],
                        categories=tuple(c.pk for c in data["categories"]))
