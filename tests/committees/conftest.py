"""A committee with a chair, a secretary, a member and an observer in their terms, one former
member and one appointed from next year. The SMTP server is tests/notices/smtp.py's."""

import datetime as dt
from dataclasses import dataclass

import pytest

from liaison.committees import services
from liaison.committees.models import Committee, Member
from liaison.registry import services as registry
from liaison.registry.models import Role

STARTS = dt.datetime(2026, 5, 12, 8, 0, tzinfo=dt.UTC)  # 10:00 in Paris (summer time)
ENDS = dt.datetime(2026, 5, 12, 9, 30, tzinfo=dt.UTC)


@dataclass
class World:
    committee: Committee
    chair: Member
    secretary: Member
    member: Member
    observer: Member
    former: Member
    future: Member

    @property
    def current(self) -> list[Member]:
        return [self.chair, self.secretary, self.member, self.observer]


@pytest.fixture
def world(org, coordinator, make_user) -> World:
    committee = services.committee_create(actor=coordinator, liaison_org=org,
                                          name="Metadata mirror committee", acronym="MMC")

    def seat(role, *, user=None, stakeholder=None, start=dt.date(2025, 1, 1), end=None):
        return services.member_add(actor=coordinator, committee=committee, role=role,
                                   user=user, stakeholder=stakeholder, term_start=start,
                                   term_end=end)

    def person(name):
        return registry.stakeholder_create(actor=coordinator, liaison_org=org, name=name,
                                           email=f"{name.split()[0].lower()}@example.net",
                                           categories=[])

    return World(
        committee=committee,
        chair=seat(Member.Role.CHAIR, user=make_user(Role.COMMITTEE_MEMBER, username="chair")),
        secretary=seat(Member.Role.SECRETARY,
                       user=make_user(Role.COMMITTEE_MEMBER, username="secretary")),
        member=seat(Member.Role.MEMBER, stakeholder=person("Mia Member")),
        observer=seat(Member.Role.OBSERVER, stakeholder=person("Olu Observer")),
        former=seat(Member.Role.MEMBER, stakeholder=person("Fred Former"),
                    end=dt.date(2026, 1, 31)),
        future=seat(Member.Role.MEMBER, stakeholder=person("Fay Future"),
                    start=dt.date(2027, 1, 1)),
    )


def meeting_fields(**overrides):
    fields = {"title": "Comments on ISO/DIS 15836-2", "kind": "teleconference",
              "starts_at": STARTS, "ends_at": ENDS, "dial_in": "https://meet.example.org/mmc",
              "agenda": ["Welcome", "Draft consensus comments"]}
    fields.update(overrides)
    return fields
