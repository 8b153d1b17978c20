"""Appeal and dispute pages: thin views over forms, services and selectors. Another
organization's appeal, dispute or decision is a 404; a role or object rule that does not
allow the step is a 403 and nothing is stored (:mod:`liaison.appeals.permissions`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.access.rules import can
from liaison.appeals import forms, permissions, selectors, services, subjects, terms
from liaison.appeals.models import Appeal, Dispute
from liaison.appeals.states import TRANSITIONS, TransitionNotAllowed
from liaison.notices.selectors import step_notices
from liaison.pages import form_page


def _data(request):
    return request.POST if request.method == "POST" else None


def _guarded(step: Callable[..., Any]) -> Callable[..., Any]:
    """A refused transition is shown on the form like any other rule of the service."""

    def run(*args, **kwargs):
        try:
            return step(*args, **kwargs)
        except TransitionNotAllowed as exc:
            raise ValidationError(str(exc)) from exc

    return run


def _appeal(request, pk: int) -> Appeal:
    try:
        appeal = selectors.appeal_of(request.liaison_org, pk)
    except Appeal.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_appeal(request.user, appeal):
        raise PermissionDenied(_("Only staff, the panel and the appellant see this appeal."))
    return appeal


def _dispute(request, pk: int) -> Dispute:
    try:
        dispute = selectors.dispute_of(request.liaison_org, pk)
    except Dispute.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_dispute(request.user, dispute):
        raise PermissionDenied(_("Only staff and the objector see this dispute."))
    return dispute


@requires("appeals.file")
def appeal_list(request):
    org = request.liaison_org
    all_of_them = can(request.user, "appeals.view", org)
    return render(request, "appeals/list.html", {
        "appeals": selectors.visible_appeals(request.user, org, all_of_them=all_of_them),
        "all_of_them": all_of_them, "now": timezone.now(),
        "can_manage": can(request.user, "appeals.manage", org)})


@requires("appeals.file")
def appeal_new(request):
    """File an appeal against ``?type=<app_label.model>&id=<pk>`` (see links.appeal_url):
    only a decision of an appealable kind that concerns the user; anything else is a 404
    that names nothing (:func:`liaison.appeals.subjects.appealable`)."""
    if not (request.GET.get("type") and request.GET.get("id")):
        return render(request, "appeals/no_subject.html", status=400)
    try:
        subject = subjects.appealable(request.user, request.GET["type"], request.GET["id"],
                                      request.liaison_org)
    except subjects.UnknownSubject as exc:
        raise Http404 from exc
    org = request.liaison_org
    decided = subjects.decided_at(subject)
    rules = terms.appeal_terms(org, decided)
    return form_page(
        request, forms.AppealForm(_data(request)),
        save=lambda data: services.appeal_file(actor=request.user, subject=subject, **data),
        title=_("Appeal a decision"), template="appeals/file.html",
        cancel_url=reverse("appeals:list"),
        success_url=lambda a: reverse("appeals:detail", args=[a.pk]),
        success_message=_("Your appeal was filed. You will be told of every step by e-mail."),
        context={"subject": subject, "subject_kind": subject._meta.verbose_name,
                 "decided": decided, "rules": rules,
                 "window_ends": rules.window_ends(decided) if decided else None,
                 "window_closed": decided is not None
                 and timezone.now() > rules.window_ends(decided)})


@requires("appeals.file")
def appeal_detail(request, pk: int):
    appeal = _appeal(request, pk)
    org = appeal.liaison_org
    manage = can(request.user, "appeals.manage", org)
    return render(request, "appeals/detail.html", {
        "appeal": appeal, "now": timezone.now(),
        "transitions": appeal.transitions.select_related("actor"),
        "panel": appeal.panel.select_related("user"),
        "notices": step_notices(appeal=appeal.pk),
        "next_states": TRANSITIONS[appeal.state],
        "can_manage": manage, "can_decide": permissions.can_decide(request.user, appeal),
        "sees_grounds": True})


def _step(request, pk: int, make_form, save, title: str, message: str,
          template: str = "form.html", context: dict | None = None):
    """One step of an appeal; a step refused because of a panel conflict answers 409 (the
    form shows who and why)."""
    appeal = _appeal(request, pk)
    url = reverse("appeals:detail", args=[appeal.pk])
    conflicted: list[services.PanelConflicted] = []

    def run(data):
        try:
            return _guarded(save)(appeal, data)
        except services.PanelConflicted as exc:
            conflicted.append(exc)
            raise

    response = form_page(request, make_form(appeal), save=run,
                         title=title % {"ref": appeal.reference}, cancel_url=url,
                         success_url=url, success_message=message, template=template,
                         context={"appeal": appeal, **(context or {})})
    if conflicted:
        response.status_code = 409
    return response


@requires("appeals.manage")
def appeal_admissibility(request, pk: int):
    return _step(request, pk, lambda a: forms.AdmissibilityForm(_data(request)),
                 lambda a, d: services.appeal_admissibility(actor=request.user, appeal=a, **d),
                 _("Admissibility of appeal %(ref)s"), _("Admissibility recorded."))


@requires("appeals.manage")
def appeal_panel(request, pk: int):
    appeal = _appeal(request, pk)
    candidates = selectors.panel_candidates(appeal)
    url = reverse("appeals:detail", args=[appeal.pk])
    form = forms.PanelForm(_data(request), candidates=candidates,
                           initial_ids=appeal.panel.values_list("user_id", flat=True))
    return form_page(
        request, form,
        save=lambda d: services.appeal_panel_set(actor=request.user, appeal=appeal, **d),
        title=_("Panel of appeal %(ref)s") % {"ref": appeal.reference},
        template="appeals/panel.html", cancel_url=url, success_url=url,
        success_message=_("Panel appointed."),
        context={"appeal": appeal, "candidates": candidates})


@requires("appeals.manage")
def appeal_review(request, pk: int):
    return _step(request, pk, lambda a: forms.NoteForm(_data(request)),
                 lambda a, d: services.appeal_review_start(actor=request.user, appeal=a),
                 _("Start the review of appeal %(ref)s"), _("The panel's review has started."),
                 context={"submit_label": _("Start the review")})


@requires("appeals.decide")
def appeal_decide(request, pk: int):
    appeal = _appeal(request, pk)
    if not permissions.can_decide(request.user, appeal):
        raise PermissionDenied(_("Only a member of this appeal's panel decides it."))
    return _step(request, pk, lambda a: forms.DecisionForm(_data(request)),
                 lambda a, d: services.appeal_decide(actor=request.user, appeal=a, **d),
                 _("Decide appeal %(ref)s"), _("Decision recorded and published."),
                 template="appeals/decide.html")


@requires("appeals.manage")
def appeal_close(request, pk: int):
    return _step(request, pk, lambda a: forms.NoteForm(_data(request)),
                 lambda a, d: services.appeal_close(actor=request.user, appeal=a, **d),
                 _("Close appeal %(ref)s"), _("Appeal closed."),
                 context={"submit_label": _("Close the appeal")})


@requires("appeals.manage")
def appeal_settings(request):
    org = request.liaison_org
    return form_page(
        request, forms.SettingsForm(_data(request), instance=terms.org_settings(org)),
        save=lambda d: services.appeal_settings_save(actor=request.user, liaison_org=org,
                                                     **d),
        title=_("Appeal terms"), cancel_url=reverse("appeals:list"),
        success_url=reverse("appeals:list"), success_message=_("Appeal terms saved."),
        context={"intro": _("Used while the published process states no appeal window.")})


# ------------------------------------------------------------------ disputes


@requires("appeals.file")
def dispute_list(request):
    org = request.liaison_org
    all_of_them = can(request.user, "disputes.view", org)
    return render(request, "appeals/disputes.html", {
        "disputes": selectors.visible_disputes(request.user, org, all_of_them=all_of_them)})


@requires("appeals.file")
def dispute_detail(request, pk: int):
    dispute = _dispute(request, pk)
    return render(request, "appeals/dispute.html", {
        "dispute": dispute, "transitions": dispute.transitions.select_related("actor"),
        "appeal": getattr(dispute, "appeal", None),
        "can_manage": can(request.user, "disputes.manage", dispute.liaison_org)})


def _dispute_step(request, pk: int, make_form, save, title: str, message: str):
    dispute = _dispute(request, pk)
    url = reverse("appeals:dispute", args=[dispute.pk])
    return form_page(request, make_form(), save=_guarded(lambda d: save(dispute, d)),
                     title=title % {"ref": dispute.reference}, cancel_url=url,
                     success_url=lambda r: (reverse("appeals:detail", args=[r.pk])
                                            if isinstance(r, Appeal) else url),
                     success_message=message)


@requires("disputes.manage")
def dispute_mediation(request, pk: int):
    return _dispute_step(request, pk, lambda: forms.NoteForm(_data(request)),
                         lambda x, d: services.dispute_mediate(actor=request.user, dispute=x,
                                                               **d),
                         _("Start mediation of dispute %(ref)s"), _("Mediation started."))


@requires("disputes.manage")
def dispute_resolve(request, pk: int):
    return _dispute_step(request, pk, lambda: forms.ResolutionForm(_data(request)),
                         lambda x, d: services.dispute_resolve(actor=request.user, dispute=x,
                                                               **d),
                         _("Resolve dispute %(ref)s"), _("Dispute resolved."))


@requires("disputes.manage")
def dispute_escalate(request, pk: int):
    return _dispute_step(request, pk, lambda: forms.RequiredNoteForm(_data(request)),
                         lambda x, d: services.dispute_escalate(actor=request.user,
                                                                dispute=x, **d),
                         _("Escalate dispute %(ref)s to an appeal"),
                         _("The dispute became an appeal."))
