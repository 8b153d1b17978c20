from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime

from liaison.metrics.models import ProcessReview
from liaison.process.models import ProcessVersion
from liaison.registry.forms import DATE


class ProcessReviewForm(forms.ModelForm):
    class Meta:
        model = ProcessReview
        fields = ["held_on", "title", "reviewers", "findings", "improvements", "led_to"]
        widgets = {"held_on": DATE, "led_to": forms.CheckboxSelectMultiple,
                   "reviewers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_to"].queryset = ProcessVersion.objects.filter(
            liaison_org=liaison_org).order_by("number")
        self.fields["led_to"].label_from_instance = lambda v: (
            f"v{v.number} — {v.get_status_display()}"
            + (f", {date_format(localtime(v.published_at), 'SHORT_DATE_FORMAT')}"
               if v.published_at else ""))
