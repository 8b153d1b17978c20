"""Who may do what: a role or object rule that does not allow the step answers 403 and
changes nothing; another organization's appeal, dispute or decision is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.appeals import services
from liaison.appeals.links import appeal_url
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts


@pytest.fixture
def appeal(world):
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    services.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    return services.appeal_review_start(actor=world.coordinator, appeal=appeal)


DECISION = {"outcome": "upheld", "reasons": "Because."}


def _refused(client, user, url, data=None):
    client.force_login(user)
    before = row_counts()
    response = client.post(url, data or {}) if data is not None else client.get(url)
    assert response.status_code == 403, (user, url, response.status_code)
    assert row_counts() == before


def test_the_appellant_cannot_manage_or_decide(client, world, appeal):
    for name, data in (("admissibility", {"admissible": "yes"}), ("review", {}),
                       ("close", {}), ("decide", DECISION)):
        _refused(client, world.olga, reverse(f"appeals:{name}", args=[appeal.pk]), data)
    _refused(client, world.olga, reverse("appeals:panel", args=[appeal.pk]),
             {"members": [world.quinn.pk]})


def test_a_panel_role_holder_not_on_this_panel_cannot_decide(client, world, appeal):
    _refused(client, world.quinn, reverse("appeals:decide", args=[appeal.pk]), DECISION)
    _refused(client, world.quinn, reverse("appeals:decide", args=[appeal.pk]))


def test_the_coordinator_cannot_decide_for_the_panel(client, world, appeal):
    _refused(client, world.coordinator, reverse("appeals:decide", args=[appeal.pk]), DECISION)


def test_a_panel_member_cannot_choose_the_panel(client, world, appeal):
    _refused(client, world.pat, reverse("appeals:panel", args=[appeal.pk]),
             {"members": [world.quinn.pk]})


def test_another_stakeholder_cannot_see_someone_elses_appeal(client, world, appeal,
                                                             make_user):
    other = make_user(Role.STAKEHOLDER, username="other")
    _refused(client, other, reverse("appeals:detail", args=[appeal.pk]))
    client.force_login(other)
    assert appeal.reference not in client.get(reverse("appeals:list")).content.decode()


def test_who_sees_the_appeal(client, world, appeal):
    for user in (world.olga, world.pat, world.quinn, world.coordinator):
        client.force_login(user)
        assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, world, appeal):
    before = row_counts()
    response = client.post(appeal_url(world.decision), GROUNDS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert row_counts() == before


def test_dispute_steps_are_for_staff(client, world):
    dispute = services.dispute_open(actor=None, subject=world.decision, objector=world.olga,
                                    argument="Fundamentally wrong.")
    client.force_login(world.olga)
    assert client.get(reverse("appeals:dispute", args=[dispute.pk])).status_code == 200
    _refused(client, world.olga, reverse("appeals:dispute_mediation", args=[dispute.pk]), {})
    _refused(client, world.pat, reverse("appeals:dispute_mediation", args=[dispute.pk]), {})
    client.force_login(world.coordinator)
    response = client.post(reverse("appeals:dispute_mediation", args=[dispute.pk]), {})
    assert response.status_code == 302
    before = row_counts()
    again = client.post(reverse("appeals:dispute_mediation", args=[dispute.pk]), {})
    assert again.status_code == 400 and "cannot become" in again.content.decode()
    assert row_counts() == before


@pytest.fixture
def outsider(other_org):
    user = registry.user_create(actor=None, username="osf-coordinator",
                                email="c@osf.example.org", password="x" * 20)
    registry.membership_grant(actor=None, user=user, liaison_org=other_org,
                              role=Role.COORDINATOR)
    registry.membership_grant(actor=None, user=user, liaison_org=other_org,
                              role=Role.APPEALS_PANEL)
    return user


def test_another_organizations_records_are_404(client, world, appeal, outsider):
    dispute = services.dispute_open(actor=None, subject=world.decision, objector=world.olga,
                                    argument="Fundamentally wrong.")
    client.force_login(outsider)
    before = row_counts()
    for name in ("detail", "admissibility", "panel", "review", "decide", "close"):
        url = reverse(f"appeals:{name}", args=[appeal.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"members": [world.pat.pk], **DECISION}).status_code == 404
    for name in ("dispute", "dispute_mediation", "dispute_resolve", "dispute_escalate"):
        assert client.get(reverse(f"appeals:{name}", args=[dispute.pk])).status_code == 404
    assert client.get(appeal_url(world.decision)).status_code == 404
    assert client.post(appeal_url(world.decision), GROUNDS).status_code == 404
    assert row_counts() == before


def test_unknown_or_unappealable_records_are_404(client, world):
    client.force_login(world.olga)
    for query in ("?type=nothing.here&id=1", "?type=involvement.involvementdecision&id=999",
                  "?type=audit.auditevent&id=1", "?type=involvement.involvementdecision&id=x"):
        assert client.get(reverse("appeals:new") + query).status_code == 404, query
    missing = client.get(reverse("appeals:new"))  # no decision named: a bad request
    assert missing.status_code == 400
    assert "What became of my comments" in missing.content.decode()
