"""Process pages. Reading a published process needs no sign-in (guidelines 2.1, principle 4);
the organization's staff draft and publish (``process.edit``) and may also preview the draft
through the public addresses."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.access.rules import can
from liaison.pages import form_page
from liaison.process import export, selectors, services
from liaison.process.forms import CompareForm, ProcessVersionForm, PublishForm
from liaison.process.models import ProcessVersion
from liaison.process.presentation import rule_rows, rule_summary, version_diff
from liaison.registry.models import LiaisonOrganization


def _data(request):
    return request.POST if request.method == "POST" else None


def _org(slug: str) -> LiaisonOrganization:
    return get_object_or_404(LiaisonOrganization, slug=slug)


def _is_staff_of(request, org) -> bool:
    return (getattr(request, "liaison_org", None) == org
            and can(request.user, "process.edit", org))


def _version(request, org, number: int) -> ProcessVersion:
    """A published version; a draft only for the organization's own staff."""
    versions = (selectors.versions_of(org) if _is_staff_of(request, org)
                else selectors.published_versions(org))
    try:
        return versions.get(number=number)
    except ProcessVersion.DoesNotExist as exc:
        raise Http404 from exc


# --- public ------------------------------------------------------------------------------

def index(request):
    return render(request, "process/index.html",
                  {"organizations": selectors.public_organizations()})


def _show(request, org, version: ProcessVersion, *, current: bool):
    in_force = selectors.rule_in_force(org)
    return render(request, "process/version.html", {
        "org": org, "version": version, "current": current,
        "in_force": in_force, "rule_rows": rule_rows(version),
        "rule_summary": rule_summary(version),
        "previous": selectors.published_versions(org).filter(number__lt=version.number)
        .first(),
    })


def current(request, slug: str):
    org = _org(slug)
    version = selectors.rule_in_force(org)
    if version is None:
        raise Http404(_("%(org)s has not published its process yet.") % {"org": org})
    return _show(request, org, version, current=True)


def version_detail(request, slug: str, number: int):
    org = _org(slug)
    return _show(request, org, _version(request, org, number), current=False)


def version_list(request, slug: str):
    org = _org(slug)
    return render(request, "process/versions.html", {
        "org": org, "versions": selectors.published_versions(org),
        "in_force": selectors.rule_in_force(org)})


def compare(request, slug: str):
    """The difference between two versions (``?old=1&new=2``); by default the latest against
    the one before it."""
    org = _org(slug)
    versions = (selectors.versions_of(org) if _is_staff_of(request, org)
                else selectors.published_versions(org))
    numbers = sorted(versions.values_list("number", flat=True))
    if not numbers:
        raise Http404
    initial = {"old": numbers[-2] if len(numbers) > 1 else numbers[-1], "new": numbers[-1]}
    form = CompareForm(request.GET if "old" in request.GET else None, initial=initial,
                       numbers=numbers)
    picked = form.cleaned_data if form.is_bound and form.is_valid() else initial
    diff = version_diff(_version(request, org, picked["old"]),
                        _version(request, org, picked["new"]))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "process/diff.html", {"org": org, "form": form, "diff": diff},
                  status=status)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_docx(request, slug: str, number: int):
    version = _version(request, _org(slug), number)
    return _download(export.to_docx(version), "application/vnd.openxmlformats-officedocument"
                     ".wordprocessingml.document", export.filename(version, "docx"))


def export_pdf(request, slug: str, number: int):
    version = _version(request, _org(slug), number)
    return _download(export.to_pdf(version), "application/pdf",
                     export.filename(version, "pdf"))


# --- staff -------------------------------------------------------------------------------

@requires("process.edit")
def manage(request):
    org = request.liaison_org
    return render(request, "process/manage.html", {
        "org": org, "versions": selectors.versions_of(org).select_related("published_by"),
        "draft": selectors.draft_of(org), "in_force": selectors.rule_in_force(org)})


@requires("process.edit")
def edit(request):
    """Edit the draft; without one, start the next version from the latest."""
    org = request.liaison_org
    draft = selectors.draft_of(org)
    if draft is not None:
        form = ProcessVersionForm(_data(request), instance=draft)
        title = _("Edit draft version %(n)s") % {"n": draft.number}
    else:
        latest = selectors.latest_version(org)
        initial = selectors.editable_values(latest)
        form = ProcessVersionForm(_data(request), initial=initial)
        title = _("Start version %(n)s") % {"n": (latest.number if latest else 0) + 1}
    return form_page(
        request, form,
        save=lambda data: services.process_draft_save(actor=request.user, liaison_org=org,
                                                      **data),
        title=title, cancel_url=reverse("process:manage"),
        success_url=reverse("process:manage"), success_message=_("Draft saved."),
    )


@requires("process.edit")
def publish(request):
    org = request.liaison_org
    draft = selectors.draft_of(org)
    if draft is None:
        return redirect("process:manage")
    return form_page(
        request, PublishForm(_data(request)),
        save=lambda data: services.process_publish(actor=request.user, version=draft,
                                                   change_note=data["change_note"]),
        title=_("Publish version %(n)s") % {"n": draft.number},
        cancel_url=reverse("process:manage"),
        success_url=lambda v: reverse("process:current", args=[org.slug]),
        success_message=_("Version published: it is now the process in force."),
        context={"intro": _("Once published, this version can no longer change, and new "
                            "consultations follow it.")},
    )
