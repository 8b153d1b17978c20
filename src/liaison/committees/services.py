"""Writes to committees and meetings. Each runs in one transaction and records an audit
event; invitation e-mails leave only after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.committees import mail, selectors
from liaison.committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Invitation,
    Meeting,
    MeetingInput,
    Member,
)

#: Changing one of these sends the invitation again (a calendar update, higher SEQUENCE).
CALENDAR_FIELDS = ("title", "kind", "starts_at", "ends_at", "location", "dial_in")


def _org(meeting: Meeting):
    return meeting.committee.liaison_org


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def committee_create(*, actor, liaison_org, iso_committees=(), projects=(),
                     **fields: Any) -> Committee:
    return create_recorded(Committee, actor=actor, verb="committee.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, **fields},
                           m2m={"iso_committees": list(iso_committees),
                                "projects": list(projects)})


@transaction.atomic
def committee_update(*, actor, committee: Committee, iso_committees=None, projects=None,
                     **fields: Any) -> Committee:
    m2m = {name: list(values) for name, values in
           (("iso_committees", iso_committees), ("projects", projects)) if values is not None}
    return update_recorded(committee, actor=actor, verb="committee.update",
                           liaison_org=committee.liaison_org, fields=fields, m2m=m2m)


@transaction.atomic
def member_add(*, actor, committee: Committee, **fields: Any) -> Member:
    """Appoint a user or a stakeholder for a term (a term cannot end before it starts)."""
    return create_recorded(Member, actor=actor, verb="committee.member_add",
                           liaison_org=committee.liaison_org,
                           fields={"committee": committee, **fields})


@transaction.atomic
def member_update(*, actor, member: Member, **fields: Any) -> Member:
    return update_recorded(member, actor=actor, verb="committee.member_update",
                           liaison_org=member.committee.liaison_org, fields=fields)


@transaction.atomic
def meeting_schedule(*, actor, committee: Committee, agenda=(), **fields: Any) -> Meeting:
    """Schedule a meeting and invite every current member (see :func:`meeting_invite`).
    ``agenda`` is a list of item titles, in order."""
    meeting = create_recorded(Meeting, actor=actor, verb="meeting.schedule",
                              liaison_org=committee.liaison_org,
                              fields={"committee": committee, "created_by": _user(actor),
                                      **fields})
    for title in agenda:
        agenda_item_add(actor=actor, meeting=meeting, title=title)
    meeting_invite(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting; a change of time, place or title sends every member an updated
    invitation (same UID, next SEQUENCE)."""
    moved = any(name in fields and fields[name] != getattr(meeting, name)
                for name in CALENDAR_FIELDS)
    meeting = update_recorded(meeting, actor=actor, verb="meeting.update",
                              liaison_org=_org(meeting), fields=fields)
    if moved:
        Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
        meeting.refresh_from_db(fields=["sequence"])
        meeting.invitations.update(state=Invitation.State.QUEUED, sent_at=None, error="")
        meeting_invite(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_invite(*, actor, meeting: Meeting) -> list[Invitation]:
    """Invite every member current on the meeting's day (equal opportunity): record an
    invitation for each one not yet invited, and e-mail every invitation not yet sent once
    the transaction commits. Members without an e-mail address are recorded as such."""
    members = selectors.invitation_list(meeting)
    existing = {i.member_id: i for i in meeting.invitations.all()}
    created = []
    for member in members:
        if member.pk in existing:
            continue
        state = Invitation.State.QUEUED if member.email else Invitation.State.NO_ADDRESS
        created.append(Invitation.objects.create(meeting=meeting, member=member,
                                                 email=member.email, state=state))
    if Invitation.objects.filter(meeting=meeting, state=Invitation.State.FAILED).exists():
        meeting.invitations.filter(state=Invitation.State.FAILED).update(
            state=Invitation.State.QUEUED, error="")
    queued = list(meeting.invitations.filter(state=Invitation.State.QUEUED)
                  .values_list("pk", flat=True))
    audit_record(actor=actor, verb="meeting.invite", target=meeting, liaison_org=_org(meeting),
                 summary=f"{len(members)} members invited to “{meeting}”",
                 data={"members": [m.pk for m in members],
                       "new": [i.member_id for i in created], "to_send": queued})
    if queued:
        transaction.on_commit(lambda: mail.send_invitations(meeting.pk, queued))
    return list(meeting.invitations.all())


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, **fields: Any) -> AgendaItem:
    """Append an item (or place it at ``order``)."""
    if not fields.get("order"):
        fields["order"] = (meeting.agenda.aggregate(n=Max("order"))["n"] or 0) + 1
    return create_recorded(AgendaItem, actor=actor, verb="meeting.agenda_add",
                           liaison_org=_org(meeting), fields={"meeting": meeting, **fields})


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, statuses: dict[Member, str]) -> None:
    """Set each member's attendance (present / apologies / absent)."""
    before = dict(meeting.attendance.values_list("member_id", "status"))
    for member, status in statuses.items():
        Attendance.objects.update_or_create(meeting=meeting, member=member,
                                            defaults={"status": status})
    after = dict(meeting.attendance.values_list("member_id", "status"))
    if before != after:
        audit_record(actor=actor, verb="meeting.attendance", target=meeting,
                     liaison_org=_org(meeting), summary=f"attendance at “{meeting}” recorded",
                     data={"before": before, "after": after})


@transaction.atomic
def minutes_save(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    return update_recorded(meeting, actor=actor, verb="meeting.minutes",
                           liaison_org=_org(meeting), fields={"minutes": minutes})


@transaction.atomic
def decision_record(*, actor, meeting: Meeting, subject=None, drafts=(),
                    **fields: Any) -> Decision:
    """Record a decision; ``subject`` optionally links it to any record through the generic
    link, ``drafts`` to the draft consensus comments it is about (of the same
    organization), whose pages then show it."""
    if subject is not None:
        from django.contrib.contenttypes.models import ContentType

        fields["subject_type"] = ContentType.objects.get_for_model(subject)
        fields["subject_id"] = str(subject.pk)
    drafts = list(drafts or ())
    org = _org(meeting)
    if any(d.consultation.liaison_org_id != org.pk for d in drafts):
        raise ValidationError({"drafts": _("A draft belongs to another organization.")})
    return create_recorded(Decision, actor=actor, verb="meeting.decision", liaison_org=org,
                           fields={"meeting": meeting, **fields},
                           m2m={"drafts": [d.pk for d in drafts]} if drafts else None)


def _account_of(source) -> Any:
    """The user account behind a member or a stakeholder (None: they have none)."""
    if isinstance(source, Member):
        return source.user or (source.stakeholder.user if source.stakeholder_id else None)
    return getattr(source, "user", None)


@transaction.atomic
def meeting_input_record(*, actor, meeting: Meeting, draft=None, position=None,
                         **fields: Any) -> MeetingInput:
    """Record input a member or stakeholder gave at the meeting, with its source. With a
    ``draft`` and a ``position``, that position is also entered on the source's behalf on
    the draft (``consensus.position_state``: it is kept with this meeting as its source and
    the text as its argument); the source needs an account allowed to take part."""
    record = create_recorded(MeetingInput, actor=actor, verb="meeting.input",
                             liaison_org=_org(meeting),
                             fields={"meeting": meeting, "recorded_by": _user(actor),
                                     "draft": draft, "position": position, **fields})
    if position is not None:
        _enter_position(actor, record)
    return record


def _enter_position(actor, record: MeetingInput) -> None:
    from liaison.consensus.discussion import can_discuss
    from liaison.consensus.services import position_state
    from liaison.consultations.selectors import stakeholder_of

    org = _org(record.meeting)
    source = record.member or record.stakeholder
    user = _account_of(source)
    if user is None:
        raise ValidationError({"position": _(
            "%(who)s has no account: their position cannot be counted. Record the input "
            "without a position, or invite them to take part.") % {"who": record.source}})
    if not can_discuss(user, org):
        raise ValidationError({"position": _("%(who)s may not state positions in %(org)s.")
                               % {"who": record.source, "org": org}})
    position_state(actor=actor, draft=record.draft, value=record.position,
                   argument=record.text, stakeholder=stakeholder_of(user, org),
                   participant=user, meeting=record.meeting)
