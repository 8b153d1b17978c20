"""Projects: create and edit through pages, bad input rejected, coverage of required groups."""

import pytest
from django.urls import reverse

from liaison.projects import services
from liaison.projects.models import Ballot, Project
from liaison.projects.selectors import coverage
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory
from tests.snapshots import row_counts


@pytest.fixture
def categories(db):
    return {c.code: c for c in InterestCategory.objects.all()}


@pytest.fixture
def project(org, coordinator, categories):
    project = services.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/DIS 15836-2", title="Dublin Core part 2",
                                      stage_code="40.20")
    services.project_declare_groups(actor=coordinator, project=project,
                                    supporting=[categories["academic"]],
                                    required=[categories["industry"], categories["consumers"]])
    return project


def project_form(**overrides):
    data = {"reference": "ISO/NP 12345", "title": "Metadata application profiles",
            "stage_code": "10.99"}
    data.update(overrides)
    return data


def test_coordinator_creates_a_project_and_sees_its_stage_name(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("projects:new"), project_form())
    project = Project.objects.get()
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    page = client.get(response["Location"]).content.decode()
    assert "10.99 New project approved" in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"stage_code": "41.00"}, "Select a valid choice. 41.00 is not one of the available"),
    ({"reference": "Dublin Core 2"}, "is not an ISO project reference"),
    ({"title": ""}, "This field is required."),
])
def test_bad_project_input_is_rejected(client, coordinator, overrides, message):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("projects:new"), project_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before


def test_unknown_stage_code_is_rejected_by_the_service_too(org, coordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"41\.00.* is not a valid choice"):
        services.project_create(actor=coordinator, liaison_org=org, reference="ISO/NP 1",
                                title="x", stage_code="41.00")


def test_duplicate_reference_is_rejected_whatever_its_spacing_or_case(client, coordinator,
                                                                      project):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("projects:new"),
                           project_form(reference="iso/dis  15836-2"))
    assert response.status_code == 400
    assert "A project with this reference already exists." in response.content.decode()
    assert row_counts() == before


def test_same_reference_in_another_organization_is_fine(other_org, project):
    other = services.project_create(actor=None, liaison_org=other_org,
                                    reference="ISO/DIS 15836-2", title="x", stage_code="40.20")
    assert other.pk != project.pk


def test_ballot_that_closes_before_it_opens_is_rejected(client, coordinator, project):
    client.force_login(coordinator)
    response = client.post(reverse("projects:ballot_new", args=[project.pk]), {
        "label": "DIS ballot", "opens_at": "2026-12-01T00:00", "closes_at": "2026-11-30T23:59"})
    assert response.status_code == 400
    assert "A ballot must close after it opens." in response.content.decode()
    assert not Ballot.objects.exists()


def test_ballot_close_is_stored_in_utc_to_the_minute(client, coordinator, project):
    client.force_login(coordinator)
    client.post(reverse("projects:ballot_new", args=[project.pk]), {
        "label": "DIS ballot", "opens_at": "2026-12-01T00:00", "closes_at": "2027-02-23T23:59"})
    closes = Ballot.objects.get().closes_at
    # The organization works in Europe/Paris (UTC+1 in February).
    assert closes.isoformat() == "2027-02-23T22:59:00+00:00"


def test_coverage_shows_which_required_groups_have_engaged_stakeholders(org, coordinator,
                                                                        project, categories):
    acme = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Acme",
                                       email="acme@example.org",
                                       categories=[categories["industry"]])
    shy = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Shy consumer",
                                      email="c@example.org", categories=[categories["consumers"]])
    sc4 = registry.organization_create(actor=coordinator, liaison_org=org, name="SC 4")
    services.project_update(actor=coordinator, project=project, committee=sc4)
    registry.subscription_add(actor=coordinator, stakeholder=shy, organization=sc4)
    services.engagement_record(actor=coordinator, project=project, stakeholder=acme,
                               level="participating")
    services.engagement_record(actor=coordinator, project=project, stakeholder=shy,
                               level="informed")
    result = {g.category.code: g for g in coverage(project).groups}
    assert result["industry"].covered and [s.name for s in result["industry"].engaged] == ["Acme"]
    assert not result["consumers"].covered  # informed is not engaged
    assert result["consumers"].potential == 1  # follows the committee
    assert result["industry"].potential == 0  # engaged, but follows nothing
    assert [g.category.code for g in coverage(project).uncovered_required] == ["consumers"]
    assert result["academic"].supporting and not result["academic"].required


def test_engagement_is_never_lowered(org, coordinator, project, categories):
    acme = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Acme",
                                       email="acme@example.org",
                                       categories=[categories["industry"]])
    services.engagement_record(actor=coordinator, project=project, stakeholder=acme,
                               level="participating")
    engagement = services.engagement_record(actor=coordinator, project=project, stakeholder=acme,
                                            level="informed")
    assert engagement.level == "participating"


def test_stakeholder_can_read_projects_but_not_edit_them(client_as, project):
    client = client_as("stakeholder")
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    before = row_counts()
    assert client.post(reverse("projects:edit", args=[project.pk]),
                       project_form()).status_code == 403
    assert client.post(reverse("projects:groups", args=[project.pk]), {}).status_code == 403
    assert row_counts() == before


def test_declared_groups_page_replaces_the_declaration(client, coordinator, project, categories):
    client.force_login(coordinator)
    client.post(reverse("projects:groups", args=[project.pk]), {
        "supporting": [categories["ngo"].pk], "required": [categories["labour"].pk]})
    declared = {(d.category.code, d.kind) for d in project.declared_groups.all()}
    assert declared == {("ngo", "supporting"), ("labour", "required")}
