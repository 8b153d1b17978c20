"""The appeal window: days after the decision, from the process in force if it states one,
else the organization's appeal settings, else 14 days. Late appeals are refused (400 on the
page, with the closing date), and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liaison.appeals import services, terms
from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.involvement.models import InvolvementDecision
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts


def test_default_window_is_14_days_from_the_decision_exact_to_the_second(world):
    decided = world.decision.decided_at
    rules = terms.appeal_terms(world.org, decided)
    assert (rules.window_days, rules.window_source) == (14, "the default")
    last = decided + dt.timedelta(days=14)
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, now=last,
                                  **GROUNDS)
    assert appeal.window_ends_at == last and appeal.decision_at == decided
    assert appeal.admissibility_due == last + dt.timedelta(days=7)
    assert appeal.appellant_public == "a stakeholder from Open Archives Group"


def test_an_appeal_one_second_late_is_refused_and_nothing_is_stored(world):
    late = world.decision.decided_at + dt.timedelta(days=14, seconds=1)
    before = row_counts()
    with pytest.raises(ValidationError, match="appeal window for this decision closed"):
        services.appeal_file(actor=world.olga, subject=world.decision, now=late, **GROUNDS)
    assert row_counts() == before


def test_the_organization_setting_replaces_the_default(world):
    services.appeal_settings_save(actor=world.coordinator, liaison_org=world.org,
                                  window_days=21, admissibility_days=5, decision_days=20)
    late_for_default = world.decision.decided_at + dt.timedelta(days=20)
    appeal = services.appeal_file(actor=world.olga, subject=world.decision,
                                  now=late_for_default, **GROUNDS)
    assert appeal.window_days == 21
    assert appeal.window_source == "the organization's appeal settings"
    assert appeal.admissibility_due == late_for_default + dt.timedelta(days=5)
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    appeal.refresh_from_db()
    admitted = appeal.transitions.get(to_state="admissible").at
    assert abs(appeal.decision_due - (admitted + dt.timedelta(days=20))) < dt.timedelta(
        seconds=1)


def test_a_late_appeal_through_the_page_is_400_with_the_closing_date(client, world):
    InvolvementDecision.objects.filter(pk=world.decision.pk).update(
        decided_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC))
    client.force_login(world.olga)
    url = appeal_url(world.decision)
    assert url == (reverse("appeals:new")
                   + f"?type=involvement.involvementdecision&id={world.decision.pk}")
    page = client.get(url)
    assert page.status_code == 200
    assert "The appeal window for this decision has closed" in page.content.decode()
    before = row_counts()
    response = client.post(url, GROUNDS)
    assert response.status_code == 400
    text = response.content.decode()
    assert "appeal window for this decision closed on 2026-01-19 10:30 (Europe/Paris)" in text
    assert "14 days after the decision of 2026-01-05 10:30" in text
    assert row_counts() == before and not Appeal.objects.exists()


def test_grounds_are_required(client, world):
    client.force_login(world.olga)
    before = row_counts()
    response = client.post(appeal_url(world.decision), {"summary": "Unfair", "grounds": ""})
    assert response.status_code == 400 and row_counts() == before


def test_an_appeal_in_time_through_the_page(client, world):
    client.force_login(world.olga)
    response = client.post(appeal_url(world.decision), GROUNDS)
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    assert appeal.appellant == world.olga and appeal.state == "filed"
    assert appeal.subject == world.decision
    detail = client.get(response["Location"]).content.decode()
    assert "Admissibility" in detail and GROUNDS["grounds"] in detail


def test_the_same_appellant_cannot_appeal_twice_while_one_is_in_progress(world):
    services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    with pytest.raises(ValidationError, match="already have an appeal"):
        services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)


def test_only_participants_of_the_organization_may_appeal(world, other_org):
    from liaison.registry import services as registry

    outsider = registry.user_create(actor=None, username="outsider",
                                    email="out@example.org", password="x" * 20)
    registry.membership_grant(actor=None, user=outsider, liaison_org=other_org,
                              role="stakeholder")
    before = row_counts()
    with pytest.raises(PermissionDenied, match="only a decision that concerns you"):
        services.appeal_file(actor=outsider, subject=world.decision, **GROUNDS)
    assert row_counts() == before
