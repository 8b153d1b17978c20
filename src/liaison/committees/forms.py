"""Committee and meeting forms; cross-record rules are checked by the models and services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from liaison.committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Meeting,
    MeetingInput,
    Member,
)
from liaison.consensus.models import Draft
from liaison.consultations.models import Consultation
from liaison.projects.models import Project
from liaison.registry.forms import DATE, DATETIME
from liaison.registry.models import Organization, Stakeholder
from liaison.registry.selectors import display_name


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "acronym", "mandate", "iso_committees", "projects"]
        widgets = {"iso_committees": forms.CheckboxSelectMultiple,
                   "projects": forms.CheckboxSelectMultiple}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iso_committees"].queryset = Organization.objects.filter(
            liaison_org=liaison_org, kind=Organization.Kind.ISO_COMMITTEE)
        self.fields["projects"].queryset = Project.objects.filter(liaison_org=liaison_org)


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["user", "stakeholder", "role", "term_start", "term_end"]
        widgets = {"term_start": DATE, "term_end": DATE}
        help_texts = {"user": _("A signed-in user of the organization…"),
                      "stakeholder": _("…or a stakeholder from the directory.")}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (get_user_model().objects
                                        .filter(memberships__liaison_org=liaison_org)
                                        .distinct().order_by("username")
                                        .prefetch_related("stakeholder_profiles"))
        # a person by their name, the account beside it (two people may share a name)
        self.fields["user"].label_from_instance = lambda user: (
            f"{display_name(user, liaison_org)} ({user.get_username()})")
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            liaison_org=liaison_org)


class MeetingForm(forms.ModelForm):
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("One item per line; more can be added later."))

    class Meta:
        model = Meeting
        fields = ["title", "kind", "starts_at", "ends_at", "location", "dial_in"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}
        help_texts = {"starts_at": _("In your time zone; stored in UTC.")}

    def __init__(self, *args, with_agenda: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_agenda:
            del self.fields["agenda"]

    def clean_agenda(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda"].splitlines()
                if line.strip()]


class _Linked(forms.ModelForm):
    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(liaison_org=liaison_org)
        self.fields["consultation"].queryset = Consultation.objects.filter(
            liaison_org=liaison_org)


class AgendaItemForm(_Linked):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes", "project", "consultation"]


def _drafts(liaison_org):
    return (Draft.objects.filter(consultation__liaison_org=liaison_org,
                                 status=Draft.Status.ACTIVE)
            .select_related("consultation").order_by("consultation", "order", "number"))


class DecisionForm(_Linked):
    class Meta:
        model = Decision
        fields = ["text", "outcome", "project", "consultation", "drafts"]
        widgets = {"drafts": forms.CheckboxSelectMultiple}
        help_texts = {"drafts": _("The draft consensus comments this decision is about; it "
                                  "is shown on each one's page.")}

    def __init__(self, *args, liaison_org, **kwargs):
        super().__init__(*args, liaison_org=liaison_org, **kwargs)
        self.fields["drafts"].queryset = _drafts(liaison_org)
        self.fields["drafts"].label_from_instance = (
            lambda d: _("%(label)s: %(value)s") % {
                "label": f"{d.reference} — {d.consultation.title}", "value": d.comment[:80]})


class MeetingInputForm(_Linked):
    class Meta:
        model = MeetingInput
        fields = ["member", "stakeholder", "text", "project", "consultation", "draft",
                  "position"]
        help_texts = {"member": _("Who gave the input: a member of the committee…"),
                      "stakeholder": _("…or another stakeholder present."),
                      "draft": _("A draft consensus comment the input is about."),
                      "position": _("The position the person stated on that draft, entered "
                                    "on their behalf as given at this meeting (they need an "
                                    "account).")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        org = meeting.committee.liaison_org
        super().__init__(*args, liaison_org=org, **kwargs)
        self.fields["member"].queryset = meeting.committee.members.select_related(
            "user", "stakeholder")
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(liaison_org=org)
        self.fields["draft"].queryset = _drafts(org)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 14}))


class AttendanceForm(forms.Form):
    """One choice per invited member."""

    def __init__(self, *args, members: list[Member], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {f"member_{m.pk}": m for m in members}
        for name, member in self.members.items():
            self.fields[name] = forms.ChoiceField(
                label=member.name, choices=Attendance.Status.choices,
                initial=current.get(member.pk, Attendance.Status.ABSENT))

    def statuses(self) -> dict[Member, str]:
        return {member: self.cleaned_data[name] for name, member in self.members.items()}
