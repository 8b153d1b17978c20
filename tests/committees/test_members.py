"""Members: a user or a stakeholder of the organization, a role and a term that cannot end
before it starts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.committees import selectors, services
from liaison.committees.models import Member
from tests.snapshots import row_counts


def test_a_term_that_ends_before_it_starts_is_rejected(world, coordinator):
    with pytest.raises(ValidationError, match="A term cannot end before it starts"):
        services.member_add(actor=coordinator, committee=world.committee,
                            stakeholder=world.member.stakeholder, role=Member.Role.MEMBER,
                            term_start=dt.date(2026, 6, 1), term_end=dt.date(2026, 5, 31))


def test_the_page_answers_400_and_stores_nothing_for_a_backward_term(client, world,
                                                                     coordinator):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("committees:member_new", args=[world.committee.pk]), {
        "stakeholder": world.member.stakeholder.pk, "role": "member",
        "term_start": "2026-06-01", "term_end": "2026-05-31"})
    assert response.status_code == 400
    assert "A term cannot end before it starts." in response.content.decode()
    assert row_counts() == before


def test_a_member_is_a_user_or_a_stakeholder_not_both_nor_neither(world, coordinator):
    with pytest.raises(ValidationError, match="either a user or a stakeholder"):
        services.member_add(actor=coordinator, committee=world.committee,
                            role=Member.Role.MEMBER, term_start=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="either a user or a stakeholder"):
        services.member_add(actor=coordinator, committee=world.committee,
                            user=world.chair.user, stakeholder=world.member.stakeholder,
                            role=Member.Role.MEMBER, term_start=dt.date(2026, 1, 1))


def test_a_stakeholder_of_another_organization_cannot_sit(world, coordinator, other_org):
    from liaison.registry import services as registry

    outsider = registry.stakeholder_create(actor=None, liaison_org=other_org, name="Out",
                                           email="out@example.com")
    with pytest.raises(ValidationError, match="belongs to another organization"):
        services.member_add(actor=coordinator, committee=world.committee,
                            stakeholder=outsider, role=Member.Role.MEMBER,
                            term_start=dt.date(2026, 1, 1))


def test_current_members_are_those_whose_term_covers_the_day(world):
    on = dt.date(2026, 5, 12)
    assert selectors.current_members(world.committee, on=on) == world.current
    assert world.former in selectors.current_members(world.committee, on=dt.date(2026, 1, 31))
    assert world.future in selectors.current_members(world.committee, on=dt.date(2027, 1, 1))


def test_the_committee_pages_list_members_and_who_is_current(client, world, coordinator):
    client.force_login(coordinator)
    listing = client.get(reverse("committees:list")).content.decode()
    assert "Metadata mirror committee" in listing
    page = client.get(reverse("committees:detail", args=[world.committee.pk])).content.decode()
    assert "Fred Former" in page and "not current" in page and "Schedule a meeting" in page
    response = client.post(reverse("committees:new"), {"name": "Second committee"})
    assert response.status_code == 302
