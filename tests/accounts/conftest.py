"""Fixtures for self-service: a stakeholder without an account, and "nothing changed"."""

from __future__ import annotations

import pytest

from liaison.registry import services as registry
from liaison.registry.models import InterestCategory


@pytest.fixture
def invitee(org, coordinator):
    return registry.stakeholder_create(
        actor=coordinator, liaison_org=org, name="Iris Invitee", email="iris@example.org",
        consent_to_contact=True, time_zone="Asia/Tokyo",
        categories=[InterestCategory.objects.get(code="academic")])
