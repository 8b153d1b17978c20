"""In Chromium, on the real comments of the WG21 C++0x CD1 ballot (shared data): a coordinator
starts consolidation, drafts every redundancy cluster in one step, compares a pair the
analysis says to resolve together side by side and reconciles it in one draft, gives every
other comment a disposition in one bulk step, and finalizes — in fewer than 30 actions
(every page visit, click, choice, typed field and form submission counts one).

The analysis finds no contradictory pair in this ballot (``liaison.core.contradiction``), so
the pair reconciled is the first of its "related" pairs. The stakeholders' positions on the
drafts are theirs, not the coordinator's: they are stated through the services (as the
comments are imported through the CLI) to keep the test fast."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from liaison.consensus import services
from liaison.consensus.models import Analysis, Disposition, Draft
from liaison.consultations import services as consultation_services
from liaison.consultations.models import Comment, Consultation
from liaison.consultations.states import State
from liaison.projects import services as project_services
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role
from tests.browser.test_consensus_workflow import sign_in
from tests.builders import TRIAL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BALLOT = "nb_comments_flat_cxx0x_cd1_N2800.csv"


class Actions:
    """Counts what the coordinator does: each call is one action."""

    def __init__(self, page) -> None:
        self.page, self.n = page, 0

    def __call__(self, action):
        self.n += 1
        return action


def _ballot(org, coordinator, make_user, shared_data):
    cats = ensure_iso_categories()
    people = []
    for name, code in (("ana", "industry"), ("ben", "consumers"), ("cy", "academic")):
        user = make_user(Role.STAKEHOLDER, username=name)
        registry.stakeholder_create(actor=coordinator, liaison_org=org, name=name.title(),
                                    email=f"{name}@example.org", user=user,
                                    categories=[cats[code]])
        people.append(user)
    project = project_services.project_create(
        actor=coordinator, liaison_org=org, reference="ISO/CD 14882",
        title="Programming languages — C++", stage_code="30.20")
    consultation = consultation_services.consultation_open(
        without_notice_reason=TRIAL, actor=coordinator,
        consultation=consultation_services.consultation_create(
            actor=coordinator, liaison_org=org, project=project, title="C++0x CD1",
            deadline=timezone.now() + dt.timedelta(days=14)))
    call_command("comments", "import", str(shared_data / "cpp-nb-comments-wg21" / BALLOT),
                 "--consultation", str(consultation.pk))
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    return consultation, people


def test_a_coordinator_disposes_of_a_real_ballot_in_few_actions(
        page, org, coordinator, make_user, shared_data):
    consultation, people = _ballot(org, coordinator, make_user, shared_data)
    n_comments = Comment.objects.filter(consultation=consultation).count()
    assert n_comments > 200
    act = Actions(page)

    sign_in(page, coordinator.username)
    act.n += 4  # the sign-in page, the user name, the password, the button
    act(page.goto(f"/consultations/{consultation.pk}/"))
    act(page.get_by_role("link", name="Consolidation of the comments").click())
    act(page.get_by_role("button", name="Start consolidation").click())
    page.get_by_text("Consolidation has started").wait_for()
    stored = Analysis.objects.get(consultation=consultation)
    clusters = [c for c in stored.clusters if c.get("relation", "redundant") == "redundant"]
    related = [c for c in stored.clusters if c.get("relation") == "related"]
    assert len(clusters) > 10 and related

    act(page.get_by_role("button", name="Make a draft of each of").click())
    page.get_by_text(f"{len(clusters)} drafts created, one per cluster.").wait_for()
    assert Draft.objects.filter(consultation=consultation).count() == len(clusters)

    # the first related pair, side by side, reconciled in one draft
    pair = [int(m) for m in related[0]["members"]]
    act(page.locator("[data-testid=related] a", has_text="Compare side by side")
        .first.click())
    assert page.locator("[data-testid=compare] mark").count() > 0  # differences marked
    act(page.get_by_role("button", name="Reconcile them in one draft").click())
    page.get_by_text("Draft").first.wait_for()
    reconciled = Draft.objects.filter(consultation=consultation).order_by("-number").first()
    assert {c.pk for c in reconciled.sources.all()} >= set(pair)

    for draft in Draft.objects.filter(consultation=consultation, status="active"):
        for user in people:  # each stakeholder's own act
            services.position_state(actor=user, draft=draft, value=1)

    act(page.goto(f"/consensus/{consultation.pk}/dispositions/"))
    act(page.get_by_text("Select whole groups found by the analysis").click())
    act(page.get_by_label("comments without a disposition").check())
    act(page.locator("#bulk-kind").select_option("noted"))
    act(page.locator("#bulk-reason").fill(
        "Noted by the liaison; no consensus comment is proposed on it."))
    act(page.get_by_role("button", name="Record for all ticked").click())
    page.get_by_text("Disposition recorded for").wait_for()
    assert Disposition.objects.filter(consultation=consultation).count() == n_comments
    assert not Disposition.objects.filter(consultation=consultation, kind="merged",
                                          draft__isnull=True).exists()

    act(page.goto(f"/consensus/{consultation.pk}/drafts/"))
    act(page.get_by_role("button", name="Finalize the position").click())
    page.get_by_text("The position is finalized").wait_for()
    consultation.refresh_from_db()
    assert consultation.state == State.FINALIZED
    merged = Disposition.objects.filter(consultation=consultation, kind="merged").count()
    assert merged >= sum(len(c["members"]) for c in clusters)
    print(f"\n{n_comments} comments, {len(clusters)} clusters drafted, "
          f"{merged} merged, in {act.n} actions")
    assert act.n < 30
