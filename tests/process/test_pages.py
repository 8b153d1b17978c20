"""Public pages: anyone reads the process in force, its versions and what changed; staff
alone draft and publish; drafts stay private."""

import pytest
from django.urls import reverse

from liaison.registry.models import Role
from tests.snapshots import row_counts


def test_the_process_in_force_is_public(client, v2):
    response = client.get(reverse("process:current", args=["tmi"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "version 2" in page and "in force" in page
    assert "3/4 (75.0%)" not in page  # a whole percentage shows as such
    assert "75%" in page and "1/3 (33.3%)" in page
    assert "<li>by committee</li>" in page  # the Markdown-ish list is rendered
    assert "Longer appeal window; m lowered to 2." in page


def test_the_index_lists_organizations_that_published(client, v1, other_org):
    page = client.get(reverse("process:index")).content.decode()
    assert "Test Metadata Initiative" in page and "Other Standards Forum" not in page


def test_before_any_publication_there_is_no_public_process(client, org):
    assert client.get(reverse("process:current", args=["tmi"])).status_code == 404


def test_the_list_of_versions_shows_dates_and_change_notes(client, v2):
    page = client.get(reverse("process:versions", args=["tmi"])).content.decode()
    assert "2026-01-10" in page and "2026-03-01" in page
    assert "First version." in page and "Longer appeal window" in page


def test_the_diff_page_shows_what_changed_between_two_versions(client, v2):
    response = client.get(reverse("process:compare", args=["tmi"]), {"old": 1, "new": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>14</del><ins>21</ins>" in page
    assert "<del>3</del>" in page and "<ins>2</ins>" in page  # m
    assert "<del>2/3 (66.7%)</del>" in page and "<ins>75%</ins>" in page
    assert page.count('data-testid="section-diff"') == 1  # only the appeals section changed


def test_the_diff_defaults_to_the_last_two_versions(client, v2):
    page = client.get(reverse("process:compare", args=["tmi"])).content.decode()
    assert "Version 2 compared with version 1" in page


def test_a_draft_is_hidden_from_the_public_but_visible_to_staff(client, coordinator,
                                                                 v2_draft):
    url = reverse("process:version", args=["tmi", 2])
    assert client.get(url).status_code == 404
    assert client.get(reverse("process:pdf", args=["tmi", 2])).status_code == 404
    assert client.get(reverse("process:compare", args=["tmi"]),
                      {"old": 1, "new": 2}).status_code == 400
    client.force_login(coordinator)
    assert "draft, not in force" in client.get(url).content.decode()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER])
def test_only_staff_draft_or_publish(client_as, role, v2_draft):
    client = client_as(role)
    before = row_counts()
    assert client.get(reverse("process:manage")).status_code == 403
    assert client.post(reverse("process:edit"), {"scope": "x"}).status_code == 403
    assert client.post(reverse("process:publish"), {"change_note": "x"}).status_code == 403
    assert row_counts() == before


def test_anonymous_visitors_are_sent_to_sign_in_for_the_staff_pages(client, v1):
    response = client.get(reverse("process:manage"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_staff_page_lists_every_version_with_the_draft(client, coordinator, v2_draft):
    client.force_login(coordinator)
    page = client.get(reverse("process:manage")).content.decode()
    assert "Edit draft version 2" in page and "Publish version 2" in page
    assert "Version 1 is in force." in page
