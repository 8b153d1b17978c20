"""In Chromium: an objector appeals an involvement decision; the coordinator cannot put a
conflicted member on the panel (the option is disabled with its reason, and a forced attempt
is refused with that reason); a clean panel is set; the panel member decides; the outcome is
public."""

import re

import pytest
from playwright.sync_api import expect

from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.audit.selectors import events_for
from tests.appeals.conftest import build_world
from tests.conftest import PASSWORD
from tests.notices.conftest import IMMEDIATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=re.compile("Sign out")).wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Sign out")).click()


def test_an_objector_appeals_a_clean_panel_decides_and_the_outcome_is_public(
        page, org, coordinator, make_user, smtp_server, settings):
    settings.TASKS = IMMEDIATE  # the step notices are sent by the notice worker's task
    world = build_world(org, coordinator, make_user)
    decide_seq = events_for(world.decision).get(verb="involvement.decide").seq

    # the objector files an appeal from the link next to the decision
    sign_in(page, "olga")
    page.goto(appeal_url(world.decision))
    page.get_by_role("heading", name="Appeal a decision").wait_for()
    expect(page.get_by_test_id("decision")).to_contain_text("Appeals accepted until")
    page.get_by_label("Summary of the grounds").fill("The survey was too short to be fair.")
    page.get_by_label("Grounds", exact=True).fill("Members were told two days before.")
    page.get_by_role("button", name="File the appeal").click()
    expect(page.get_by_test_id("state")).to_have_text("filed")
    appeal = Appeal.objects.get()
    sign_out(page)

    # the coordinator chooses the panel: the decision's author is conflicted
    sign_in(page, "coordinator")
    page.goto(f"/appeals/{appeal.pk}/")
    page.get_by_role("link", name="Choose the panel").click()
    reason = f"recorded as actor of event #{decide_seq} 'involvement.decide'"
    deputy_row = page.locator("[data-testid=candidates] tr[data-user=deputy]")
    expect(deputy_row).to_contain_text("conflicted")
    expect(deputy_row).to_contain_text(reason)
    deputy_box = page.get_by_role("checkbox", name=re.compile("^deputy"))
    expect(deputy_box).to_be_disabled()
    expect(page.get_by_role("checkbox", name=re.compile("^sam"))).to_be_disabled()
    # try anyway (as a crafted request would): the server refuses, naming the reason
    deputy_box.evaluate("box => { box.disabled = false; box.checked = true; }")
    page.get_by_role("checkbox", name="pat").check()
    page.get_by_role("button", name="Appoint the panel").click()
    alert = page.locator(".errorlist[role=alert]")
    expect(alert).to_contain_text("deputy: took part in the decision: " + reason)
    assert not appeal.panel.exists()
    # a clean panel
    page.get_by_role("checkbox", name="pat").check()
    page.get_by_role("button", name="Appoint the panel").click()
    expect(page.get_by_test_id("panel")).to_contain_text("pat")
    page.get_by_role("link", name="Decide admissibility").click()
    page.get_by_label("admissible", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Start the review").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_test_id("state")).to_have_text("under review")
    sign_out(page)

    # the panel member signs in and decides
    sign_in(page, "pat")
    page.get_by_role("link", name="Appeals", exact=True).click()
    page.get_by_role("link", name=appeal.reference).click()
    page.get_by_role("link", name="Decide the appeal").click()
    page.get_by_label("partly upheld").check()
    page.get_by_label("Reasons").fill("Ten days is short; the survey is to be re-run.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("state")).to_have_text("decided: partly upheld")
    expect(page.get_by_test_id("timeline")).to_contain_text("decided")
    sign_out(page)

    # anyone reads the outcome
    page.goto("/appeals/outcomes/")
    page.get_by_role("link", name=appeal.reference).click()
    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_contain_text("Partly upheld")
    expect(outcome).to_contain_text("the survey is to be re-run")
    expect(outcome).to_contain_text("a stakeholder from Open Archives Group")
    assert "olga" not in outcome.inner_text().lower()
    assert len(smtp_server.messages) >= 7
