"""The news desk's form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.projects.models import Project
from liaison.public.models import NewsItem


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "project", "published_at"]
        widgets = {"published_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                       format="%Y-%m-%dT%H:%M"),
                   "body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(liaison_org=liaison_org)
        self.fields["project"].help_text = _("Only shown publicly while the project is public.")
