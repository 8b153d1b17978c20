"""Deadlines with overdue flags, the appeal link other apps use, the appeal terms page and
the dispute pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from liaison.appeals import services
from liaison.appeals.models import Appeal, AppealSettings
from liaison.registry import services as registry
from liaison.registry.models import Stakeholder
from tests.appeals.conftest import GROUNDS
from tests.snapshots import row_counts


def test_overdue_steps_are_flagged_on_the_list_and_the_detail(client, world):
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    client.force_login(world.coordinator)
    detail = reverse("appeals:detail", args=[appeal.pk])
    assert "overdue" not in client.get(detail).content.decode()
    Appeal.objects.filter(pk=appeal.pk).update(
        admissibility_due=timezone.now() - dt.timedelta(minutes=1))
    assert "overdue" in client.get(detail).content.decode()
    assert "overdue" in client.get(reverse("appeals:list")).content.decode()
    services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    assert "overdue" not in client.get(detail).content.decode()
    Appeal.objects.filter(pk=appeal.pk).update(
        decision_due=timezone.now() - dt.timedelta(minutes=1))
    appeal.refresh_from_db()
    assert appeal.decision_overdue() and not appeal.admissibility_overdue()
    assert "overdue" in client.get(detail).content.decode()


def test_the_appeal_link_tag_for_other_apps(world, make_user):
    request = RequestFactory().get("/")
    request.user, request.liaison_org = world.olga, world.org
    html = Template("{% load appeals %}{% appeal_link d %}").render(
        Context({"request": request, "d": world.decision}))
    assert (f'href="/appeals/new/?type=involvement.involvementdecision&amp;id='
            f'{world.decision.pk}"') in html and "Appeal this decision" in html
    request.liaison_org = None
    assert Template("{% load appeals %}{% appeal_link d %}").render(
        Context({"request": request, "d": world.decision})).strip() == ""


def test_the_appeal_terms_page(client, world):
    client.force_login(world.coordinator)
    url = reverse("appeals:settings")
    assert client.get(url).status_code == 200
    assert client.post(url, {"window_days": 0, "admissibility_days": 7,
                             "decision_days": 30}).status_code == 400
    response = client.post(url, {"window_days": 21, "admissibility_days": 7,
                                 "decision_days": 30})
    assert response.status_code == 302
    assert AppealSettings.objects.get(liaison_org=world.org).window_days == 21
    client.force_login(world.olga)
    before = row_counts()
    assert client.post(url, {"window_days": 90, "admissibility_days": 7,
                             "decision_days": 30}).status_code == 403
    assert row_counts() == before


def test_dispute_open_takes_a_stakeholder_profile_and_escalates_through_the_pages(client,
                                                                                  world):
    profile = Stakeholder.objects.get(user=world.olga)
    dispute = services.dispute_open(actor=world.coordinator, subject=world.decision,
                                    objector=profile, argument="Fundamentally wrong.")
    assert dispute.objector == world.olga and dispute.subject == world.decision
    client.force_login(world.coordinator)
    assert dispute.reference in client.get(reverse("appeals:disputes")).content.decode()
    client.post(reverse("appeals:dispute_mediation", args=[dispute.pk]), {"note": ""})
    before = row_counts()
    assert client.post(reverse("appeals:dispute_escalate", args=[dispute.pk]),
                       {"note": ""}).status_code == 400
    assert row_counts() == before
    response = client.post(reverse("appeals:dispute_escalate", args=[dispute.pk]),
                           {"note": "Mediation failed on 3 March."})
    appeal = Appeal.objects.get(dispute=dispute)
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    page = client.get(reverse("appeals:dispute", args=[dispute.pk])).content.decode()
    assert "escalated to an appeal" in page and appeal.reference in page


def test_a_dispute_needs_an_objector_with_an_account(world):
    profile = registry.stakeholder_create(actor=world.coordinator, liaison_org=world.org,
                                          name="No Account", email="none@example.org",
                                          categories=[])
    with pytest.raises(ValidationError, match="no account"):
        services.dispute_open(actor=None, subject=world.decision, objector=profile,
                              argument="x")
