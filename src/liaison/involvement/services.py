"""Writes: answer an interest survey, record an involvement decision.

Rules (see :mod:`liaison.involvement.models`):

* a survey is answered only while its consultation is open (the shared rule in
  :mod:`liaison.consultations.admission`); an answer may be changed until the deadline and is
  frozen from the deadline's exact minute on; a first answer after the deadline is refused, or
  taken and flagged late, per the consultation's late policy;
* answering raises the stakeholder's engagement with the project (never lowers it):
  *participating* if willing to take part in ongoing work, else *interested* — unless they
  said they have no interest, then only *informed*;
* a decision snapshots the survey's aggregate as it stands when the decision is taken and
  supersedes the decision in force; both happen in one transaction with their audit events.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.consultations.admission import admission, deadline_text
from liaison.consultations.models import Consultation
from liaison.consultations.states import State
from liaison.involvement import selectors
from liaison.involvement.models import InvolvementDecision, SurveyResponse
from liaison.projects.models import Engagement, Project
from liaison.projects.services import engagement_record
from liaison.registry.models import Stakeholder


class SurveyClosed(ValidationError):
    """The survey does not take this answer now; the message says why."""


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def refusal(consultation: Consultation, existing: SurveyResponse | None) -> str | None:
    """Why an answer (new, or a change to ``existing``) is not taken now, or None."""
    if consultation.kind != Consultation.Kind.SURVEY:
        return _("This consultation is not an interest survey.")
    if consultation.state == State.DRAFT:
        return _("This survey is not open yet.")
    if consultation.state != State.OPEN:
        return _("This survey is closed: answers are frozen.")
    if existing is not None and consultation.deadline_passed():
        return _("The deadline (%(deadline)s) has passed: your answer is frozen.") % {
            "deadline": deadline_text(consultation)}
    if not admission(consultation).allowed:
        return _("The deadline (%(deadline)s) has passed: late answers are not accepted.") % {
            "deadline": deadline_text(consultation)}
    return None


def engagement_level(*, interest: str, willing: bool) -> str:
    if willing:
        return Engagement.Level.PARTICIPATING
    if interest == SurveyResponse.Interest.NONE:
        return Engagement.Level.INFORMED
    return Engagement.Level.INTERESTED


@transaction.atomic
def survey_answer(*, actor, consultation: Consultation, stakeholder: Stakeholder, support: str,
                  interest: str, willing: bool, comment: str = "") -> SurveyResponse:
    """Record or change ``stakeholder``'s answer to the survey ``consultation``."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    existing = (SurveyResponse.objects.select_for_update()
                .filter(consultation=consultation, stakeholder=stakeholder).first())
    reason = refusal(consultation, existing)
    if reason:
        raise SurveyClosed(reason, code="closed")
    fields = {"support": support, "interest": interest, "willing": bool(willing),
              "comment": comment.strip()}
    org = consultation.liaison_org
    if existing is None:
        response = create_recorded(
            SurveyResponse, actor=actor, verb="survey.answer", liaison_org=org,
            fields={"consultation": consultation, "stakeholder": stakeholder,
                    "entered_by": _user(actor),
                    "is_late": consultation.deadline_passed(), **fields})
    else:
        response = update_recorded(existing, actor=actor, verb="survey.change",
                                   liaison_org=org, fields=fields)
    engagement_record(actor=actor, project=consultation.project, stakeholder=stakeholder,
                      level=engagement_level(interest=interest, willing=willing),
                      source=_("interest survey “%(title)s”") % {"title": consultation.title})
    return response


@transaction.atomic
def decision_record(*, actor, project: Project, consultation: Consultation, level: str,
                    rationale: str) -> InvolvementDecision:
    """Record how far we take part in ``project``, citing the survey ``consultation``."""
    previous = (InvolvementDecision.objects.select_for_update(of=("self",))
                .filter(project=project, superseded_by__isnull=True).first())
    snapshot = selectors.survey_aggregate(consultation)
    decision = InvolvementDecision(
        liaison_org=project.liaison_org, project=project, level=level,
        rationale=rationale.strip(), consultation=consultation, aggregate=snapshot,
        decided_by=_user(actor), decided_at=timezone.now(), supersedes=previous)
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor, verb="involvement.decide", target=decision,
        liaison_org=project.liaison_org,
        summary=f"involvement in {project.reference}: {level}"
                + (f" (supersedes {previous.level})" if previous else ""),
        data={"project": project.pk, "level": level, "rationale": decision.rationale,
              "consultation": consultation.pk, "aggregate": snapshot,
              "supersedes": previous.pk if previous else None})
    return decision
