"""Registry pages: thin views over forms, services and selectors."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.pages import form_page
from liaison.registry import selectors, services
from liaison.registry.forms import (
    CommunicationForm,
    OrganizationForm,
    RelationshipForm,
    RepresentativeForm,
    StakeholderFilterForm,
    StakeholderForm,
)


def _data(request):
    return request.POST if request.method == "POST" else None


@requires("registry.view")
def organizations(request):
    return render(request, "registry/organizations.html",
                  {"organizations": selectors.organizations_of(request.liaison_org)})


@requires("registry.view")
def organization_detail(request, pk: int):
    organization = selectors.organization_of(request.liaison_org, pk)
    return render(request, "registry/organization_detail.html", {
        "organization": organization,
        "relationships": selectors.relationships_of(organization),
    })


@requires("registry.edit")
def organization_new(request):
    org = request.liaison_org
    return form_page(
        request, OrganizationForm(_data(request)),
        save=lambda data: services.organization_create(actor=request.user, liaison_org=org,
                                                       **data),
        title=_("New organization"), cancel_url=reverse("registry:organizations"),
        success_url=lambda o: reverse("registry:organization", args=[o.pk]),
        success_message=_("Organization saved."),
    )


@requires("registry.edit")
def organization_edit(request, pk: int):
    organization = selectors.organization_of(request.liaison_org, pk)
    url = reverse("registry:organization", args=[pk])
    return form_page(
        request, OrganizationForm(_data(request), instance=organization),
        save=lambda data: services.organization_update(actor=request.user,
                                                       organization=organization, **data),
        title=_("Edit %(name)s") % {"name": organization}, cancel_url=url,
        success_url=url, success_message=_("Organization saved."),
    )


@requires("registry.edit")
def relationship_new(request, pk: int):
    organization = selectors.organization_of(request.liaison_org, pk)
    url = reverse("registry:organization", args=[pk])
    form = RelationshipForm(_data(request), liaison_org=request.liaison_org,
                            initial={"organization": organization})
    return form_page(
        request, form,
        save=lambda data: services.relationship_create(
            actor=request.user, liaison_org=request.liaison_org, **data),
        title=_("New liaison with %(name)s") % {"name": organization}, cancel_url=url,
        success_url=url, success_message=_("Liaison saved."),
    )


@requires("registry.edit")
def relationship_edit(request, pk: int):
    relationship = selectors.relationship_of(request.liaison_org, pk)
    url = reverse("registry:organization", args=[relationship.organization_id])
    form = RelationshipForm(_data(request), instance=relationship,
                            liaison_org=request.liaison_org)
    return form_page(
        request, form,
        save=lambda data: services.relationship_update(actor=request.user,
                                                       relationship=relationship, **data),
        title=_("Edit liaison %(name)s") % {"name": relationship}, cancel_url=url,
        success_url=url, success_message=_("Liaison saved."),
    )


@requires("registry.edit")
def representative_new(request, pk: int):
    relationship = selectors.relationship_of(request.liaison_org, pk)
    url = reverse("registry:organization", args=[relationship.organization_id])
    return form_page(
        request, RepresentativeForm(_data(request)),
        save=lambda data: services.representative_appoint(actor=request.user,
                                                          relationship=relationship, **data),
        title=_("Appoint a principal or expert to %(name)s") % {"name": relationship},
        cancel_url=url, success_url=url, success_message=_("Appointment saved."),
    )


@requires("registry.edit")
def communication_new(request, pk: int):
    relationship = selectors.relationship_of(request.liaison_org, pk)
    url = reverse("registry:organization", args=[relationship.organization_id])
    return form_page(
        request, CommunicationForm(_data(request)),
        save=lambda data: services.communication_log(actor=request.user,
                                                     relationship=relationship, **data),
        title=_("Log a communication with %(name)s") % {"name": relationship.organization},
        cancel_url=url, success_url=url, success_message=_("Communication logged."),
    )


@requires("stakeholders.view")
def stakeholders(request):
    filters = StakeholderFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    found = selectors.stakeholders_of(request.liaison_org, q=criteria.get("q", ""),
                                      category=criteria.get("category"),
                                      willing=criteria.get("willing", False))
    return render(request, "registry/stakeholders.html",
                  {"stakeholders": found, "filters": filters})


@requires("stakeholders.view")
def stakeholder_detail(request, pk: int):
    return render(request, "registry/stakeholder_detail.html",
                  {"stakeholder": selectors.stakeholder_of(request.liaison_org, pk)})


def _save_stakeholder(request, data, stakeholder=None):
    fields = {k: v for k, v in data.items() if k not in {"committees", "topics", "categories"}}
    if stakeholder is None:
        stakeholder = services.stakeholder_create(
            actor=request.user, liaison_org=request.liaison_org,
            categories=data["categories"], **fields)
    else:
        services.stakeholder_update(actor=request.user, stakeholder=stakeholder,
                                    categories=data["categories"], **fields)
    services.stakeholder_set_subscriptions(actor=request.user, stakeholder=stakeholder,
                                           organizations=data["committees"],
                                           topics=data["topics"])
    return stakeholder


@requires("stakeholders.edit")
def stakeholder_new(request):
    return form_page(
        request, StakeholderForm(_data(request), liaison_org=request.liaison_org),
        save=lambda data: _save_stakeholder(request, data),
        title=_("New stakeholder"), cancel_url=reverse("registry:stakeholders"),
        success_url=lambda s: reverse("registry:stakeholder", args=[s.pk]),
        success_message=_("Stakeholder saved."),
    )


@requires("stakeholders.edit")
def stakeholder_edit(request, pk: int):
    stakeholder = selectors.stakeholder_of(request.liaison_org, pk)
    url = reverse("registry:stakeholder", args=[pk])
    return form_page(
        request, StakeholderForm(_data(request), instance=stakeholder,
                                 liaison_org=request.liaison_org),
        save=lambda data: _save_stakeholder(request, data, stakeholder),
        title=_("Edit %(name)s") % {"name": stakeholder}, cancel_url=url,
        success_url=url, success_message=_("Stakeholder saved."),
    )
