"""Consultation, comment and upload forms: field validation here, rules in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from liaison.consultations.forms_io import too_large_message
from liaison.consultations.models import Comment, Consultation
from liaison.projects.models import Ballot, ProjectDocument
from liaison.registry.forms import DATETIME
from liaison.registry.models import Stakeholder


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "document", "ballot", "instructions", "opens_at", "deadline",
                  "late_policy", "reminder_days"]
        widgets = {"opens_at": DATETIME, "deadline": DATETIME}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = ProjectDocument.objects.filter(project=project)
        self.fields["ballot"].queryset = Ballot.objects.filter(project=project)
        self.fields["deadline"].help_text = _("Exact to the minute, in your time zone.")


class CommentForm(forms.ModelForm):
    """The seven ISO columns a commenter fills (the observation is the secretariat's)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Comment
        fields = ["mb", "line", "clause", "element", "type", "comment", "proposed_change"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 5}),
                   "proposed_change": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"mb": _("Left blank, your organization's code is used."),
                      "line": _("e.g. 17"), "clause": _("e.g. 3.1"),
                      "element": _("e.g. Table 1"),
                      "type": _("ge = general, te = technical, ed = editorial")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].required = True
        self.fields["mb"].required = False


class UploadForm(forms.Form):
    """An ISO comment form to import (.docx, .xlsx, .csv). Coordinators may import it on a
    stakeholder's behalf; a stakeholder's own upload may be kept as drafts."""

    file = forms.FileField(label=_("Comment form (.docx, .xlsx or .csv)"),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": ".docx,.xlsx,.csv"}))
    submit = forms.BooleanField(label=_("Submit the comments now (otherwise keep them as "
                                        "drafts)"), required=False, initial=True)

    def __init__(self, *args, liaison_org=None, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["stakeholder"] = forms.ModelChoiceField(
                Stakeholder.objects.filter(liaison_org=liaison_org), required=False,
                label=_("On behalf of stakeholder"),
                help_text=_("Leave empty when the comments come from the organization itself."))
            self.fields["channel"] = forms.ChoiceField(
                choices=[(Comment.Channel.IMPORT, Comment.Channel.IMPORT.label),
                         (Comment.Channel.MEETING, Comment.Channel.MEETING.label),
                         (Comment.Channel.EMAIL, Comment.Channel.EMAIL.label)],
                label=_("Received through"), initial=Comment.Channel.IMPORT)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
            raise ValidationError(too_large_message(upload.name, upload.size))
        return upload


class DraftUploadForm(forms.Form):
    """The draft under consultation, as circulated: a PDF (with line numbers) or a .docx."""

    file = forms.FileField(label=_("Draft (.pdf or .docx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
            raise ValidationError(too_large_message(upload.name, upload.size))
        return upload


class PlacedCommentForm(CommentForm):
    """A comment on a passage picked in the draft's outline: the passage (draft, clause and
    the element's index) travels in hidden fields and is looked up again on saving."""

    place_draft = forms.IntegerField(widget=forms.HiddenInput)
    place_clause = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    place_index = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _reason_field(label) -> forms.CharField:
    # Not required here: the service says when a reason is needed, and why.
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class OpenWithoutNoticeForm(forms.Form):
    """Opening a draft without announcing it: only for a recorded reason."""

    without_notice_reason = _reason_field(_("Why nobody is told (e.g. an internal trial):"))


class CloseForm(forms.Form):
    """Closing an open consultation (before its deadline: a reason, told to everyone)."""

    reason = _reason_field(_("Reason for closing before the deadline:"))


class WindowForm(forms.Form):
    """A new deadline and the reason for it (extending, moving or reopening)."""

    deadline = forms.DateTimeField(label=_("New deadline:"), widget=DATETIME,
                                   help_text=_("Exact to the minute, in your time zone."))
    reason = _reason_field(_("Reason:"))
