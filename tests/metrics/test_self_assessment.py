"""The self-assessment figures on a small hand-built data set (tests/metrics/world.py), the
page, process reviews and permissions."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.metrics import selectors
from liaison.metrics.models import ProcessReview
from liaison.process import services as process_services
from liaison.registry.models import LiaisonOrganization, Role
from tests.metrics.world import build
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, coordinator, make_user, smtp_server):
    return build(org, coordinator, make_user)


def test_time_from_approval_to_first_notice(world):
    times = {t.label: t for t in selectors.lead_times(world.org)}
    assert set(times) == {"ISO/DIS 15836-2", "ISO/NP 18735"}  # R has no approval date
    assert (times["ISO/DIS 15836-2"].days, times["ISO/DIS 15836-2"].waiting) == (30, False)
    assert times["ISO/DIS 15836-2"].first_notice_on == timezone.now().astimezone(dt.UTC).date()
    assert (times["ISO/NP 18735"].days, times["ISO/NP 18735"].waiting) == (10, True)


def test_response_rate_by_interest_category(world):
    rates = selectors.response_rates(world.consultation)
    assert rates.basis == "told"
    assert (rates.overall.told, rates.overall.responded, rates.overall.share) == (4, 2, 0.5)
    by = {r.category: (r.told, r.responded, r.share) for r in rates.categories}
    assert by == {"industry": (3, 2, 0.6667), "consumers": (1, 0, 0.0),
                  "academic": (1, 1, 1.0)}


def test_balance_against_required_groups(world):
    item = next(b for b in selectors.balances(world.org) if b.project == world.project)
    b = item.balance
    assert b.participants == 3  # ann and dan commented, cat took positions; bob did nothing
    assert [(g.category, g.required, g.participants) for g in b.groups] == [
        ("industry", True, 2), ("consumers", True, 1), ("academic", False, 1)]
    assert (b.required, b.required_covered, b.coverage) == (2, 2, 1.0)


def test_dispositions_and_consensus_shares(world):
    [(c, disposed)] = selectors.disposition_shares(world.org)
    assert (c, disposed.part, disposed.whole, disposed.share) == (
        world.consultation, 2, 3, 0.6667)
    [(c, agreed, overall)] = selectors.consensus_shares(world.org)
    assert (agreed.part, agreed.whole, agreed.share, overall) == (1, 2, 0.5, False)


def test_the_page_shows_every_chart_with_its_table(world, client):
    client.force_login(world.coordinator)
    response = client.get("/metrics/")
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<title id="[^"]+-t">([^<]+)</title>', html)
    assert "Days from ISO approval to the first notice, by project" in titles
    assert "Response rate by interest category: Comments on the DIS" in titles
    assert "Share of comments with a disposition, per consultation" in titles
    assert "Share of drafts with consensus, per consultation" in titles
    assert any(t.startswith("Participants by interest category") for t in titles)
    assert any(t.startswith("Appeals") for t in titles)
    assert html.count("<svg") == html.count('class="compact chart-table"')
    assert "66.67 %" in html and "2 / 3" in html  # dispositions, in the chart and the table
    assert "30 days" in html and "10 days so far" in html
    assert "style=" not in html and "<script>" not in html


def test_process_review_linked_to_the_version_it_led_to(world, client):
    org, coordinator = world.org, world.coordinator
    draft = process_services.process_draft_save(actor=coordinator, liaison_org=org,
                                                title="How we work", scope="All projects.")
    version = process_services.process_publish(actor=coordinator, version=draft,
                                               change_note="m lowered to 2")
    client.force_login(coordinator)
    response = client.post("/metrics/reviews/new/", {
        "held_on": "2026-01-15", "title": "Annual review 2025",
        "reviewers": "Claire Dubois\nKofi Mensah", "findings": "Consumers are rarely heard.",
        "improvements": "Lower m to 2.", "led_to": [version.pk]})
    assert response.status_code == 302
    review = ProcessReview.objects.get()
    assert list(review.led_to.all()) == [version]
    assert review.reviewer_names == ["Claire Dubois", "Kofi Mensah"]
    assert AuditEvent.objects.filter(verb="process_review.create",
                                     object_id=str(review.pk)).exists()
    page = client.get("/metrics/").content.decode()
    assert "Annual review 2025" in page and f"v{version.number}" in page
    detail = client.get(f"/metrics/reviews/{review.pk}/").content.decode()
    assert "Consumers are rarely heard." in detail and "Kofi Mensah" in detail
    # edit: audited change
    response = client.post(f"/metrics/reviews/{review.pk}/edit/", {
        "held_on": "2026-01-16", "title": "Annual review 2025",
        "reviewers": "Claire Dubois", "findings": "Consumers are rarely heard.",
        "improvements": "", "led_to": [version.pk]})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="process_review.update").exists()


def test_a_review_needs_a_reviewer_and_refuses_another_organizations_version(
        world, client, other_org):
    other = process_services.process_publish(
        actor=None, version=process_services.process_draft_save(
            actor=None, liaison_org=other_org, title="Theirs"), change_note="first")
    client.force_login(world.coordinator)
    before = row_counts()
    response = client.post("/metrics/reviews/new/", {
        "held_on": "2026-01-15", "title": "Review", "reviewers": "  \n ",
        "findings": "x", "led_to": [other.pk]})
    assert response.status_code == 400
    assert row_counts() == before


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.EXPERT])
def test_roles_without_the_action_get_403_and_nothing_changes(world, client, make_user, role):
    client.force_login(make_user(role, username=f"x-{role}"))
    before = row_counts()
    assert client.get("/metrics/").status_code == 403
    assert client.post("/metrics/reviews/new/", {
        "held_on": "2026-01-15", "title": "Review", "reviewers": "Me",
        "findings": "x"}).status_code == 403
    assert row_counts() == before


def test_committee_members_read_but_do_not_record_reviews(world, client, make_user):
    client.force_login(make_user(Role.COMMITTEE_MEMBER, username="kofi"))
    assert client.get("/metrics/").status_code == 200
    before = row_counts()
    assert client.post("/metrics/reviews/new/", {
        "held_on": "2026-01-15", "title": "Review", "reviewers": "Me",
        "findings": "x"}).status_code == 403
    assert row_counts() == before


def test_another_organizations_review_is_404(world, client, other_org):
    review = ProcessReview.objects.create(liaison_org=other_org, held_on=dt.date(2026, 1, 1),
                                          title="Theirs", reviewers="X", findings="y")
    client.force_login(world.coordinator)
    assert client.get(f"/metrics/reviews/{review.pk}/").status_code == 404


def test_the_page_renders_its_charts_for_the_demo_data(client):
    call_command("demo", stdout=io.StringIO())
    org = LiaisonOrganization.objects.get(slug="dcmi")
    client.force_login(get_user_model().objects.get(username="coordinator"))
    response = client.get("/metrics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 8
    assert len(re.findall(r"<title id=", html)) == html.count("<svg")
    assert len(re.findall(r"<desc id=", html)) == html.count("<svg")
    # the demo's three projects all have an approval date; none was announced yet
    assert len(selectors.lead_times(org)) == 3
    assert "DCMI comments on ISO/DIS 15836-2" in html
