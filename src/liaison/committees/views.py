"""Committee pages: thin views over forms, services and selectors. Another organization's
committee or meeting is a 404; acting on a meeting needs the object rules of
:mod:`liaison.committees.permissions` (else 403, nothing stored)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.committees import ics, permissions, selectors, services
from liaison.committees.forms import (
    AgendaItemForm,
    AttendanceForm,
    CommitteeForm,
    DecisionForm,
    MeetingForm,
    MeetingInputForm,
    MemberForm,
    MinutesForm,
)
from liaison.committees.models import Committee, Meeting, Member
from liaison.pages import form_page


def _data(request):
    return request.POST if request.method == "POST" else None


def _committee(request, pk: int) -> Committee:
    try:
        return selectors.committee_of(request.liaison_org, pk)
    except Committee.DoesNotExist as exc:
        raise Http404 from exc


def _meeting(request, pk: int, *, run: bool = False) -> Meeting:
    try:
        meeting = selectors.meeting_of(request.liaison_org, pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    if run and not permissions.can_run(request.user, meeting.committee):
        raise PermissionDenied(_("Only coordinators and the committee's chair or secretary "
                                 "run its meetings."))
    return meeting


@requires("committees.view")
def committee_list(request):
    return render(request, "committees/list.html",
                  {"committees": selectors.committees_of(request.liaison_org)})


@requires("committees.view")
def committee_detail(request, pk: int):
    committee = _committee(request, pk)
    return render(request, "committees/detail.html", {
        "committee": committee, "members": selectors.members_of(committee),
        "current": {m.pk for m in selectors.current_members(committee)},
        "meetings": selectors.meetings_of(committee),
        "can_schedule": permissions.can_schedule(request.user, committee)})


@requires("committees.manage")
def committee_new(request):
    org = request.liaison_org
    return form_page(
        request, CommitteeForm(_data(request), liaison_org=org),
        save=lambda data: services.committee_create(actor=request.user, liaison_org=org,
                                                    **data),
        title=_("New internal mirror committee"), cancel_url=reverse("committees:list"),
        success_url=lambda c: reverse("committees:detail", args=[c.pk]),
        success_message=_("Committee saved."))


@requires("committees.manage")
def committee_edit(request, pk: int):
    committee = _committee(request, pk)
    url = reverse("committees:detail", args=[pk])
    return form_page(
        request, CommitteeForm(_data(request), instance=committee,
                               liaison_org=request.liaison_org),
        save=lambda data: services.committee_update(actor=request.user, committee=committee,
                                                    **data),
        title=_("Edit %(c)s") % {"c": committee}, cancel_url=url, success_url=url,
        success_message=_("Committee saved."))


@requires("committees.manage")
def member_new(request, pk: int):
    committee = _committee(request, pk)
    url = reverse("committees:detail", args=[pk])
    return form_page(
        request, MemberForm(_data(request), liaison_org=request.liaison_org),
        save=lambda data: services.member_add(actor=request.user, committee=committee, **data),
        title=_("Appoint a member of %(c)s") % {"c": committee}, cancel_url=url,
        success_url=url, success_message=_("Member appointed."))


@requires("committees.manage")
def member_edit(request, pk: int):
    try:
        member = Member.objects.select_related("committee").get(
            pk=pk, committee__liaison_org=request.liaison_org)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    url = reverse("committees:detail", args=[member.committee_id])
    return form_page(
        request, MemberForm(_data(request), instance=member, liaison_org=request.liaison_org),
        save=lambda data: services.member_update(actor=request.user, member=member, **data),
        title=_("Edit the seat of %(m)s") % {"m": member.name}, cancel_url=url,
        success_url=url, success_message=_("Member saved."))


@requires("committees.view")
def meeting_new(request, pk: int):
    committee = _committee(request, pk)
    if not permissions.can_schedule(request.user, committee):
        raise PermissionDenied(_("Only coordinators and the committee's chair schedule "
                                 "meetings."))
    return form_page(
        request, MeetingForm(_data(request)),
        save=lambda data: services.meeting_schedule(actor=request.user, committee=committee,
                                                    **data),
        title=_("Schedule a meeting of %(c)s") % {"c": committee},
        cancel_url=reverse("committees:detail", args=[pk]),
        success_url=lambda m: reverse("committees:meeting", args=[m.pk]),
        success_message=_("Meeting scheduled: every current member is being invited."))


@requires("committees.view")
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    attendance = {a.member_id: a for a in meeting.attendance.all()}
    invitations = list(meeting.invitations.select_related("member__user",
                                                          "member__stakeholder"))
    return render(request, "committees/meeting.html", {
        "meeting": meeting, "committee": meeting.committee,
        "agenda": meeting.agenda.select_related("project", "consultation"),
        "invitations": [(i, attendance.get(i.member_id)) for i in invitations],
        "decisions": meeting.decisions.select_related("project", "consultation")
        .prefetch_related("drafts"),
        "inputs": meeting.inputs.select_related("member__user", "member__stakeholder",
                                                "stakeholder", "project", "consultation",
                                                "draft"),
        "can_run": permissions.can_run(request.user, meeting.committee)})


@requires("committees.view")
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    if not permissions.can_schedule(request.user, meeting.committee):
        raise PermissionDenied(_("Only coordinators and the committee's chair change "
                                 "meetings."))
    url = reverse("committees:meeting", args=[pk])
    return form_page(
        request, MeetingForm(_data(request), instance=meeting, with_agenda=False),
        save=lambda data: services.meeting_update(actor=request.user, meeting=meeting, **data),
        title=_("Edit %(m)s") % {"m": meeting}, cancel_url=url, success_url=url,
        success_message=_("Meeting saved."))


@requires("committees.view")
def meeting_ics(request, pk: int):
    meeting = _meeting(request, pk)
    response = HttpResponse(ics.invitation(meeting, selectors.invitation_list(meeting)),
                            content_type="text/calendar; charset=utf-8; method=REQUEST")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_POST
@requires("committees.view")
def meeting_invite(request, pk: int):
    meeting = _meeting(request, pk, run=True)
    services.meeting_invite(actor=request.user, meeting=meeting)
    return redirect("committees:meeting", pk=pk)


def _run_page(request, pk: int, make_form, save, title: str, message: str):
    meeting = _meeting(request, pk, run=True)
    url = reverse("committees:meeting", args=[pk])
    return form_page(request, make_form(meeting), save=lambda data: save(meeting, data),
                     title=title % {"m": meeting}, cancel_url=url, success_url=url,
                     success_message=message)


@requires("committees.view")
def agenda_new(request, pk: int):
    return _run_page(
        request, pk, lambda m: AgendaItemForm(_data(request), liaison_org=request.liaison_org),
        lambda m, data: services.agenda_item_add(actor=request.user, meeting=m, **data),
        _("Add an agenda item to %(m)s"), _("Agenda item added."))


@requires("committees.view")
def decision_new(request, pk: int):
    return _run_page(
        request, pk, lambda m: DecisionForm(_data(request), liaison_org=request.liaison_org),
        lambda m, data: services.decision_record(actor=request.user, meeting=m, **data),
        _("Record a decision of %(m)s"), _("Decision recorded."))


@requires("committees.view")
def input_new(request, pk: int):
    return _run_page(
        request, pk, lambda m: MeetingInputForm(_data(request), meeting=m),
        lambda m, data: services.meeting_input_record(actor=request.user, meeting=m, **data),
        _("Record input given at %(m)s"), _("Input recorded with its source."))


@requires("committees.view")
def minutes_edit(request, pk: int):
    return _run_page(
        request, pk, lambda m: MinutesForm(_data(request), initial={"minutes": m.minutes}),
        lambda m, data: services.minutes_save(actor=request.user, meeting=m, **data),
        _("Minutes of %(m)s"), _("Minutes saved."))


@requires("committees.view")
def attendance_edit(request, pk: int):
    """Present / apologies / absent for every invited member."""
    meeting = _meeting(request, pk, run=True)
    members = [i.member for i in meeting.invitations.select_related("member__user",
                                                                    "member__stakeholder")]
    form = AttendanceForm(_data(request), members=members,
                          current=dict(meeting.attendance.values_list("member_id", "status")))
    url = reverse("committees:meeting", args=[pk])
    return form_page(
        request, form,
        save=lambda data: services.attendance_record(actor=request.user, meeting=meeting,
                                                     statuses=form.statuses()),
        title=_("Attendance at %(m)s") % {"m": meeting}, cancel_url=url, success_url=url,
        success_message=_("Attendance recorded."))
