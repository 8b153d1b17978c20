"""In Chromium, issue 5 end to end: the coordinator announces a survey; the stakeholder's
e-mail arrives at a real SMTP server; the stakeholder follows its link and answers; the
coordinator records the decision; the equal-access report shows both."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from liaison.consultations import services as consultations
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_announce_mail_answer_decide_report(page, browser, live_server, org, coordinator,
                                             make_user, smtp_server, immediate_tasks):
    sc4 = registry.organization_create(actor=coordinator, liaison_org=org,
                                       name="Technical interoperability",
                                       acronym="ISO/TC 46/SC 4", kind="iso_committee")
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/NP 18735", committee=sc4,
                                      title="Metadata application profiles", stage_code="10.99")
    survey = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, kind="survey",
        title="Interest in ISO/NP 18735", deadline=timezone.now() + dt.timedelta(days=14))
    nadia_user = make_user(Role.STAKEHOLDER, username="nadia")
    nadia = registry.stakeholder_create(
        actor=coordinator, liaison_org=org, name="Nadia Haddad", email="nadia@example.org",
        consent_to_contact=True, user=nadia_user,
        categories=[InterestCategory.objects.get(code="academic")])
    registry.subscription_add(actor=coordinator, stakeholder=nadia, organization=sc4)

    # The coordinator previews the recipients and sends.
    sign_in(page, "coordinator")
    page.goto(f"/notices/announce/consultation/{survey.pk}/")
    page.get_by_label("Subject").fill("Is ISO/NP 18735 of interest to you?")
    page.get_by_role("button", name="Preview the recipients").click()
    assert "Nadia Haddad" in page.locator("[data-testid=audience]").inner_text()
    page.get_by_role("button", name="Open the consultation and send").click()
    page.wait_for_load_state()

    # The e-mail reached the SMTP server, with a link to the survey.
    assert smtp_server.recipients == ["nadia@example.org"]
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/involvement/survey/\d+/)", body).group(1)
    assert path == f"/involvement/survey/{survey.pk}/"

    # Nadia follows the link, signs in and answers.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15000)
    nadia_page = context.new_page()
    nadia_page.goto(path)
    nadia_page.get_by_label("Username").fill("nadia")
    nadia_page.get_by_label("Password").fill(PASSWORD)
    nadia_page.get_by_role("button", name="Sign in").click()
    nadia_page.get_by_label("yes, we support the project").check()
    nadia_page.get_by_label("high").check()
    nadia_page.get_by_label("I am willing to take part in the ongoing work").check()
    nadia_page.get_by_role("button", name="Send my answer").click()
    nadia_page.get_by_text("your answer is recorded").wait_for()
    context.close()

    # The coordinator records the decision citing the results.
    page.goto(f"/involvement/survey/{survey.pk}/results/")
    page.get_by_role("button", name="Record a decision citing these results").click()
    page.get_by_label("participate: experts in the working group").check()
    page.get_by_label("Rationale").fill("Academic support; Nadia joins the working group.")
    page.get_by_role("button", name="Save").click()
    assert "participate" in page.locator("[data-testid=current-decision]").inner_text()

    # The equal-access report shows who was told, when, and that she responded.
    page.goto(f"/notices/consultations/{survey.pk}/report/")
    row = page.locator(f"[data-testid=report-rows] tr[data-stakeholder='{nadia.pk}']")
    cells = row.locator("td")
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", cells.nth(2).inner_text())
    assert cells.nth(6).inner_text().strip() == "yes"
    assert page.locator("[data-testid=responded]").inner_text().startswith("1 / 1")
