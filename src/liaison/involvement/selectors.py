"""Reads about interest surveys and involvement decisions.

Interfaces for other apps:

* :func:`respondent_ids` — the stakeholders who answered a survey ("who responded", e.g. for
  reminders and the equal-access report);
* :func:`survey_aggregate` — the aggregate of a survey (see :mod:`liaison.core.survey`);
* :func:`current_decision` — a project's decision in force, or None.
"""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.consultations.models import Consultation
from liaison.core.survey import Answer, aggregate
from liaison.involvement.models import InvolvementDecision, SurveyResponse
from liaison.registry.models import InterestCategory, Stakeholder


def surveys_of(liaison_org) -> QuerySet[Consultation]:
    return (Consultation.objects.filter(liaison_org=liaison_org,
                                        kind=Consultation.Kind.SURVEY)
            .select_related("project", "liaison_org"))


def consultation_of(liaison_org, pk: int) -> Consultation:
    """Any consultation of ``liaison_org`` (``DoesNotExist`` for another organization's)."""
    return (Consultation.objects.select_related("project", "liaison_org")
            .get(liaison_org=liaison_org, pk=pk))


def responses(consultation: Consultation) -> QuerySet[SurveyResponse]:
    return (SurveyResponse.objects.filter(consultation=consultation)
            .select_related("stakeholder").prefetch_related("stakeholder__categories")
            .order_by("stakeholder__name", "pk"))


def respondent_ids(consultation: Consultation) -> set[int]:
    """Ids of the stakeholders who answered ``consultation`` (a survey)."""
    return set(SurveyResponse.objects.filter(consultation=consultation)
               .values_list("stakeholder_id", flat=True))


def own_response(consultation: Consultation, stakeholder: Stakeholder | None):
    if stakeholder is None:
        return None
    return SurveyResponse.objects.filter(consultation=consultation,
                                         stakeholder=stakeholder).first()


def _answer(response: SurveyResponse) -> Answer:
    stakeholder = response.stakeholder
    cats = tuple((c.code, c.name) for c in sorted(stakeholder.categories.all(),
                                                   key=lambda c: (c.order, c.name)))
    return Answer(stakeholder_id=stakeholder.pk, name=stakeholder.name,
                  support=response.support, interest=response.interest,
                  willing=response.willing, categories=cats)


def survey_aggregate(consultation: Consultation) -> dict:
    """Counts and shares per interest category and overall, and the willing list."""
    categories = [(c.code, c.name) for c in InterestCategory.objects.filter(is_iso=True)]
    result = aggregate((_answer(r) for r in responses(consultation)), categories)
    result["consultation"] = {"id": consultation.pk, "title": consultation.title,
                              "deadline": consultation.deadline.isoformat()}
    return result


def decisions(project) -> QuerySet[InvolvementDecision]:
    """Every decision on ``project``, newest first (the first is the one in force)."""
    return (InvolvementDecision.objects.filter(project=project)
            .select_related("consultation", "decided_by", "supersedes"))


def current_decision(project) -> InvolvementDecision | None:
    return decisions(project).filter(superseded_by__isnull=True).first()


def willing_responses(project) -> QuerySet[SurveyResponse]:
    """Everyone who said, in any survey on ``project``, they would take part in ongoing work."""
    return (SurveyResponse.objects.filter(consultation__project=project, willing=True)
            .select_related("stakeholder", "consultation")
            .order_by("stakeholder__name", "-updated_at"))
