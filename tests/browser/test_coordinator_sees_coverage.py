"""In Chromium: the demo coordinator signs in, opens a project and reads its coverage panel."""

import pytest
from django.core.management import call_command

from liaison.registry.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_signs_in_opens_a_project_and_sees_coverage(page):
    call_command("demo", verbosity=0)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="ISO projects").wait_for()
    page.get_by_role("link", name="ISO/NP 18735").click()
    panel = page.locator("#coverage")
    panel.get_by_role("heading", name="Coverage of stakeholder groups").wait_for()
    rows = panel.locator("[data-testid=coverage-table] tbody tr")
    assert rows.count() == 4  # industry, academic, ngo, labour (academic and ngo also support)
    labour = panel.locator("tr[data-category=labour]")
    assert "none engaged" in labour.inner_text()
    academic = panel.locator("tr[data-category=academic]")
    assert "covered" in academic.inner_text()
    assert "required group" in panel.inner_text()
