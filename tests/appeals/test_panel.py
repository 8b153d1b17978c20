"""The panel: holders of the appeals-panel role who took no part in the decision. A
conflicted member is refused by the service (naming the person and the reason) and shown
disabled, with the reason, on the panel page; a crafted POST is 400 and stores nothing."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.appeals import conflicts, services
from liaison.appeals.models import PanelMember
from liaison.audit.selectors import events_for
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts


@pytest.fixture
def appeal(world):
    return services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)


def _decide_event(world):
    return events_for(world.decision).get(verb="involvement.decide")


def test_conflicts_name_the_actor_event_the_survey_and_the_appellant(world, appeal):
    found = conflicts.conflicts(world.decision, world.olga)
    event = _decide_event(world)
    assert (f"took part in the decision: recorded as actor of event #{event.seq} "
            f"'involvement.decide'") in found[world.deputy.pk]
    assert any("answered the interest survey the decision rests on" in r
               and "Sam Surveyed" in r for r in found[world.sam.pk])
    assert found[world.olga.pk] == ["is the appellant"]
    assert world.pat.pk not in found and world.quinn.pk not in found


def test_the_service_refuses_a_conflicted_member_naming_the_reason(world, appeal):
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        services.appeal_panel_set(actor=world.coordinator, appeal=appeal,
                                  members=[world.pat, world.deputy])
    message = " ".join(refused.value.messages)
    seq = _decide_event(world).seq
    assert (f"deputy: took part in the decision: recorded as actor of event #{seq} "
            f"'involvement.decide'") in message
    assert "pat" not in message
    assert row_counts() == before and not PanelMember.objects.exists()


def test_a_member_without_the_panel_role_is_refused(world, appeal):
    with pytest.raises(ValidationError, match="does not hold the appeals-panel role"):
        services.appeal_panel_set(actor=world.coordinator, appeal=appeal,
                                  members=[world.coordinator])


def test_a_hook_of_another_app_adds_participants(world, appeal, monkeypatch):
    hooks = [*conflicts.PARTICIPANTS_OF,
             lambda obj: [(world.quinn, "stated a position on the draft")]]
    monkeypatch.setattr(conflicts, "PARTICIPANTS_OF", hooks)
    with pytest.raises(ValidationError,
                       match="quinn: took part in the decision: stated a position"):
        services.appeal_panel_set(actor=world.coordinator, appeal=appeal,
                                  members=[world.quinn])


def test_the_panel_page_lists_conflicted_members_disabled_with_the_reason(client, world,
                                                                          appeal):
    client.force_login(world.coordinator)
    html = client.get(reverse("appeals:panel", args=[appeal.pk])).content.decode()
    seq = _decide_event(world).seq
    assert f"recorded as actor of event #{seq} &#x27;involvement.decide&#x27;" in html
    assert "answered the interest survey the decision rests on" in html
    inputs = {m.group(1): m.group(0) for m in
              re.finditer(r'<input type="checkbox" name="members" value="(\d+)"[^>]*>', html)}
    assert "disabled" in inputs[str(world.deputy.pk)]
    assert "disabled" in inputs[str(world.sam.pk)]
    assert "disabled" not in inputs[str(world.pat.pk)]
    assert str(world.olga.pk) not in inputs  # not a holder of the panel role


def test_a_crafted_post_with_a_conflicted_member_is_400_and_stores_nothing(client, world,
                                                                           appeal):
    client.force_login(world.coordinator)
    before = row_counts()
    response = client.post(reverse("appeals:panel", args=[appeal.pk]),
                           {"members": [world.pat.pk, world.sam.pk]})
    assert response.status_code == 400
    assert "Sam Surveyed: took part in the decision: answered the interest survey" in \
        response.content.decode()
    assert row_counts() == before


def test_a_clean_panel_is_appointed_and_can_change_until_review(client, world, appeal):
    client.force_login(world.coordinator)
    response = client.post(reverse("appeals:panel", args=[appeal.pk]),
                           {"members": [world.pat.pk, world.quinn.pk]})
    assert response.status_code == 302
    assert {m.user for m in appeal.panel.all()} == {world.pat, world.quinn}
    services.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    assert [m.user for m in appeal.panel.all()] == [world.pat]
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    services.appeal_review_start(actor=world.coordinator, appeal=appeal)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.appeal_panel_set(actor=world.coordinator, appeal=appeal,
                                  members=[world.quinn])


def test_the_review_needs_a_panel(world, appeal):
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    with pytest.raises(ValidationError, match="Appoint the panel"):
        services.appeal_review_start(actor=world.coordinator, appeal=appeal)
