"""Projects and consultations: every role of the organization reads them; another
organization's are a 404 and never listed."""

from __future__ import annotations

import pytest

from liaison.projects import services as project_services
from liaison.registry.models import InterestCategory, Role

ROLES = list(Role.values)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_projects_and_consultations(api_as, consultation, other_consultation,
                                                    role):
    api = api_as(role)
    projects = api.get("/projects")
    assert projects.status_code == 200
    assert [p["reference"] for p in projects.json()] == ["ISO/DIS 15836-2"]
    consultations = api.get("/consultations")
    assert consultations.status_code == 200
    assert [c["id"] for c in consultations.json()] == [consultation.pk]


def test_project_detail_with_coverage(api_as, project, coordinator, org):
    consumers = InterestCategory.objects.get(code="consumers")
    project_services.project_declare_groups(actor=coordinator, project=project,
                                            supporting=[], required=[consumers])
    body = api_as(Role.EXPERT).get(f"/projects/{project.pk}").json()
    assert body["reference"] == "ISO/DIS 15836-2" and body["stage_code"] == "40.20"
    assert body["coverage"]["complete"] is False
    assert body["coverage"]["uncovered_required"] == ["consumers"]
    group = body["coverage"]["groups"][0]
    assert (group["category"], group["required"], group["covered"]) == ("consumers", True,
                                                                        False)


def test_filters(api_as, consultation):
    api = api_as(Role.STAKEHOLDER)
    assert len(api.get("/consultations", project=consultation.project_id).json()) == 1
    assert api.get("/consultations", state="closed").json() == []
    assert api.get("/consultations", project=0).status_code == 422


def test_consultation_detail(api_as, consultation):
    body = api_as(Role.STAKEHOLDER).get(f"/consultations/{consultation.pk}").json()
    assert body["state"] == "open" and body["admission"]["allowed"] is True
    assert body["document"] == "ISO/TC 46/SC 4 N 2260"
    assert body["has_stakeholder_profile"] is True and body["sees_all_submitted"] is False
    coordinator_view = api_as(Role.COORDINATOR).get(f"/consultations/{consultation.pk}")
    assert coordinator_view.json()["sees_all_submitted"] is True


def test_another_organizations_objects_are_404(api_as, other_consultation):
    api = api_as(Role.ADMIN)
    for path in (f"/projects/{other_consultation.project_id}",
                 f"/consultations/{other_consultation.pk}",
                 f"/consultations/{other_consultation.pk}/comments"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/projects/0", "/projects/abc", "/consultations/-1",
                                  f"/consultations/{2**63}"])
def test_bad_ids_are_422_with_the_field(api_as, db, path):
    response = api_as(Role.ADMIN).get(path)
    assert response.status_code in (404, 422)
    if response.status_code == 422:
        assert response.json()["errors"][0]["field"].startswith("path.")
