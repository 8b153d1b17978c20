"""Forms of the consensus pages: field validation here, rules in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.consensus.models import Disposition, Draft, Position, Revision
from liaison.registry.forms import DATETIME


class DraftForm(forms.ModelForm):
    """The draft's ISO columns (the observation is the secretariat's), the version it was
    loaded at, and — after finalization — the reason for the change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason_kind = forms.ChoiceField(
        label=_("Kind of reason"), required=False,
        choices=[("", "—"), (Revision.ReasonKind.POLITICAL, _("political")),
                 (Revision.ReasonKind.LEGAL, _("legal"))])
    reason = forms.CharField(label=_("Reason for this change"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Draft
        fields = ["mb", "line", "clause", "element", "type", "comment", "proposed_change"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 6}),
                   "proposed_change": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, after_finalization: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not after_finalization:
            del self.fields["reason_kind"]
            del self.fields["reason"]
        else:
            self.fields["reason"].help_text = _(
                "The position is final: every change is recorded with its reason and diff.")


class PositionForm(forms.Form):
    value = forms.TypedChoiceField(label=_("Your position"), coerce=int,
                                   choices=Position.Value.choices, widget=forms.RadioSelect)
    argument = forms.CharField(
        label=_("Argument"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a fundamental objection: what is wrong, and why."))

    def clean(self):
        data = super().clean()
        if (data.get("value") == Position.Value.FUNDAMENTAL_OBJECTION
                and not (data.get("argument") or "").strip()):
            self.add_error("argument", _("A fundamental objection needs its argument: say "
                                         "what is wrong and why."))
        return data


class DraftField(forms.ModelChoiceField):
    """An active draft named by its ID as shown (``TMI-CC007``, typed or picked from the
    page's list of drafts: one list for every row, however many drafts) or by its pk."""

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text or text.isdigit():
            return super().to_python(text)
        for draft in self.queryset:
            if draft.reference.casefold() == text.casefold():
                return draft
        raise forms.ValidationError(self.error_messages["invalid_choice"],
                                    code="invalid_choice")


class DispositionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Disposition"), choices=Disposition.Kind.choices)
    draft = DraftField(label=_("Consensus comment"), queryset=Draft.objects.none(),
                       required=False)
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft"].queryset = Draft.objects.filter(
            consultation=consultation, status=Draft.Status.ACTIVE).order_by("order", "number")


class BulkDispositionForm(DispositionForm):
    """One disposition for the comments ticked (``comments``) and the whole groups ticked
    (``groups``: clusters and series, expanded to their members by the view)."""

    comments = forms.TypedMultipleChoiceField(coerce=int, required=False)
    groups = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, consultation, comment_pks, groups, **kwargs):
        super().__init__(*args, consultation=consultation, **kwargs)
        self.group_members = {g["key"]: g["members"] for g in groups}
        self.fields["comments"].choices = [(pk, pk) for pk in comment_pks]
        self.fields["groups"].choices = [(key, key) for key in self.group_members]

    def clean(self):
        data = super().clean()
        chosen = list(data.get("comments") or [])
        for key in data.get("groups") or []:
            chosen += [pk for pk in self.group_members[key] if pk not in chosen]
        if not chosen and not self.errors.get("comments"):
            self.add_error(None, _("Tick at least one comment or group."))
        data["chosen"] = chosen
        return data


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How the objection was resolved"),
                                 widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    """A message to a draft's discussion thread (the rules are the service's)."""

    text = forms.CharField(label=_("Your message"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Seen by every participant, with your name and the "
                                       "time; a posted message cannot be changed."))


class ObservationsForm(forms.Form):
    file = forms.FileField(label=_("Secretariat's observations (ISO OSD .xlsx, or the comment "
                                   "template .docx/.xlsx with column 8 filled)"))


class SourcesForm(forms.Form):
    """Some of a draft's source comments (to split them off)."""

    comments = forms.MultipleChoiceField(label=_("Source comments to move to a new draft"),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [
            (c.pk, f"{c.reference} — {c.comment[:80]}") for c in draft.sources.all()]


class MergeForm(forms.Form):
    drafts = forms.MultipleChoiceField(label=_("Drafts to merge into this one"),
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafts"].choices = [
            (d.pk, f"{d.reference} — {d.comment[:80]}") for d in Draft.objects.filter(
                consultation_id=draft.consultation_id, status=Draft.Status.ACTIVE)
            .exclude(pk=draft.pk).order_by("order", "number")]


class PositionCallForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Positions close"), widget=DATETIME,
        help_text=_("In your time zone. Everyone concerned is told now, and reminded before "
                    "this date."))


class OverrideForm(forms.Form):
    """Why a draft without consensus is submitted anyway (the rule is the service's)."""

    reason = forms.CharField(
        label=_("Reason for submitting without consensus"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The only change the process allows after consensus is an editorial "
                    "revision for political or legal reasons: say which, and why. The reason "
                    "is shown on the verdict, in the ISO files, in the evidence pack and on "
                    "the public outcome; it holds until the draft changes."))


class WithdrawForm(forms.Form):
    """Why a draft without consensus leaves the position."""

    reason = forms.CharField(
        label=_("Reason for withdrawing this draft"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The draft is not submitted; its source comments become \"not carried "
                    "forward\" with this reason, which their authors see."))
