"""Conflicts are checked at every panel act, not only when the panel is set: a member who
took part in the decision after being seated (here: answered the interest survey the
decision rests on) stops admissibility and the review until the panel changes, and may not
decide. The service refuses, naming who and why; the page answers 409 with that message; and
nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.appeals import services
from liaison.appeals.models import Appeal
from liaison.involvement import services as involvement
from liaison.registry import services as registry
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts

DECISION = {"outcome": "dismissed", "reasons": "The survey ran for the usual two weeks."}
CONFLICT = ("Pat Panel: took part in the decision: answered the interest survey the decision "
            "rests on")


@pytest.fixture
def appeal(world):
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    return services.appeal_panel_set(actor=world.coordinator, appeal=appeal,
                                     members=[world.pat, world.quinn])


def pat_answers_the_survey(world) -> None:
    """pat, already seated, now takes part in the decision under appeal."""
    profile = registry.stakeholder_create(actor=world.coordinator, liaison_org=world.org,
                                          name="Pat Panel", email="pat.p@example.org",
                                          user=world.pat, categories=[])
    involvement.survey_answer(actor=world.pat, consultation=world.decision.consultation,
                              stakeholder=profile, support="yes", interest="high",
                              willing=False)


def _unchanged(appeal: Appeal, state: str) -> None:
    appeal.refresh_from_db()
    assert appeal.state == state


def test_admissibility_is_refused_while_a_seated_member_is_conflicted(world, appeal):
    pat_answers_the_survey(world)
    before = row_counts()
    with pytest.raises(services.PanelConflicted) as refused:
        services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    assert CONFLICT in str(refused.value) and "change the panel first" in str(refused.value)
    assert row_counts() == before
    _unchanged(appeal, "filed")
    # once the panel changes, the act goes through
    services.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.quinn])
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    _unchanged(appeal, "admissible")


def test_the_admissibility_page_answers_409_with_the_conflict(client, world, appeal):
    pat_answers_the_survey(world)
    client.force_login(world.coordinator)
    before = row_counts()
    response = client.post(reverse("appeals:admissibility", args=[appeal.pk]),
                           {"admissible": "yes"})
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert row_counts() == before
    _unchanged(appeal, "filed")


def test_the_review_is_refused_while_a_seated_member_is_conflicted(client, world, appeal):
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    pat_answers_the_survey(world)
    before = row_counts()
    with pytest.raises(services.PanelConflicted, match="Pat Panel: took part in the decision"):
        services.appeal_review_start(actor=world.coordinator, appeal=appeal)
    client.force_login(world.coordinator)
    response = client.post(reverse("appeals:review", args=[appeal.pk]), {})
    assert response.status_code == 409 and CONFLICT in response.content.decode()
    assert row_counts() == before
    _unchanged(appeal, "admissible")


def test_a_member_conflicted_after_the_review_started_may_not_decide(client, world, appeal):
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    services.appeal_review_start(actor=world.coordinator, appeal=appeal)
    pat_answers_the_survey(world)
    before = row_counts()
    with pytest.raises(services.PanelConflicted) as refused:
        services.appeal_decide(actor=world.pat, appeal=appeal, **DECISION)
    assert "You can no longer decide this appeal: " + CONFLICT in str(refused.value)
    client.force_login(world.pat)
    response = client.post(reverse("appeals:decide", args=[appeal.pk]), DECISION)
    assert response.status_code == 409
    assert "You can no longer decide this appeal" in response.content.decode()
    assert row_counts() == before
    _unchanged(appeal, "under_review")
    # a member who took no part still decides
    services.appeal_decide(actor=world.quinn, appeal=appeal, **DECISION)
    _unchanged(appeal, "decided")
