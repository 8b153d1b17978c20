"""Interest-survey and involvement pages: thin views over forms, services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.consultations.models import Consultation
from liaison.consultations.selectors import stakeholder_of
from liaison.involvement import selectors, services
from liaison.involvement.charts import BAR_WIDTH, LABEL_WIDTH, support_bars
from liaison.involvement.forms import DecisionForm, SurveyForm
from liaison.pages import form_page
from liaison.projects.models import Project
from liaison.projects.selectors import project_of


def _consultation(request, pk: int) -> Consultation:
    try:
        return selectors.consultation_of(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


def _project(request, pk: int) -> Project:
    try:
        return project_of(request.liaison_org, pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def _not_a_survey(request, consultation: Consultation):
    messages.info(request, _("“%(title)s” is a call for comments, not an interest survey.")
                  % {"title": consultation.title})
    return redirect("consultations:detail", consultation.pk)


@requires("survey.answer")
def survey(request, consultation_pk: int):
    """The stakeholder's own answer: shown, given or changed (while the survey takes it)."""
    consultation = _consultation(request, consultation_pk)
    if consultation.kind != Consultation.Kind.SURVEY:
        return _not_a_survey(request, consultation)
    me = stakeholder_of(request.user, request.liaison_org)
    if me is None:
        raise PermissionDenied(_("Your account has no stakeholder profile in %(org)s.")
                               % {"org": request.liaison_org})
    mine = selectors.own_response(consultation, me)
    initial = ({"support": mine.support, "interest": mine.interest, "willing": mine.willing,
                "comment": mine.comment} if mine else None)
    url = reverse("involvement:survey", args=[consultation.pk])
    return form_page(
        request, SurveyForm(request.POST if request.method == "POST" else None, initial=initial),
        save=lambda data: services.survey_answer(actor=request.user, consultation=consultation,
                                                 stakeholder=me, **data),
        title=_("Interest survey: %(title)s") % {"title": consultation.title},
        success_url=url, success_message=_("Thank you: your answer is recorded."),
        template="involvement/survey.html",
        context={"consultation": consultation, "project": consultation.project,
                 "mine": mine, "refusal": services.refusal(consultation, mine)},
    )


@requires("involvement.view")
def results(request, consultation_pk: int):
    """The aggregate for the coordinator: chart, table, willing list, answers."""
    consultation = _consultation(request, consultation_pk)
    if consultation.kind != Consultation.Kind.SURVEY:
        return _not_a_survey(request, consultation)
    aggregate = selectors.survey_aggregate(consultation)
    bars, height = support_bars(aggregate)
    return render(request, "involvement/results.html", {
        "consultation": consultation, "project": consultation.project,
        "aggregate": aggregate, "bars": bars,
        "table_rows": [aggregate["overall"], *aggregate["categories"]], "chart_height": height,
        "chart_width": LABEL_WIDTH + BAR_WIDTH + 60,
        "responses": selectors.responses(consultation),
    })


@requires("involvement.view")
def project_involvement(request, project_pk: int):
    """A project's surveys, its decision in force, the decision history and who is willing."""
    project = _project(request, project_pk)
    return render(request, "involvement/project.html", {
        "project": project,
        "surveys": project.consultations.filter(kind=Consultation.Kind.SURVEY),
        "current": selectors.current_decision(project),
        "decisions": selectors.decisions(project),
        "willing": selectors.willing_responses(project),
    })


@requires("involvement.decide")
def decide(request, project_pk: int):
    project = _project(request, project_pk)
    url = reverse("involvement:project", args=[project.pk])
    form = DecisionForm(request.POST if request.method == "POST" else None, project=project)
    if not form.fields["consultation"].queryset.exists():
        messages.error(request, _("A decision cites an interest survey: run one on this "
                                  "project first."))
        return redirect(url)

    return form_page(
        request, form,
        save=lambda data: services.decision_record(actor=request.user, project=project,
                                                   **data),
        title=_("Decide our involvement in %(ref)s") % {"ref": project.reference},
        success_url=url, cancel_url=url, success_message=_("Decision recorded."),
        context={"intro": _("The survey's results as they stand now are stored with the "
                            "decision and cited by it.")},
    )
