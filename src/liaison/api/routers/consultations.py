"""``/api/consultations``: the organization's consultations, and one in detail."""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from liaison.api.context import MAX_ID, consultation, org_of, require
from liaison.api.routers.responses import READ, READ_ONE
from liaison.api.schemas.common import PathId
from liaison.api.schemas.consultations import ConsultationDetailOut, ConsultationOut
from liaison.consultations import selectors
from liaison.consultations.admission import admission
from liaison.consultations.models import Consultation

router = Router(tags=["consultations"])


class ConsultationFilter(Schema):
    project: int | None = Field(None, ge=1, le=MAX_ID, description="only this project's")
    state: str | None = Field(None, max_length=20, pattern=r"^[a-z]*$",
                              description="only in this state, e.g. open")


def consultation_out(c: Consultation) -> dict:
    return {"id": c.pk, "project_id": c.project_id, "project_reference": c.project.reference,
            "title": c.title, "kind": c.kind, "state": c.state, "opens_at": c.opens_at,
            "deadline": c.deadline, "deadline_passed": c.deadline_passed(),
            "late_policy": c.late_policy}


@router.get("", response={200: list[ConsultationOut], **READ}, summary="List consultations")
def consultation_list(request: HttpRequest, filters: Query[ConsultationFilter]):
    """Every consultation of your organization, latest deadline first
    (``consultations.view``)."""
    require(request, "consultations.view")
    items = selectors.consultations_of(org_of(request))
    if filters.project is not None:
        items = items.filter(project_id=filters.project)
    if filters.state:
        items = items.filter(state=filters.state)
    return [consultation_out(c) for c in items]


@router.get("/{consultation_id}", response={200: ConsultationDetailOut, **READ_ONE},
            summary="One consultation")
def consultation_detail(request: HttpRequest, consultation_id: PathId):
    """A consultation, whether it takes comments now, and what you may see of it."""
    require(request, "consultations.view")
    c = consultation(request, consultation_id)
    decision = admission(c)
    document = c.document
    return {**consultation_out(c), "instructions": c.instructions,
            "document": (document.number or document.title) if document else None,
            "ballot": c.ballot.label if c.ballot_id else None,
            "admission": {"allowed": decision.allowed, "late": decision.late,
                          "reason": decision.reason},
            "has_stakeholder_profile": selectors.stakeholder_of(
                request.user, c.liaison_org) is not None,
            "sees_all_submitted": selectors.sees_all_submitted(request.user, c)}
