"""In Chromium: axe-core (npm registry, pinned in package-lock.json) checks every main page
against WCAG 2.1 A and AA. A page passes when axe finds no violation of serious or critical
impact; lesser findings are printed so that they stay visible.

The pages are those of the demonstration organization (``liaison demo``) plus what the demo
lacks — a second call for comments, an interest survey and its decision, a consolidation with
a draft and positions, an appeal, a committee and its meeting — built through the services.
The world is built and every page audited once per module (the demo takes seconds to load);
each page is then its own test, so a failure names the page.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from benchmarks.draftgen import pdf_bytes
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from liaison.appeals import services as appeals
from liaison.committees import services as committees
from liaison.consensus import evaluation
from liaison.consensus import services as consensus
from liaison.consensus.models import Position
from liaison.consultations import services as consultations
from liaison.consultations.models import Comment, Consultation
from liaison.involvement import services as involvement
from liaison.process.models import ProcessVersion
from liaison.projects.models import Project
from liaison.registry.models import LiaisonOrganization, Membership
from tests.builders import TRIAL
from tests.core.test_draftdoc import tiny_draft

pytestmark = [pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "liaison-demo-2026"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe's advice beyond WCAG (landmarks, heading order, …): reported, never failing a page.
ADVICE_TAGS = ["best-practice"]
BLOCKING = {"serious", "critical"}

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                              summary: n.failureSummary}))}));
}"""


@dataclass
class Visit:
    """A page to audit: who looks at it, where, and which button they press first (if any:
    a preview, or a form sent empty to see its error messages)."""

    name: str
    user: str | None
    url: str
    press: str = ""


@dataclass
class Audit:
    url: str = ""
    violations: list[dict] = field(default_factory=list)
    error: str = ""
    #: window width → (the page's scrollWidth, the window's innerWidth) at that width
    widths: dict[int, tuple[int, int]] = field(default_factory=dict)


#: a laptop (1280 × 800) and a phone (390 × 844, an iPhone 12–15)
WINDOWS = [(1280, 800), (390, 844)]
WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def widths(page) -> dict[int, tuple[int, int]]:
    """How wide the page is in each window of :data:`WINDOWS` (the default size restored)."""
    found = {}
    default = page.viewport_size
    for w, h in WINDOWS:
        page.set_viewport_size({"width": w, "height": h})
        found[w] = tuple(page.evaluate(WIDTH))
    page.set_viewport_size(default)
    return found


def require_axe() -> Path:
    """axe-core's script; its absence skips the checks, or fails them in CI
    (``LIAISON_REQUIRE_BROWSER=1``), like a missing Chromium."""
    if not AXE.is_file():
        message = f"axe-core not installed at {AXE} (run `npm ci` at the repository root)"
        if os.environ.get("LIAISON_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def build_world() -> list[Visit]:
    """Load the demo and add what it lacks; answer the pages to audit."""
    call_command("demo", stdout=io.StringIO())
    org = LiaisonOrganization.objects.get(slug="dcmi")
    users = _users(org)
    coordinator, sofia = users["coordinator"], users["stakeholder"]
    now = timezone.now()
    dis = Project.objects.get(liaison_org=org, reference="ISO/DIS 15836-2")
    np_ = Project.objects.get(liaison_org=org, reference="ISO/NP 18735")
    cd = Project.objects.get(liaison_org=org, reference="ISO/CD 23081-4")

    # A call for comments on the NP, announced here (draft) and open for comments there.
    to_announce = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=np_, title="Comments on ISO/NP 18735",
        instructions="Comment on the draft scope.", deadline=now + dt.timedelta(days=14))
    open_call = consultations.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=np_, title="Early comments on the NP",
            deadline=now + dt.timedelta(days=14)))
    # Its draft, attached: the outline a stakeholder comments from (issue 18).
    draft_doc = consultations.draft_attach(actor=coordinator, consultation=open_call,
                                           data=pdf_bytes(tiny_draft()), filename="np.pdf")

    # An interest survey on the CD, its decision, and Sofia's appeal against that decision.
    survey = consultations.consultation_open(
        without_notice_reason=TRIAL,
        actor=coordinator, consultation=consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=cd, kind=Consultation.Kind.SURVEY,
            title="Interest in ISO/CD 23081-4", deadline=now + dt.timedelta(days=10)))
    decision = involvement.decision_record(actor=coordinator, project=cd, consultation=survey,
                                           level="observe", rationale="Little interest so far.")
    appeal = appeals.appeal_file(actor=sofia, subject=decision,
                                 summary="The survey was too short to be fair.",
                                 grounds="Members were told two days before it closed.")

    # The demo consultation closes; its two comments on 5.2.7 become a draft with positions.
    demo = Consultation.objects.get(liaison_org=org, project=dis, kind=Consultation.Kind.COMMENTS)
    Consultation.objects.filter(pk=demo.pk).update(opens_at=now - dt.timedelta(days=20),
                                                   deadline=now - dt.timedelta(minutes=1))
    consensus.consolidation_start(actor=coordinator, consultation=demo)
    sources = list(Comment.objects.filter(consultation=demo, clause="5.2.7"))
    draft = consensus.draft_create(actor=coordinator, consultation=demo, comments=sources)
    consensus.position_state(actor=users["expert"], draft=draft, value=Position.Value.SUPPORT)
    consensus.position_state(actor=users["committee"], draft=draft,
                             value=Position.Value.FUNDAMENTAL_OBJECTION,
                             argument="EDTF is unknown to most catalogue users.")

    # The internal mirror committee and its next meeting.
    committee = committees.committee_create(actor=coordinator, liaison_org=org,
                                            name="Metadata mirror committee", acronym="MMC")
    committees.member_add(actor=coordinator, committee=committee, role="chair",
                          user=users["committee"], term_start=dt.date(2025, 1, 1))
    starts = (now + dt.timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = committees.meeting_schedule(
        actor=coordinator, committee=committee, title="Comments on ISO/DIS 15836-2",
        kind="teleconference", starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
        dial_in="https://meet.example.org/mmc", agenda=["Welcome", "Draft consensus comments"])

    process = ProcessVersion.objects.filter(liaison_org=org).order_by("number").first()
    c = "coordinator"
    return [
        Visit("public home", None, "/"),
        Visit("public project page", None, f"/project/{dis.pk}/"),
        Visit("sign-in", None, "/accounts/login/"),
        Visit("sign-in with errors", None, "/accounts/login/", press="Sign in"),
        Visit("published process", None, f"/process/{org.slug}/"),
        Visit("process version", None, f"/process/{org.slug}/v{process.number}/"),
        Visit("appeal outcomes", None, "/appeals/outcomes/"),
        Visit("coordinator home", c, "/"),
        Visit("organizations", c, "/registry/organizations/"),
        Visit("stakeholders", c, "/registry/stakeholders/"),
        Visit("projects", c, "/projects/"),
        Visit("project detail with coverage", c, f"/projects/{dis.pk}/"),
        Visit("consultations", c, "/consultations/"),
        Visit("consultation detail", c, f"/consultations/{open_call.pk}/"),
        Visit("announce preview", c, f"/notices/announce/consultation/{to_announce.pk}/",
              press="Preview the recipients"),
        Visit("announcements", c, "/notices/"),
        Visit("equal-access report", c, f"/notices/consultations/{demo.pk}/report/"),
        Visit("survey results", c, f"/involvement/survey/{survey.pk}/results/"),
        Visit("consolidation", c, f"/consensus/{demo.pk}/"),
        Visit("drafts", c, f"/consensus/{demo.pk}/drafts/"),
        Visit("draft with positions and verdict", c,
              f"/consensus/{demo.pk}/drafts/{draft.pk}/"),
        Visit("verdict", c, f"/consensus/{demo.pk}/verdict/"),
        Visit("dispositions", c, f"/consensus/{demo.pk}/dispositions/"),
        Visit("appeals", c, "/appeals/"),
        Visit("an appeal", c, f"/appeals/{appeal.pk}/"),
        Visit("committees", c, "/committees/"),
        Visit("a committee", c, f"/committees/{committee.pk}/"),
        Visit("a meeting", c, f"/committees/meetings/{meeting.pk}/"),
        Visit("process management", c, "/process/manage/"),
        Visit("self-assessment", c, "/metrics/"),
        Visit("audit trail", c, "/audit/"),
        Visit("evidence packs", c, "/audit/packs/"),
        Visit("stakeholder home", "stakeholder", "/"),
        Visit("comment form", "stakeholder", f"/consultations/{open_call.pk}/comments/new/"),
        Visit("draft outline", "stakeholder", f"/consultations/{open_call.pk}/draft/"),
        Visit("comment form on a passage", "stakeholder",
              f"/consultations/{open_call.pk}/comments/new/?draft={draft_doc.pk}&clause=1"
              "&index=0"),
        Visit("attach the draft with errors", c,
              f"/consultations/{open_call.pk}/draft/attach/", press="Attach"),
        Visit("comment form with errors", "stakeholder",
              f"/consultations/{open_call.pk}/comments/new/", press="Submit"),
        Visit("involvement survey", "stakeholder", f"/involvement/survey/{survey.pk}/"),
        Visit("involvement survey with errors", "stakeholder",
              f"/involvement/survey/{survey.pk}/", press="Send my answer"),
        Visit("stating a position", "stakeholder",
              f"/consensus/{demo.pk}/drafts/{draft.pk}/"),
        Visit("stating a position with errors", "stakeholder",
              f"/consensus/{demo.pk}/drafts/{draft.pk}/", press="State my position"),
        Visit("my consultations", "stakeholder", "/accounts/consultations/"),
        Visit("my profile", "stakeholder", "/accounts/profile/"),
        Visit("my notices", "stakeholder", "/notices/inbox/"),
        Visit("my appeal", "stakeholder", f"/appeals/{appeal.pk}/"),
    ]


def _users(org) -> dict:
    return {m.user.username: m.user
            for m in Membership.objects.filter(liaison_org=org).select_related("user")}


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def audit(page, visit: Visit, axe: Path) -> Audit:
    response = page.goto(visit.url)
    if response is None or response.status >= 400:
        return Audit(url=visit.url, error=f"{visit.url} answered "
                                          f"{response.status if response else 'nothing'}")
    if visit.press:
        with page.expect_navigation():
            page.get_by_role("button", name=visit.press, exact=True).click()
    page.add_script_tag(path=str(axe))
    return Audit(url=page.url, violations=page.evaluate(AXE_RUN, WCAG_TAGS + ADVICE_TAGS),
                 widths=widths(page))


@pytest.fixture(scope="module")
def audits(browser, django_db_setup, django_db_blocker, live_server) -> dict[str, Audit]:
    """Every page's axe findings, keyed by the page's name (built once for the module; the
    database is emptied afterwards, as after any transactional test)."""
    axe = require_axe()
    results: dict[str, Audit] = {}
    with django_db_blocker.unblock():
        live_server._live_server_modified_settings.enable()
        evaluation.forget()
        try:
            visits = build_world()
            # The Content-Security-Policy admits only the app's own scripts: the test
            # context bypasses it to inject axe (the app's pages are not changed).
            context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                          timezone_id="Europe/Paris", bypass_csp=True)
            context.set_default_timeout(15000)
            try:
                for user in dict.fromkeys(v.user for v in visits):
                    context.clear_cookies()
                    page = context.new_page()
                    if user:
                        sign_in(page, user)
                    for visit in (v for v in visits if v.user == user):
                        try:
                            results[visit.name] = audit(page, visit, axe)
                        except Exception as exc:  # reported by that page's own test
                            results[visit.name] = Audit(url=visit.url, error=repr(exc))
                    page.close()
            finally:
                context.close()
        finally:
            live_server._live_server_modified_settings.disable()
            evaluation.forget()
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)
    return results


PAGES = [
    "public home", "public project page", "sign-in", "sign-in with errors", "published process",
    "process version", "appeal outcomes", "coordinator home", "organizations", "stakeholders",
    "projects", "project detail with coverage", "consultations", "consultation detail",
    "announce preview", "announcements", "equal-access report", "survey results",
    "consolidation", "drafts", "draft with positions and verdict", "verdict", "dispositions",
    "appeals", "an appeal", "committees", "a committee", "a meeting", "process management",
    "self-assessment", "audit trail", "evidence packs", "stakeholder home", "comment form",
    "comment form with errors", "draft outline", "comment form on a passage",
    "attach the draft with errors", "involvement survey", "involvement survey with errors",
    "stating a position",
    "stating a position with errors", "my consultations", "my profile", "my notices", "my appeal",
]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"      {node['target']}  {node['html']}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_serious_or_critical_accessibility_violation(audits, name):
    result = audits[name]
    assert not result.error, result.error
    minor = [v for v in result.violations if v["impact"] not in BLOCKING]
    if minor:
        print(f"{name} ({result.url}): lesser findings\n{_describe(minor)}")
    blocking = [v for v in result.violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name} ({result.url}):\n{_describe(blocking)}"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_the_window_on_a_laptop_and_on_a_phone(audits, name):
    """No sideways scrolling of the whole page at 1280 px or at 390 px: wide tables scroll
    inside their own box, the menu folds into groups, long words wrap."""
    result = audits[name]
    assert not result.error, result.error
    too_wide = {w: sw for w, (sw, inner) in result.widths.items() if sw > inner}
    assert not too_wide, f"{name} ({result.url}) is wider than the window: " + ", ".join(
        f"{sw} px in a {w} px window" for w, sw in too_wide.items())


def test_the_check_finds_a_violation_planted_in_a_page(browser, live_server):
    """The checks above can fail: an unlabelled field and an image without text are found."""
    axe = require_axe()
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("main").evaluate(
            "main => main.insertAdjacentHTML('beforeend', '<input type=text><img src=data:,>')")
        page.add_script_tag(path=str(axe))
        found = {v["id"]: v["impact"] for v in page.evaluate(AXE_RUN, WCAG_TAGS)}
    finally:
        context.close()
    assert found.get("label") == "critical" and found.get("image-alt") == "critical", found
