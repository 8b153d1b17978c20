"""Demonstration mirror committee (called by ``liaison demo``, idempotent).

DCMI's internal mirror committee to ISO/TC 46/SC 4: a chair, a secretary, members and an
observer; a teleconference held last week with its agenda, attendance, minutes, a decision on
the draft consensus comments of the past consultation and a position given there by the
chair (entered by the secretary, kept with the meeting as its source); and the next meeting.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from liaison.committees import services
from liaison.committees.models import Attendance, Committee, Member
from liaison.consensus.demo import clock
from liaison.registry.models import Organization, Stakeholder

NAME = "DCMI mirror committee to ISO/TC 46/SC 4"
MINUTES = """1. The chair welcomed the members; apologies from the Europeana Foundation.
2. The draft consensus comments on ISO/CD 23081-4 were reviewed one by one.
3. The committee supports the drafts on dates and creators as written.
4. The chair supports the draft on dc:rights; the objection on licences goes to mediation.
Next meeting: in two weeks, same link."""


def load_demo_committee(org, actor, consultation=None) -> Committee:
    found = Committee.objects.filter(liaison_org=org, name=NAME).first()
    if found is not None:
        return found
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["committee", "expert", "stakeholder"])}
    sc4 = Organization.objects.filter(liaison_org=org, acronym="ISO/TC 46/SC 4").first()
    committee = services.committee_create(
        actor=actor, liaison_org=org, name=NAME, acronym="DCMI-IMC",
        mandate="Prepares DCMI's positions on the work of ISO/TC 46/SC 4 and advises the "
                "coordinator on consensus comments.",
        iso_committees=[sc4] if sc4 else [], projects=list(org.projects.all()))
    start = dt.date(2025, 1, 1)
    seats = [(Member.Role.CHAIR, users.get("committee"), None),
             (Member.Role.SECRETARY, users.get("expert"), None)]
    for name, role in (("Europeana Foundation", Member.Role.MEMBER),
                       ("National Library of Finland", Member.Role.MEMBER),
                       ("Library Workers' Union", Member.Role.OBSERVER)):
        seats.append((role, None, Stakeholder.objects.filter(liaison_org=org, name=name)
                      .first()))
    members = [services.member_add(actor=actor, committee=committee, role=role, user=user,
                                   stakeholder=profile, term_start=start)
               for role, user, profile in seats if user or profile]
    now = timezone.now()
    held = (now - dt.timedelta(days=6)).replace(hour=13, minute=0, second=0, microsecond=0)
    with clock(held - dt.timedelta(days=10)):
        meeting = services.meeting_schedule(
            actor=actor, committee=committee, title="Consensus comments on ISO/CD 23081-4",
            kind="teleconference", starts_at=held, ends_at=held + dt.timedelta(hours=1, minutes=30),
            dial_in="https://meet.demo.liaison.test/dcmi-imc",
            agenda=["Welcome and apologies", "Draft consensus comments on ISO/CD 23081-4",
                    "Any other business"])
    secretary = users.get("expert") or actor
    services.attendance_record(actor=secretary, meeting=meeting, statuses={
        m: Attendance.Status.APOLOGIES if m.name == "Europeana Foundation"
        else Attendance.Status.PRESENT for m in members})
    services.minutes_save(actor=secretary, meeting=meeting, minutes=MINUTES)
    drafts = list(consultation.consensus_drafts.filter(status="active").order_by("order")
                  ) if consultation else []
    if drafts:
        services.decision_record(
            actor=secretary, meeting=meeting, outcome="adopted", consultation=consultation,
            text="The committee supports the draft consensus comments on dates and creators "
                 "as written.", drafts=[d for d in drafts if d.clause != "6.7"])
        rights = next((d for d in drafts if d.clause == "6.7"), None)
        chair = next((m for m in members if m.role == Member.Role.CHAIR), None)
        if rights and chair:
            services.meeting_input_record(
                actor=secretary, meeting=meeting, member=chair, draft=rights, position=1,
                consultation=consultation,
                text="Supports mapping dc:rights to access rules and the licence element.")
    nxt = (now + dt.timedelta(days=8)).replace(hour=13, minute=0, second=0, microsecond=0)
    services.meeting_schedule(
        actor=actor, committee=committee, title="Preparing the ISO/DIS 15836-2 position",
        kind="teleconference", starts_at=nxt, ends_at=nxt + dt.timedelta(hours=1),
        dial_in="https://meet.demo.liaison.test/dcmi-imc",
        agenda=["Comments received on ISO/DIS 15836-2", "Timetable to the ballot"])
    return committee
