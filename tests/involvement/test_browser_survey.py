"""In Chromium: an invited stakeholder creates their account from the link, answers the
interest survey; the coordinator reads the results and records the decision citing them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liaison.accounts.services import invitation_issue
from liaison.consultations import services as consultations
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory
from tests.builders import TRIAL
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invited_stakeholder_answers_and_coordinator_decides(page, browser, live_server, org,
                                                             coordinator):
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/NP 24100", title="Survey metadata",
                                      stage_code="10.99")
    survey = consultations.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=project, kind="survey",
            title="Interest in ISO/NP 24100", deadline=timezone.now() + dt.timedelta(days=9)))
    iris = registry.stakeholder_create(
        actor=coordinator, liaison_org=org, name="Iris", email="iris@example.org",
        consent_to_contact=True, categories=[InterestCategory.objects.get(code="academic")])
    token = invitation_issue(actor=coordinator, stakeholder=iris, )

    page.goto(f"/join/{token}/")
    page.get_by_label("Username").fill("iris")
    page.get_by_label("Password", exact=True).fill("a-Long-pass-phrase-42")
    page.get_by_label("Password confirmation").fill("a-Long-pass-phrase-42")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="My profile").wait_for()

    page.goto(f"/involvement/survey/{survey.pk}/")
    page.get_by_label("yes, we support the project").check()
    page.get_by_label("high").check()
    page.get_by_label("I am willing to take part in the ongoing work").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("your answer is recorded").wait_for()

    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15000)
    staff = context.new_page()
    staff.goto("/accounts/login/")
    staff.get_by_label("Username").fill("coordinator")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"/involvement/survey/{survey.pk}/results/")
    assert "Iris" in staff.locator("[data-testid=willing-list]").inner_text()
    assert staff.locator("[data-testid=support-chart]").is_visible()
    staff.get_by_role("button", name="Record a decision citing these results").click()
    staff.get_by_label("participate: experts in the working group").check()
    staff.get_by_label("Rationale").fill("Academic support; Iris joins the WG.")
    staff.get_by_role("button", name="Save").click()
    current = staff.locator("[data-testid=current-decision]")
    current.wait_for()
    assert "participate" in current.inner_text()
    staff.locator("[data-testid=cited-aggregate] summary").click()
    assert "1 answer at the time" in staff.locator("[data-testid=cited-aggregate]").inner_text()
    context.close()
