"""In Chromium: a stakeholder appeals their own disposition from their outcome page and
cannot reach another's; an objector appeals an involvement decision; the coordinator cannot put a
conflicted member on the panel (the option is disabled with its reason, and a forced attempt
is refused with that reason); a clean panel is set; the panel member decides; the outcome is
public."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.audit.selectors import events_for
from liaison.consensus import services as consensus
from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.appeals.conftest import build_world
from tests.builders import open_consultation_on_the_dis
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
    expect(page.get_by_role("checkbox", name=re.compile(r"^sam", re.IGNORECASE))).to_be_disabled()
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
    page.locator("nav.site summary", has_text="Work").click()  # the menu's Work group
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


def test_a_stakeholder_appeals_their_own_disposition_and_cannot_reach_another(
        page, org, coordinator, make_user, smtp_server):
    """From "What became of my comments", cy follows "Appeal this disposition" and files; the
    filing page for ben's disposition is a 404 that shows nothing of it."""
    consultation = open_consultation_on_the_dis(org, coordinator)
    disposed = {}
    for name, clause, reason in (("cy", "5.2.20", "ISO 639-2 is what the family uses."),
                                 ("ben", "6.1", "Out of the scope of this part: MARKER.")):
        user = make_user(Role.STAKEHOLDER, username=name)
        profile = registry.stakeholder_create(actor=coordinator, liaison_org=org,
                                              name=name.title(), user=user,
                                              email=f"{name}@example.org", categories=[])
        disposed[name] = (consultations.comment_create(
            actor=user, consultation=consultation, author=profile, submit=True,
            clause=clause, type="te", comment=f"{name} asks for a change.",
            proposed_change="Change it."), reason)
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consultation.refresh_from_db()
    consensus.consolidation_start(actor=coordinator, consultation=consultation)
    for name, (comment, reason) in disposed.items():
        disposed[name] = consensus.disposition_set(actor=coordinator, comment=comment,
                                                   kind="noted", reason=reason)

    sign_in(page, "cy")
    page.goto(f"/consensus/{consultation.pk}/outcome/")
    expect(page.get_by_test_id("outcome-disposition")).to_contain_text("noted")
    page.get_by_role("link", name="Appeal this disposition").click()
    page.get_by_role("heading", name="Appeal a decision").wait_for()
    expect(page.get_by_test_id("decision")).to_contain_text("Appeals accepted until")
    page.get_by_label("Summary of the grounds").fill("BCP 47 is what catalogues use.")
    page.get_by_label("Grounds", exact=True).fill("ISO 639-2 cannot tag regional variants.")
    page.get_by_role("button", name="File the appeal").click()
    expect(page.get_by_test_id("state")).to_have_text("filed")
    appeal = Appeal.objects.get()
    assert appeal.subject == disposed["cy"] and appeal.reference == "APL-1"
    expect(page.locator("h1")).to_contain_text("APL-1")

    # ben's disposition cannot be named, and nothing of it shows
    response = page.goto(appeal_url(disposed["ben"]))
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("MARKER")
    assert Appeal.objects.count() == 1
