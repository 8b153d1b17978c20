"""In Chromium, with the keyboard only: after opening each step's first page, nothing but Tab,
Shift+Tab, the arrow keys, Enter, Space and typing — no click, no fill. The coordinator
announces a call for comments (preview, then send); the stakeholder who was told signs in,
writes and submits a comment in the web form; once the comments are consolidated, she states
her position on the draft consensus comment with her argument. Whatever has the focus shows
it (a solid outline from app.css)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.utils import timezone

from liaison.consensus import services as consensus
from liaison.consensus.models import Position
from liaison.consultations import services as consultations
from liaison.consultations.models import Comment, Consultation
from liaison.notices.models import Announcement
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement"
MATCHES = f"""([selector, text]) => {{
  const el = {FOCUSED};
  if (!el || !el.matches(selector)) return false;
  if (!text) return true;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : el.innerText;
  return (label || el.value || "").trim().startsWith(text);
}}"""
OUTLINE = f"""() => {{
  const el = {FOCUSED}, style = getComputedStyle(el);
  return {{visible: el.matches(":focus-visible"), style: style.outlineStyle,
           width: parseFloat(style.outlineWidth)}};
}}"""


def focused_matches(page, selector: str, text: str = "") -> bool:
    return page.evaluate(MATCHES, [selector, text])


def tab_to(page, selector: str, text: str = "", *, limit: int = 60,
           backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector`` (and, when
    given, its label or text starts with ``text``), as a keyboard user moves through a page;
    fail after ``limit`` presses. The element reached must show that it has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if focused_matches(page, selector, text):
            break
        page.keyboard.press(key)
    else:
        raise AssertionError(f"{selector} {text!r} not reached in {limit} presses of {key}")
    assert_focus_visible(page)


def arrow_to(page, selector: str, *, limit: int = 8) -> None:
    """Move inside a radio group with the arrow key (which also selects) until ``selector``."""
    for _ in range(limit):
        if focused_matches(page, selector):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector} not reached in {limit} presses of ArrowDown")


def assert_focus_visible(page) -> None:
    focus = page.evaluate(OUTLINE)
    assert focus["visible"] and focus["style"] == "solid" and focus["width"] >= 2, focus


def sign_in_by_keyboard(page, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={quote(next_url)}")
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(next_url), page.url


def sign_out_by_keyboard(page) -> None:
    tab_to(page, "button", "Sign out")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _world(org, coordinator, make_user):
    sc4 = registry.organization_create(actor=coordinator, liaison_org=org,
                                       name="Technical interoperability",
                                       acronym="ISO/TC 46/SC 4", kind="iso_committee")
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/DIS 15836-2", committee=sc4,
                                      title="Dublin Core — Part 2", stage_code="40.20")
    call = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments on the DIS",
        instructions="One row per point, with its clause.",
        deadline=timezone.now() + dt.timedelta(days=14))
    sofia = registry.stakeholder_create(
        actor=coordinator, liaison_org=org, name="Sofia Marquez", email="sofia@example.org",
        consent_to_contact=True, user=make_user(Role.STAKEHOLDER, username="sofia"),
        categories=[InterestCategory.objects.get(code="academic")])
    registry.subscription_add(actor=coordinator, stakeholder=sofia, organization=sc4)
    return call, sofia


def test_announce_comment_and_state_a_position_with_the_keyboard_only(page, org, coordinator,
                                                                      make_user):
    call, sofia = _world(org, coordinator, make_user)

    # 1. The coordinator previews who will be told, then opens the call and sends it.
    announce = f"/notices/announce/consultation/{call.pk}/"
    sign_in_by_keyboard(page, coordinator.username, announce)
    tab_to(page, "button", "Preview the recipients")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Sofia Marquez" in page.get_by_test_id("audience").inner_text()
    tab_to(page, "button", "Open the consultation and send")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Queued for 1 stakeholder: told in the app now" in page.locator(".messages").inner_text()
    call.refresh_from_db()
    assert call.state == "open"
    told = Announcement.objects.get(consultation=call)
    assert set(told.notices.values_list("stakeholder__name", flat=True)) == {"Sofia Marquez"}
    sign_out_by_keyboard(page)

    # 2. Sofia writes a technical comment on clause 5.2.7 and submits it.
    sign_in_by_keyboard(page, "sofia", f"/consultations/{call.pk}/comments/new/")
    tab_to(page, "input[name=clause]")
    page.keyboard.type("5.2.7")
    tab_to(page, "select[name=type]")
    page.keyboard.type("technical")  # a closed select picks the option typed
    tab_to(page, "textarea[name=comment]")
    page.keyboard.type("Approximate dates such as circa 1850 need ISO 8601-2.")
    tab_to(page, "textarea[name=proposed_change]")
    page.keyboard.type("Cite ISO 8601-2 (EDTF) in the usage note.")
    tab_to(page, "button", "Submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Comment saved" in page.locator(".messages").inner_text()
    comment = Comment.objects.get(consultation=call, author=sofia)
    assert (comment.status, comment.clause, comment.type) == ("submitted", "5.2.7", "te")
    assert comment.comment.startswith("Approximate dates")

    # The call closes; the coordinator drafts a consensus comment from Sofia's (services).
    now = timezone.now()
    Consultation.objects.filter(pk=call.pk).update(opens_at=now - dt.timedelta(days=20),
                                                   deadline=now - dt.timedelta(minutes=1))
    consensus.consolidation_start(actor=coordinator, consultation=call)
    draft = consensus.draft_create(actor=coordinator, consultation=call, comments=[comment])

    # 3. Sofia opposes the draft, with her argument.
    page.goto(f"/consensus/{call.pk}/drafts/{draft.pk}/")
    tab_to(page, "input[type=radio][name=value]")
    arrow_to(page, f"input[type=radio][value='{Position.Value.OPPOSE.value}']")
    assert_focus_visible(page)
    tab_to(page, "textarea[name=argument]")
    page.keyboard.type("The draft drops the proposed change on EDTF profiles.")
    tab_to(page, "button", "State my position")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Your position on {draft.reference} is recorded" in page.locator(
        ".messages").inner_text()
    position = Position.objects.get(draft=draft, user__username="sofia")
    assert position.value == Position.Value.OPPOSE
    assert position.argument == "The draft drops the proposed change on EDTF profiles."
