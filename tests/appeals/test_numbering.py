"""One numbering per kind: disputes DSP-1, DSP-2…, appeals APL-1, APL-2… in each
organization, given once at creation and shown on the pages; never the form of a comment or
draft reference (a member body's code and a zero-padded number, DCMI-007)."""

from __future__ import annotations

import re

from django.urls import reverse

from liaison.appeals import services
from tests.appeals.conftest import GROUNDS

COMMENT_OR_DRAFT_REF = re.compile(r"^.+-\d{3,}$")


def test_disputes_and_appeals_have_their_own_numbers(client, world):
    first = services.dispute_open(actor=None, subject=world.decision, objector=world.olga,
                                  argument="Fundamentally wrong.")
    second = services.dispute_open(actor=None, subject=world.decision, objector=world.sam,
                                   argument="Also wrong.")
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    assert (first.reference, second.reference, appeal.reference) == ("DSP-1", "DSP-2",
                                                                      "APL-1")
    services.dispute_mediate(actor=world.coordinator, dispute=second)
    escalated = services.dispute_escalate(actor=world.coordinator, dispute=second,
                                          note="No agreement.")
    assert escalated.reference == "APL-2"
    assert not any(COMMENT_OR_DRAFT_REF.match(x.reference)
                   for x in (first, second, appeal, escalated))
    first.refresh_from_db()
    assert first.reference == "DSP-1"  # stable

    client.force_login(world.coordinator)
    listed = client.get(reverse("appeals:list")).content.decode()
    assert "APL-1" in listed and "APL-2" in listed
    assert "DSP-2" in client.get(reverse("appeals:disputes")).content.decode()
    detail = client.get(reverse("appeals:detail", args=[escalated.pk])).content.decode()
    assert "Appeal APL-2" in detail and "DSP-2" in detail
