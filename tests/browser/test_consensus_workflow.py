"""In Chromium: three stakeholders in two interest categories have commented; the
coordinator merges the redundancy cluster into a draft; two support it and one raises a
fundamental objection; the verdict shows sustained opposition; the objection is resolved and
consensus is reached; every comment gets a disposition; the position is finalized and
submitted, its .docx downloaded and read back; a stakeholder sees what became of their
comment. (The comments themselves are made through the services, to keep the test fast.)"""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.consultations import services as consultation_services
from liaison.consultations.models import Consultation
from liaison.core.isoform import read_form
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAME = "The definition of 'date' must cite ISO 8601-2 for approximate dates such as circa 1850."


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _world(org, coordinator, make_user):
    cats = ensure_iso_categories()
    people = {}
    for name, code in (("ana", "industry"), ("ben", "industry"), ("cy", "consumers")):
        user = make_user(Role.STAKEHOLDER, username=name)
        people[name] = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name.title(),
            email=f"{name}@example.org", user=user, categories=[cats[code]])
        people[name].account = user
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core — Part 2", stage_code="40.20")
    consultation = consultation_services.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultation_services.consultation_create(
            actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
            deadline=timezone.now() + dt.timedelta(days=14)))
    for name, clause, text, change in (
            ("ana", "5.2.7", SAME, "Cite ISO 8601-2 (EDTF)."),
            ("ben", "5.2.7", SAME, "Cite ISO 8601-2 (EDTF)."),
            ("cy", "5.2.20", "Language tags should follow BCP 47.", "Use BCP 47.")):
        consultation_services.comment_create(
            actor=people[name].account, consultation=consultation, author=people[name],
            submit=True, clause=clause, type="te", comment=text, proposed_change=change)
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    return consultation


def test_from_comments_to_a_submitted_consensus_position(page, org, coordinator, make_user,
                                                         tmp_path):
    consultation = _world(org, coordinator, make_user)
    base = f"/consensus/{consultation.pk}"

    sign_in(page, coordinator.username)
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Consolidation of the comments").click()
    page.get_by_role("button", name="Start consolidation").click()
    page.get_by_text("Consolidation has started").wait_for()
    cluster = page.locator("[data-testid=cluster]")
    assert cluster.count() == 1 and "Ana" in cluster.inner_text() and "Ben" in cluster.inner_text()
    cluster.get_by_role("button", name="Merge into a new draft").click()
    page.get_by_text("Draft TMI-CC001 created from 2 comment(s)").wait_for()
    draft_url = page.url
    sources = page.locator("[data-testid=sources]").inner_text()
    assert "TMI-001" in sources and "TMI-002" in sources
    sign_out(page)

    for name, position, argument in (("ana", "support", ""), ("ben", "support", ""),
                                     ("cy", "fundamental objection",
                                      "Consumers cannot read EDTF; cite a plain profile.")):
        sign_in(page, name)
        page.goto(draft_url)
        page.get_by_label(position, exact=True).check()
        if argument:
            page.get_by_label("Argument").fill(argument)
        page.get_by_role("button", name="State my position").click()
        page.get_by_text("Your position on TMI-CC001 is recorded").wait_for()
        sign_out(page)

    sign_in(page, coordinator.username)
    page.goto(draft_url)
    assert page.locator("[data-testid=sustained]").is_visible()
    assert "1 unresolved fundamental objection" in page.locator(
        "[data-testid=reasons]").inner_text()
    assert page.locator("svg title").first.text_content().startswith("Support and opposition")
    page.get_by_label("How the objection was resolved").fill(
        "A plain-language note on EDTF is added to the proposed change; cy agreed on 3 March.")
    page.get_by_role("button", name="Record as resolved").click()
    page.get_by_text("The objection is recorded as resolved").wait_for()
    assert "Consensus" in page.locator("[data-testid=draft-verdict]").inner_text()
    assert page.locator("[data-testid=sustained]").count() == 0

    page.goto(f"{base}/verdict/")
    assert "Consensus on the whole position" in page.locator(
        "[data-testid=overall-verdict]").inner_text()

    page.goto(f"{base}/dispositions/")
    row = page.locator("tr", has_text="TMI-003")
    row.get_by_label("Disposition").select_option("noted")
    row.get_by_label("Reason").fill("Out of scope for this amendment; kept for the revision.")
    row.get_by_role("button", name="Record").click()
    page.get_by_text("Disposition of TMI-003 recorded").wait_for()
    texts = page.locator("[data-testid=disposition]").all_inner_texts()
    assert len(texts) == 3 and all("none yet" not in t for t in texts)

    page.goto(f"{base}/drafts/")
    page.get_by_role("button", name="Finalize the position").click()
    page.get_by_text("The position is finalized").wait_for()
    page.get_by_role("button", name="Submit to ISO").click()
    page.get_by_text("The position was submitted").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the position (.docx)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    form = read_form(saved)
    assert [(r.id, r.clause) for r in form.rows] == [("TMI-CC001", "5.2.7")]
    assert "ISO 8601-2" in form.rows[0].comment
    sign_out(page)

    sign_in(page, "cy")
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="What became of my comments").click()
    outcome = page.locator("[data-testid=outcome]").inner_text()
    assert "TMI-003" in outcome and "noted" in outcome and "Out of scope" in outcome
