"""Project pages: thin views over forms, services and selectors."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.audit.selectors import events_for
from liaison.pages import form_page
from liaison.projects import selectors, services
from liaison.projects.forms import (
    BallotForm,
    DeclaredGroupsForm,
    DocumentForm,
    EngagementForm,
    ProjectForm,
)
from liaison.projects.models import DeclaredGroup, Project


def _data(request):
    return request.POST if request.method == "POST" else None


def _project(request, pk: int) -> Project:
    try:
        return selectors.project_of(request.liaison_org, pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@requires("projects.view")
def project_list(request):
    return render(request, "projects/list.html",
                  {"projects": selectors.projects_of(request.liaison_org)})


@requires("projects.view")
def project_detail(request, pk: int):
    project = _project(request, pk)
    return render(request, "projects/detail.html", {
        "project": project,
        "coverage": selectors.coverage(project),
        "documents": project.documents.all(),
        "ballots": project.ballots.all(),
        "engagements": project.engagements.select_related("stakeholder").order_by(
            "stakeholder__name"),
        "events": events_for(project).order_by("-seq").prefetch_related(
            "actor__stakeholder_profiles")[:20],
    })


@requires("projects.edit")
def project_new(request):
    org = request.liaison_org
    return form_page(
        request, ProjectForm(_data(request), liaison_org=org),
        save=lambda data: services.project_create(actor=request.user, liaison_org=org, **data),
        title=_("New ISO project"), cancel_url=reverse("projects:list"),
        success_url=lambda p: reverse("projects:detail", args=[p.pk]),
        success_message=_("Project saved."),
    )


@requires("projects.edit")
def project_edit(request, pk: int):
    project = _project(request, pk)
    url = reverse("projects:detail", args=[pk])
    return form_page(
        request, ProjectForm(_data(request), instance=project, liaison_org=request.liaison_org),
        save=lambda data: services.project_update(actor=request.user, project=project, **data),
        title=_("Edit %(ref)s") % {"ref": project.reference}, cancel_url=url,
        success_url=url, success_message=_("Project saved."),
    )


@requires("projects.edit")
def project_groups(request, pk: int):
    project = _project(request, pk)
    url = reverse("projects:detail", args=[pk])
    declared = project.declared_groups.all()
    initial = {
        "supporting": [d.category_id for d in declared if d.kind == DeclaredGroup.Kind.SUPPORTING],
        "required": [d.category_id for d in declared if d.kind == DeclaredGroup.Kind.REQUIRED],
    }
    return form_page(
        request, DeclaredGroupsForm(_data(request), initial=initial),
        save=lambda data: services.project_declare_groups(
            actor=request.user, project=project, supporting=data["supporting"],
            required=data["required"]),
        title=_("Groups declared by the proposer of %(ref)s") % {"ref": project.reference},
        cancel_url=url, success_url=url, success_message=_("Declared groups saved."),
    )


@requires("projects.edit")
def document_new(request, pk: int):
    project = _project(request, pk)
    url = reverse("projects:detail", args=[pk])
    return form_page(
        request, DocumentForm(_data(request)),
        save=lambda data: services.document_add(actor=request.user, project=project, **data),
        title=_("Add a document to %(ref)s") % {"ref": project.reference}, cancel_url=url,
        success_url=url, success_message=_("Document added."),
    )


@requires("projects.edit")
def ballot_new(request, pk: int):
    project = _project(request, pk)
    url = reverse("projects:detail", args=[pk])
    return form_page(
        request, BallotForm(_data(request)),
        save=lambda data: services.ballot_add(actor=request.user, project=project, **data),
        title=_("Add a ballot to %(ref)s") % {"ref": project.reference}, cancel_url=url,
        success_url=url, success_message=_("Ballot added."),
    )


@requires("projects.edit")
def engagement_new(request, pk: int):
    project = _project(request, pk)
    url = reverse("projects:detail", args=[pk])
    return form_page(
        request, EngagementForm(_data(request), liaison_org=request.liaison_org),
        save=lambda data: services.engagement_record(actor=request.user, project=project,
                                                     **data),
        title=_("Record a stakeholder's engagement with %(ref)s") % {"ref": project.reference},
        cancel_url=url, success_url=url, success_message=_("Engagement recorded."),
    )
