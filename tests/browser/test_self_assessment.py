"""In Chromium: the coordinator opens the self-assessment page from the navigation and sees
its charts — SVG images with a title and a description, each with its table — and the
timeline of process versions and reviews."""

import re

import pytest
from playwright.sync_api import expect

from liaison.consensus import evaluation
from liaison.process import services as process_services
from tests.conftest import PASSWORD
from tests.metrics.world import build
from tests.notices.conftest import IMMEDIATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_sees_the_self_assessment_charts(page, org, coordinator, make_user,
                                                         smtp_server, settings):
    settings.TASKS = IMMEDIATE
    evaluation.forget()
    build(org, coordinator, make_user)
    draft = process_services.process_draft_save(actor=coordinator, liaison_org=org,
                                                title="How we work")
    process_services.process_publish(actor=coordinator, version=draft, change_note="first")

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("nav.site summary", has_text="Governance").click()  # the menu's group
    page.get_by_role("link", name="Self-assessment").click()
    expect(page.get_by_role("heading", name="Self-assessment", level=1)).to_be_visible()

    charts = page.locator("svg[role=img].metric-chart")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 7
    for i in range(charts.count()):
        svg = charts.nth(i)
        title = svg.locator("title").first.text_content()
        assert title.strip()
        assert svg.locator("desc").first.text_content().strip()
    # accessible names come from <title>; each chart has its table
    expect(page.get_by_role("img", name="Days from ISO approval to the first notice, "
                                         "by project")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Response rate by interest category"))
           ).to_be_visible()
    expect(page.get_by_role("img", name="Share of drafts with consensus, per consultation")
           ).to_be_visible()
    consensus = page.get_by_test_id("chart-consensus")
    expect(consensus.locator("table")).to_contain_text("1 / 2")
    expect(page.get_by_test_id("chart-dispositions").locator("table")).to_contain_text("2 / 3")
    expect(page.get_by_test_id("timeline")).to_contain_text("Version 1 published")
    # the Content-Security-Policy holds: no inline style or script was needed
    assert page.locator("[style]").count() == 0
