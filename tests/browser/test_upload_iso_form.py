"""In Chromium: a stakeholder uploads a filled ISO comment template (.docx) and sees its rows;
the coordinator downloads the consultation's comments as the ISO .docx, which reads back."""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.consultations import services
from liaison.core.isoform import CommentForm, CommentRow, read_form, write_form
from liaison.core.isoform.docx import template_bytes
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.builders import TRIAL
from tests.conftest import PASSWORD, SHARED_DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    CommentRow(mb="TMI", line="412", clause="5.2.7", element="Usage note", type="te",
               comment="ISO 8601-1 cannot express approximate dates such as circa 1850.",
               proposed_change="Recommend the EDTF profile of ISO 8601-2."),
    CommentRow(mb="TMI", line="702", clause="5.2.20", type="ed",
               comment="Language codes: RDF literals use BCP 47 tags.",
               proposed_change="Replace ISO 639-2 by BCP 47."),
]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_stakeholder_uploads_the_iso_template_and_coordinator_downloads_it(
        page, org, coordinator, make_user, tmp_path):
    real_blank = SHARED_DATA / "iso-comment-template" / "iso_comment_template_2012-03.docx"
    if real_blank.exists():  # the writer fills the real blank template, packaged unchanged
        assert template_bytes() == real_blank.read_bytes()
    stakeholder = make_user(Role.STAKEHOLDER, username="sofia")
    registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Sofia Marquez",
                                email="sofia@example.org", user=stakeholder)
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
        title="Dublin Core — Part 2", stage_code="40.20")
    consultation = services.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=services.consultation_create(
            actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
            deadline=timezone.now() + dt.timedelta(days=14)))
    filled = tmp_path / "sofia-comments.docx"
    filled.write_bytes(write_form(CommentForm(date="2026-11-24", document="N 2260",
                                              project="ISO/DIS 15836-2", rows=ROWS), "docx"))

    sign_in(page, "sofia")
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Upload an ISO comment form").click()
    page.get_by_label("Comment form (.docx, .xlsx or .csv)").set_input_files(str(filled))
    page.get_by_label("Submit the comments now").check()
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The form was accepted").wait_for()
    own = page.locator("[data-testid=own-comments] tbody tr")
    assert own.count() == 2
    assert "approximate dates such as circa 1850" in own.nth(0).inner_text()
    assert "5.2.20" in own.nth(1).inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, coordinator.username)
    page.goto(f"/consultations/{consultation.pk}/")
    rows = page.locator("[data-testid=submitted-comments] tbody tr")
    assert rows.count() == 2 and "Sofia Marquez" in rows.nth(0).inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the ISO form (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    form = read_form(saved)
    assert [(r.clause, r.type, r.comment) for r in form.rows] == [
        (r.clause, r.type, r.comment) for r in ROWS]
    assert [r.id for r in form.rows] == ["TMI-001", "TMI-002"]
    assert form.project.startswith("ISO/DIS 15836-2")
