"""In Chromium, issue 13 end to end: every shortcut a coordinator could take is tried on the
page and refused with its reason, then the step is done the right way, and the process check
finds the consultation fair.

Refused: opening without telling anyone (a reason is asked), consolidating before the
deadline, closing early in one click (the announced deadline is stated and a reason asked), a
contradictory disposition ("not carried forward" for a comment still feeding a draft: refused
in its row), finalizing while a draft lacks consensus (the refusal names the draft with its
withdraw and override links), an override without a reason.
The right way: announced and opened (everyone matching told by e-mail); three stakeholders
comment on the form; closed early with a reason (everyone told again); consolidated into two
drafts; positions stated (one draft lacks consensus, and is submitted by an override with its
reason); dispositions; finalized and submitted; the override shows on the commenter's
outcome; a stakeholder appeals their own disposition from their outcome page; the process
check shows every principle passed, or passed with its recorded exceptions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liaison.appeals import services as appeals
from liaison.appeals.models import Appeal
from liaison.consultations import services as consultations
from liaison.consultations.models import Consultation
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Role
from tests.conftest import PASSWORD
from tests.notices.conftest import IMMEDIATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAME = "The definition of 'date' must cite ISO 8601-2 for approximate dates such as circa 1850."
COMMENTS = (  # who, clause, comment, proposed change (numbered TMI-001… in this order)
    ("ana", "5.2.7", SAME, "Cite ISO 8601-2 (EDTF)."),
    ("ben", "5.2.7", SAME, "Cite ISO 8601-2 (EDTF)."),
    ("ben", "6.1", "The informative annex on crosswalks repeats ISO 2709.",
     "Remove Annex C."),
    ("cy", "5.2.20", "Language tags should follow BCP 47 rather than ISO 639-2.",
     "Use BCP 47 language tags."),
)
OVERRIDE = ("Legal: the national regulator requires BCP 47 tags from 2027; an editorial "
            "revision for that reason only.")


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=re.compile("Sign out")).wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_have_count(0)


def _world(org, coordinator, make_user) -> Consultation:
    """A draft consultation on a DIS of SC 4; ana, ben and cy follow SC 4 and consent."""
    sc4 = registry.organization_create(actor=coordinator, liaison_org=org,
                                       name="Technical interoperability",
                                       acronym="ISO/TC 46/SC 4", kind="iso_committee")
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/DIS 15836-2", committee=sc4,
                                      title="Dublin Core — Part 2", stage_code="40.20")
    for name, code in (("ana", "industry"), ("ben", "industry"), ("cy", "consumers")):
        profile = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name.title(),
            email=f"{name}@example.org", consent_to_contact=True,
            user=make_user(Role.STAKEHOLDER, username=name),
            categories=[InterestCategory.objects.get(code=code)])
        registry.subscription_add(actor=coordinator, stakeholder=profile, organization=sc4)
    make_user(Role.APPEALS_PANEL, username="pat")
    return consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        deadline=timezone.now() + dt.timedelta(days=14))


def _refused(page, text: str) -> None:
    expect(page.locator("body")).to_contain_text(text)


def _announce_after_refusing_to_open_silently(page, consultation, smtp_server) -> None:
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_test_id("open-without-notice").click()
    page.get_by_role("button", name="Open without notice").click()
    _refused(page, "give the reason")
    assert Consultation.objects.get(pk=consultation.pk).state == "draft"

    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_test_id("announce").click()
    page.get_by_role("button", name="Preview the recipients").click()
    expect(page.get_by_test_id("audience")).to_contain_text("Cy")
    page.get_by_role("button", name="Open the consultation and send").click()
    expect(page.locator(".messages")).to_contain_text("Queued for 3 stakeholders")
    assert sorted(smtp_server.recipients) == ["ana@example.org", "ben@example.org",
                                              "cy@example.org"]


def _comment(page, consultation, clause: str, text: str, change: str) -> None:
    page.goto(f"/consultations/{consultation.pk}/comments/new/")
    page.locator("input[name=clause]").fill(clause)
    page.locator("select[name=type]").select_option("te")
    page.locator("textarea[name=comment]").fill(text)
    page.locator("textarea[name=proposed_change]").fill(change)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Comment saved")


def _close_early_with_a_reason(page, consultation, smtp_server) -> None:
    page.goto(f"/consensus/{consultation.pk}/")
    _refused(page, "The comments are consolidated after the deadline")

    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_test_id("close").click()
    _refused(page, "The announced deadline is")
    page.get_by_role("button", name="Close the consultation").click()
    _refused(page, "Give the reason")
    assert Consultation.objects.get(pk=consultation.pk).state == "open"
    sent = len(smtp_server.messages)
    page.get_by_label("Reason for closing before the deadline").fill(
        "Every stakeholder who follows SC 4 has answered; the DIS ballot closes early.")
    page.get_by_role("button", name="Close the consultation").click()
    expect(page.locator(".messages")).to_contain_text("The consultation is closed")
    assert sorted(smtp_server.recipients[sent:]) == ["ana@example.org", "ben@example.org",
                                                     "cy@example.org"]


def _consolidate(page, consultation) -> None:
    page.get_by_role("link", name="Consolidation of the comments").click()
    page.get_by_role("button", name="Start consolidation").click()
    expect(page.locator(".messages")).to_contain_text("Consolidation has started")
    page.get_by_test_id("cluster").get_by_role("button", name="Merge into a new draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft TMI-CC001 created")
    page.goto(f"/consensus/{consultation.pk}/")
    page.get_by_test_id("single").filter(has_text="BCP 47").get_by_role(
        "button", name="Make a draft of this comment").click()
    expect(page.locator(".messages")).to_contain_text("Draft TMI-CC002 created")


def _positions(page, consultation) -> None:
    """Everyone supports TMI-CC001 (consensus); on TMI-CC002 cy supports, ana and ben
    oppose (support below the rule's threshold: no consensus)."""
    base = f"/consensus/{consultation.pk}/drafts/"
    for name, stated in (("ana", [("TMI-CC001", "support"), ("TMI-CC002", "oppose")]),
                         ("ben", [("TMI-CC001", "support"), ("TMI-CC002", "oppose")]),
                         ("cy", [("TMI-CC001", "support"), ("TMI-CC002", "support")])):
        sign_in(page, name)
        for ref, value in stated:
            page.goto(base)
            page.get_by_role("link", name=ref, exact=True).click()
            page.get_by_label(value, exact=True).check()
            if value == "oppose":
                page.get_by_label("Argument").fill("ISO 639-2 is what our catalogues use.")
            page.get_by_role("button", name="State my position").click()
            expect(page.locator(".messages")).to_contain_text(
                f"Your position on {ref} is recorded")
        sign_out(page)


def _dispositions(page, consultation) -> None:
    page.goto(f"/consensus/{consultation.pk}/dispositions/")
    row = page.locator("tr", has_text="TMI-004")
    row.get_by_label("Disposition").select_option("not_carried")
    expect(row.get_by_label("Consensus comment")).to_be_disabled()  # the pair cannot be sent
    row.get_by_label("Reason").fill("Out of scope.")
    row.get_by_role("button", name="Record").click()
    row = page.locator("tr", has_text="TMI-004")
    expect(row.get_by_test_id("kind-error")).to_contain_text(
        "TMI-004 is still a source of the consensus comment TMI-CC002")
    expect(row.get_by_test_id("disposition")).to_contain_text("merged into")

    row = page.locator("tr", has_text="TMI-003")
    row.get_by_label("Disposition").select_option("noted")
    row.get_by_label("Reason").fill("Annex C is kept for readers without ISO 2709.")
    row.get_by_role("button", name="Record").click()
    expect(page.locator(".messages")).to_contain_text("Disposition of TMI-003 recorded")


def _override_then_finalize_and_submit(page, consultation) -> None:
    page.goto(f"/consensus/{consultation.pk}/drafts/")
    page.get_by_role("button", name="Finalize the position").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("TMI-CC002 has no consensus under the rule")
    expect(refusal.get_by_role("link", name="withdraw")).to_be_visible()
    assert "TMI-CC001" not in refusal.inner_text()
    assert Consultation.objects.get(pk=consultation.pk).state == "consolidating"

    refusal.get_by_role("link", name="submit without consensus (override)").click()
    page.get_by_role("button", name="Record the override").click()
    _refused(page, "Give the reason")
    page.get_by_label("Reason for submitting without consensus").fill(OVERRIDE)
    page.get_by_role("button", name="Record the override").click()
    expect(page.locator(".messages")).to_contain_text("Override of TMI-CC002 recorded")
    expect(page.get_by_test_id("override")).to_contain_text("national regulator")

    page.get_by_role("button", name="Finalize the position").click()
    expect(page.locator(".messages")).to_contain_text("The position is finalized")
    page.get_by_role("button", name="Submit to ISO").click()
    expect(page.locator(".messages")).to_contain_text("The position was submitted")


def _appeal_own_disposition(page, consultation) -> Appeal:
    sign_in(page, "cy")
    page.goto(f"/consensus/{consultation.pk}/outcome/")
    expect(page.get_by_test_id("outcome-override")).to_contain_text("national regulator")
    sign_out(page)

    sign_in(page, "ben")
    page.goto(f"/consensus/{consultation.pk}/outcome/")
    row = page.get_by_test_id("outcome").locator("tr", has_text="6.1")
    expect(row).to_contain_text("noted")
    row.get_by_role("link", name="Appeal this disposition").click()
    page.get_by_role("heading", name="Appeal a decision").wait_for()
    page.get_by_label("Summary of the grounds").fill("Annex C misleads implementers.")
    page.get_by_label("Grounds", exact=True).fill("It restates ISO 2709 with two errors.")
    page.get_by_role("button", name="File the appeal").click()
    expect(page.get_by_test_id("state")).to_have_text("filed")
    sign_out(page)
    return Appeal.objects.get()


def test_every_shortcut_is_refused_then_the_process_is_fair(page, org, coordinator, make_user,
                                                           smtp_server, settings):
    settings.TASKS = IMMEDIATE  # notices are sent by the notice worker's task, at once here
    consultation = _world(org, coordinator, make_user)

    sign_in(page, coordinator.username)
    _announce_after_refusing_to_open_silently(page, consultation, smtp_server)
    sign_out(page)
    for who, clause, text, change in COMMENTS:
        sign_in(page, who)
        _comment(page, consultation, clause, text, change)
        sign_out(page)

    sign_in(page, coordinator.username)
    _close_early_with_a_reason(page, consultation, smtp_server)
    _consolidate(page, consultation)
    sign_out(page)
    _positions(page, consultation)
    sign_in(page, coordinator.username)
    _dispositions(page, consultation)
    _override_then_finalize_and_submit(page, consultation)
    sign_out(page)

    appeal = _appeal_own_disposition(page, consultation)
    # the panel's part of the appeal is the appeals browser test's; here it is concluded
    appeals.appeal_admissibility(actor=coordinator, appeal=appeal, admissible=True)
    pat = appeal.liaison_org.memberships.get(user__username="pat").user
    appeals.appeal_panel_set(actor=coordinator, appeal=appeal, members=[pat])
    appeals.appeal_review_start(actor=coordinator, appeal=appeal)
    appeals.appeal_decide(actor=pat, appeal=appeal, outcome="dismissed",
                          reasons="The annex is informative; the errors go to the editor.")

    sign_in(page, coordinator.username)
    page.goto(f"/audit/process/{consultation.pk}/")
    expect(page.get_by_test_id("process-verdict")).to_have_text("No principle broken.")
    statuses = {key: page.get_by_test_id(f"principle-{key}").get_by_test_id("status")
                .inner_text() for key in ("equal_access", "input_window", "views_addressed",
                                          "consensus", "due_process")}
    assert statuses == {"equal_access": "passed",
                        "input_window": "passed with recorded exceptions",
                        "views_addressed": "passed",
                        "consensus": "passed with recorded exceptions",
                        "due_process": "passed"}
    expect(page.get_by_test_id("principle-consensus")).to_contain_text("national regulator")
    expect(page.get_by_test_id("principle-input_window")).to_contain_text("SC 4 has answered")
