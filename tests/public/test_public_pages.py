"""Public pages: readable without signing in, nothing about non-public projects, feeds linked
from every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from liaison.public import selectors
from liaison.public.services import news_publish

FEED_LINKS = (
    re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/feeds/atom/"'),
    re.compile(r'<link rel="alternate" type="text/calendar"[^>]*href="/feeds/deadlines\.ics"'),
)


def pages(site, news) -> list[str]:
    return [reverse("public:home"), reverse("public:project", args=[site.public.pk]),
            reverse("public:news"), reverse("public:news_item", args=[news.pk]),
            reverse("public:outreach"), reverse("public:deadlines")]


def test_every_public_page_is_anonymous_and_links_both_feeds(client, org, site):
    news = news_publish(actor=None, liaison_org=org, title="Kick-off", body="We begin.",
                        project=site.public)
    for url in pages(site, news):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for pattern in FEED_LINKS:
            assert pattern.search(html), f"{url} lacks {pattern.pattern}"


def test_project_page_shows_documents_consultations_and_deadlines(client, site):
    html = client.get(reverse("public:project", args=[site.public.pk])).content.decode()
    assert "ISO/TC 46/SC 4 N 2260" in html and "https://example.org/n2260.pdf" in html
    assert "Comments on the DIS" in html and "2031-03-15" in html
    assert "DIS ballot" in html
    assert "Draft call not yet open" not in html  # drafts stay private


def test_a_project_that_is_not_public_is_not_found(client, site):
    assert client.get(reverse("public:project", args=[site.private.pk])).status_code == 404
    for url in (reverse("public:home"), reverse("public:deadlines"), reverse("public:outreach")):
        html = client.get(url).content.decode()
        assert "ISO/NP 99999" not in html and "Secret" not in html


def test_news_is_public_from_its_publication_time_and_only_for_public_projects(
        client, org, site):
    shown = news_publish(actor=None, liaison_org=org, title="Shown", body="Now.")
    later = news_publish(actor=None, liaison_org=org, title="Scheduled", body="Later.",
                         published_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    hidden = news_publish(actor=None, liaison_org=org, title="Hidden", body="Private.",
                          project=site.private)
    assert list(selectors.published_news()) == [shown]
    assert client.get(reverse("public:news_item", args=[later.pk])).status_code == 404
    assert client.get(reverse("public:news_item", args=[hidden.pk])).status_code == 404


def test_outreach_log_lists_announcements_of_public_projects(client, org, coordinator, site):
    from liaison.notices.audience import Criteria
    from liaison.notices.services import announcement_send
    from liaison.registry.models import InterestCategory
    from liaison.registry.services import stakeholder_create

    category = InterestCategory.objects.get(code="industry")
    stakeholder_create(actor=None, liaison_org=org, name="Reader", email="r@example.org",
                       consent_to_contact=True, categories=[category])
    criteria = Criteria(committee=False, topics=False, required_groups=False,
                        categories=(category.pk,))
    announcement_send(actor=coordinator, project=site.public, criteria=criteria,
                      subject="New DIS out for comment")
    announcement_send(actor=coordinator, project=site.private, criteria=criteria,
                      subject="Confidential announcement")
    html = client.get(reverse("public:outreach")).content.decode()
    assert "New DIS out for comment" in html and "Confidential" not in html
    # Read from the audit trail too (how the log works without the notices app).
    from_audit = selectors._from_audit()
    assert [e.subject for e in from_audit] == ["New DIS out for comment"]
    assert from_audit[0].recipients == 1 and from_audit[0].project == site.public


@pytest.mark.parametrize("role", ["stakeholder", "expert", "committee_member", "appeals_panel"])
def test_only_coordinators_write_news(client_as, org, role):
    from tests.involvement.conftest import changes_nothing

    client = client_as(role)
    with changes_nothing():
        response = client.post(reverse("involvement:news_new"),
                               {"title": "Intrusion", "body": "x",
                                "published_at": "2026-01-01T10:00"})
    assert response.status_code == 403


def test_coordinator_writes_a_news_item_that_appears_publicly(client, coordinator, site):
    client.force_login(coordinator)
    response = client.post(reverse("involvement:news_new"), {
        "title": "DIS ballot opens", "body": "Read the DIS.", "project": site.public.pk,
        "published_at": "2026-01-01T10:00"})
    assert response.status_code == 302
    assert "DIS ballot opens" in client.get(reverse("involvement:news")).content.decode()
    client.logout()
    assert "DIS ballot opens" in client.get(reverse("public:news")).content.decode()
