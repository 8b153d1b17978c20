"""Fixtures: an organization's process, version 1 published and version 2 drafted."""

import datetime as dt

import pytest

from liaison.process import services

T1 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC)

V1_TEXT = {
    "scope": "This process covers every ISO project we take part in.",
    "stakeholder_identification": "We identify stakeholders:\n- by committee\n- by topic",
    "disputes_and_appeals": "Appeals are lodged within 14 days of the decision.",
}


@pytest.fixture
def v1(org, coordinator):
    draft = services.process_draft_save(actor=coordinator, liaison_org=org, **V1_TEXT)
    return services.process_publish(actor=coordinator, version=draft, at=T1,
                                    change_note="First version.")


@pytest.fixture
def v2_draft(v1, org, coordinator):
    return services.process_draft_save(
        actor=coordinator, liaison_org=org, min_members=2, support_threshold="3/4",
        disputes_and_appeals="Appeals are lodged within 21 days of the decision.")


@pytest.fixture
def v2(v2_draft, coordinator):
    return services.process_publish(actor=coordinator, version=v2_draft, at=T2,
                                    change_note="Longer appeal window; m lowered to 2.")
