"""``/api/projects``: the organization's ISO projects, and one project with its coverage."""

from django.http import HttpRequest
from ninja import Router

from liaison.api.context import found, org_of, require
from liaison.api.routers.responses import READ, READ_ONE
from liaison.api.schemas.common import PathId
from liaison.api.schemas.projects import (
    CoverageOut,
    GroupCoverageOut,
    ProjectDetailOut,
    ProjectOut,
    StakeholderRef,
)
from liaison.projects import selectors
from liaison.projects.models import Project

router = Router(tags=["projects"])


def project_out(project: Project) -> dict:
    stage = project.stage
    return {"id": project.pk, "reference": project.reference, "title": project.title,
            "stage_code": project.stage_code, "stage": stage.name if stage else "",
            "committee": str(project.committee) if project.committee_id else None,
            "is_public": project.is_public, "approved_on": project.approved_on,
            "updated_at": project.updated_at}


def coverage_out(project: Project) -> CoverageOut:
    coverage = selectors.coverage(project)
    return CoverageOut(
        complete=coverage.complete,
        uncovered_required=[g.category.code for g in coverage.uncovered_required],
        groups=[GroupCoverageOut(
            category=g.category.code, category_name=g.category.name, required=g.required,
            supporting=g.supporting, covered=g.covered, potential=g.potential,
            engaged=[StakeholderRef(id=s.pk, name=s.name) for s in g.engaged])
            for g in coverage.groups])


@router.get("", response={200: list[ProjectOut], **READ}, summary="List projects")
def project_list(request: HttpRequest):
    """Every ISO project of your organization (action ``projects.view``)."""
    require(request, "projects.view")
    return [project_out(p) for p in selectors.projects_of(org_of(request))
            .order_by("reference_key")]


@router.get("/{project_id}", response={200: ProjectDetailOut, **READ_ONE},
            summary="One project with its coverage")
def project_detail(request: HttpRequest, project_id: PathId):
    """A project and, for each declared group, the engaged stakeholders and potential ones
    (``projects.view``)."""
    require(request, "projects.view")
    project = found(lambda: selectors.project_of(org_of(request), project_id),
                    Project.DoesNotExist)
    return {**project_out(project), "scope": project.scope, "coverage": coverage_out(project)}
