"""Self-assessment pages: the charts, and process reviews (list, new, edit, one)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.access.rules import can
from liaison.metrics import charts, selectors, services
from liaison.metrics.forms import ProcessReviewForm
from liaison.metrics.models import ProcessReview
from liaison.pages import form_page


def _data(request):
    return request.POST if request.method == "POST" else None


def _review(request, pk: int) -> ProcessReview:
    try:
        return selectors.review_of(request.liaison_org, pk)
    except ProcessReview.DoesNotExist as exc:
        raise Http404 from exc


@requires("metrics.view")
def dashboard(request):
    org = request.liaison_org
    names = selectors.category_names()
    rates = [selectors.response_rates(c) for c in selectors.consultations_over_time(org)]
    sections = [
        ("lead-time", _("Time from ISO approval to the first notice"),
         [charts.lead_time_chart(selectors.lead_times(org))]),
        ("responses", _("Response rate by interest category"),
         [charts.response_trend_chart(rates, names),
          *(charts.response_chart(r, names) for r in reversed(rates))]),
        ("balance", _("Balance of participants against the groups each project requires"),
         [charts.balance_chart(b, names) for b in selectors.balances(org)]),
        ("dispositions", _("Every view addressed"),
         [charts.disposition_chart(selectors.disposition_shares(org))]),
        ("consensus", _("Consensus reached"),
         [charts.consensus_chart(selectors.consensus_shares(org))]),
        ("appeals", _("Appeals and their outcomes"),
         charts.appeal_charts(selectors.appeal_figures(org))),
    ]
    return render(request, "metrics/dashboard.html", {
        "sections": sections, "timeline": selectors.timeline(org),
        "can_review": can(request.user, "metrics.review", org),
        "can_pack": can(request.user, "audit.pack", org)})


@requires("metrics.view")
def review_detail(request, pk: int):
    review = _review(request, pk)
    return render(request, "metrics/review.html", {
        "review": review, "can_review": can(request.user, "metrics.review",
                                            request.liaison_org)})


@requires("metrics.review")
def review_new(request):
    org = request.liaison_org
    return form_page(
        request, ProcessReviewForm(_data(request), liaison_org=org),
        save=lambda data: services.process_review_create(actor=request.user, liaison_org=org,
                                                         **data),
        title=_("Record a process review"), cancel_url=reverse("metrics:dashboard"),
        success_url=lambda r: reverse("metrics:review", args=[r.pk]),
        success_message=_("Process review saved."))


@requires("metrics.review")
def review_edit(request, pk: int):
    review = _review(request, pk)
    url = reverse("metrics:review", args=[pk])
    return form_page(
        request, ProcessReviewForm(_data(request), instance=review,
                                   liaison_org=request.liaison_org),
        save=lambda data: services.process_review_update(actor=request.user, review=review,
                                                         **data),
        title=_("Edit %(r)s") % {"r": review}, cancel_url=url, success_url=url,
        success_message=_("Process review saved."))
