"""Positions and dispositions of the consensus app, under the same rules as its pages:
reading drafts needs ``consensus.view`` or ``consensus.position``; stating one's own position
``consensus.position``; dispositions, overrides, withdrawals, finalization and submission
``consensus.decide``. Writes go through
``consensus.services`` (which also check the consultation's state: 409 when it refuses)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from liaison.api.context import consultation, found, require, require_any
from liaison.api.errors import ApiError, refusal
from liaison.api.routers.responses import READ_ONE, WRITE
from liaison.api.schemas.common import PathId
from liaison.api.schemas.consensus import (
    POSITION_NAMES,
    POSITION_VALUES,
    ActIn,
    BulkDispositionIn,
    BulkDispositionOut,
    DispositionIn,
    DispositionOut,
    DraftOut,
    OutcomeOut,
    PositionIn,
    PositionOut,
    PositionStateOut,
    ReasonIn,
)
from liaison.consensus import coverage, selectors, services
from liaison.consensus.models import Draft
from liaison.consultations import selectors as consultation_selectors
from liaison.consultations.models import Comment

router = Router(tags=["consensus"])


def position_out(position) -> dict:
    return {"id": position.pk, "draft_id": position.draft_id,
            "draft_reference": position.draft.reference, "user": position.user.get_username(),
            "stakeholder": position.stakeholder.name if position.stakeholder_id else None,
            "value": POSITION_NAMES[position.value], "argument": position.argument,
            "draft_version": position.draft_version, "needs_review": position.needs_review,
            "stated_at": position.stated_at}


def draft_out(draft: Draft, mine) -> dict:
    return {"id": draft.pk, "reference": draft.reference, "order": draft.order,
            **{name: getattr(draft, name) for name in (*Draft.TEXT_FIELDS, "observation",
                                                        "version")},
            "sources": [c.pk for c in draft.sources.all()],
            "my_position": position_out(mine) if mine is not None else None}


def disposition_out(comment: Comment) -> dict:
    d = getattr(comment, "disposition", None)
    return {"comment_id": comment.pk, "comment_reference": comment.reference,
            "author_name": comment.author.name if comment.author_id else None,
            "kind": d.kind if d else None, "draft_id": d.draft_id if d else None,
            "draft_reference": d.draft.reference if d and d.draft_id else None,
            "reason": d.reason if d else "", "decided_at": d.decided_at if d else None}


def _draft(c, pk: int) -> Draft:
    return found(lambda: selectors.draft_of(c, pk), Draft.DoesNotExist)


@router.get("/{consultation_id}/drafts", response={200: list[DraftOut], **READ_ONE},
            summary="Draft consensus comments")
def draft_list(request: HttpRequest, consultation_id: PathId):
    """The active drafts in the position's order, each with your own position
    (``consensus.view`` or ``consensus.position``)."""
    require_any(request, "consensus.view", "consensus.position")
    c = consultation(request, consultation_id)
    mine = selectors.my_positions(request.user, c)
    return [draft_out(d, mine.get(d.pk)) for d in selectors.drafts_of(c)]


@router.get("/{consultation_id}/drafts/{draft_id}/positions",
            response={200: list[PositionOut], **READ_ONE}, summary="Positions on a draft")
def position_list(request: HttpRequest, consultation_id: PathId, draft_id: PathId):
    """Everyone's position on one draft (``consensus.view``)."""
    require(request, "consensus.view")
    draft = _draft(consultation(request, consultation_id), draft_id)
    return [position_out(p) for p in selectors.positions_on(draft)]


@router.get("/{consultation_id}/positions/mine", response={200: list[PositionOut], **READ_ONE},
            summary="Your positions")
def position_list_mine(request: HttpRequest, consultation_id: PathId):
    """Your own position on each draft you took one on (``consensus.position``)."""
    require(request, "consensus.position")
    c = consultation(request, consultation_id)
    mine = selectors.my_positions(request.user, c)
    return [position_out(p) for _, p in sorted(mine.items())]


@router.put("/{consultation_id}/drafts/{draft_id}/position",
            response={200: PositionOut, **WRITE}, summary="State your position")
def position_state(request: HttpRequest, consultation_id: PathId, draft_id: PathId,
                   payload: PositionIn):
    """State or change your own position on a draft while the consultation is
    consolidating (409 otherwise). A fundamental objection needs an argument (400)."""
    require(request, "consensus.position")
    c = consultation(request, consultation_id)
    draft = _draft(c, draft_id)
    try:
        position = services.position_state(
            actor=request.user, draft=draft, value=int(POSITION_VALUES[payload.value]),
            argument=payload.argument,
            stakeholder=consultation_selectors.stakeholder_of(request.user, c.liaison_org))
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return position_out(position)


@router.get("/{consultation_id}/dispositions", response={200: list[DispositionOut], **READ_ONE},
            summary="Dispositions of the input comments")
def disposition_list(request: HttpRequest, consultation_id: PathId):
    """Every submitted comment with its disposition, null when missing
    (``consensus.decide``)."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    return [disposition_out(comment) for comment in selectors.dispositions_table(c)]


def _batch_out(batch) -> dict:
    return {"batch_id": batch.pk, "comment_ids": [e["comment"] for e in batch.entries],
            "undone": batch.undone_at is not None}


def _chosen_draft(c, draft_id: int | None) -> Draft | None:
    """The active draft ``draft_id`` of consultation ``c`` (None when none is named); 400
    naming the field when it is not one."""
    if draft_id is None:
        return None
    try:
        return selectors.draft_of(c, draft_id)
    except Draft.DoesNotExist as exc:
        message = _("Choose an active draft of this consultation.")
        raise ApiError(400, message, [{"field": "draft_id", "message": message}]) from exc


@router.post("/{consultation_id}/dispositions/bulk",
             response={200: BulkDispositionOut, **WRITE},
             summary="One disposition for many comments")
def dispositions_set_bulk(request: HttpRequest, consultation_id: PathId,
                          payload: BulkDispositionIn):
    """The same disposition for every comment named (``consensus.decide``), all or none: 400
    naming each comment that cannot take it (field ``comment_ids``), 409 unless
    consolidating. One audit event per comment, and the step can be undone."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    comments = selectors.input_comments(c, payload.comment_ids)
    if len(comments) != len(set(payload.comment_ids)):
        raise ApiError(404, _("Not found."))
    draft = _chosen_draft(c, payload.draft_id)
    try:
        batch = services.dispositions_set_bulk(actor=request.user, comments=comments,
                                               kind=payload.kind, draft=draft,
                                               reason=payload.reason)
    except services.BulkRefused as exc:
        raise ApiError(400, " ".join(exc.messages), [
            {"field": "comment_ids", "message": m} for m in exc.messages]) from exc
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _batch_out(batch)


@router.post("/{consultation_id}/dispositions/undo",
             response={200: BulkDispositionOut, **WRITE}, summary="Undo the last bulk step")
def dispositions_undo(request: HttpRequest, consultation_id: PathId, payload: ActIn):
    """Give the comments of the last bulk step their former dispositions
    (``consensus.decide``); 409 when there is none to undo, after finalization, or when one
    of them was disposed of again since."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    try:
        batch = services.dispositions_undo_last_bulk(actor=request.user, consultation=c)
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _batch_out(batch)


@router.put("/{consultation_id}/dispositions/{comment_id}",
            response={200: DispositionOut, **WRITE}, summary="Set a comment's disposition")
def disposition_set(request: HttpRequest, consultation_id: PathId, comment_id: PathId,
                    payload: DispositionIn):
    """Record what became of one submitted comment (``consensus.decide``): merged into a
    draft (``draft_id``), or another kind with a reason. 409 unless consolidating."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    comment = found(lambda: selectors.input_comment(c, comment_id), Comment.DoesNotExist)
    draft = _chosen_draft(c, payload.draft_id)
    try:
        services.disposition_set(actor=request.user, comment=comment, kind=payload.kind,
                                 draft=draft, reason=payload.reason)
    except ValidationError as exc:
        raise refusal(exc) from exc
    return disposition_out(selectors.input_comment(c, comment_id))


@router.get("/{consultation_id}/outcome", response={200: list[OutcomeOut], **READ_ONE},
            summary="What became of your comments")
def outcome(request: HttpRequest, consultation_id: PathId):
    """For each of your submitted comments: its disposition and the consensus comment it
    went into (``consensus.position``)."""
    require(request, "consensus.position")
    c = consultation(request, consultation_id)
    me = consultation_selectors.stakeholder_of(request.user, c.liaison_org)
    return [{"comment_id": o.comment.pk, "comment_reference": o.comment.reference,
             "kind": o.disposition.kind if o.disposition else None,
             "reason": o.disposition.reason if o.disposition else "",
             "draft_reference": o.draft.reference if o.draft else None}
            for o in selectors.outcome_of(me, c)]



def _position_state(c, submission=None) -> dict:
    c.refresh_from_db()
    return {"state": c.state,
            "overrides": [{"draft_id": o["draft"], "draft_reference": o["ref"],
                           "reason": o["reason"]}
                          for o in coverage.entries(coverage.overrides_in_force(c))],
            "submission_id": submission.pk if submission else None,
            "docx_sha256": submission.docx_sha256 if submission else None,
            "xlsx_sha256": submission.xlsx_sha256 if submission else None}


@router.post("/{consultation_id}/position/finalize",
             response={200: PositionStateOut, **WRITE}, summary="Finalize the position")
def position_finalize(request: HttpRequest, consultation_id: PathId, payload: ActIn):
    """Consolidating → finalized (``consensus.decide``). 409, listing what is missing, while a
    comment lacks a disposition, an objection is open or an active draft lacks consensus with
    no override."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    try:
        services.position_finalize(actor=request.user, consultation=c)
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _position_state(c)


@router.post("/{consultation_id}/position/submit",
             response={200: PositionStateOut, **WRITE}, summary="Submit the position to ISO")
def position_submit(request: HttpRequest, consultation_id: PathId, payload: ActIn):
    """Finalized → submitted with the ISO files (``consensus.decide``). 409 while an active
    draft lacks consensus with no override in force."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    try:
        submission = services.position_submit(actor=request.user, consultation=c)
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _position_state(c, submission)


@router.post("/{consultation_id}/drafts/{draft_id}/override",
             response={200: PositionStateOut, **WRITE},
             summary="Submit a draft without consensus, with the reason")
def draft_override(request: HttpRequest, consultation_id: PathId, draft_id: PathId,
                   payload: ReasonIn):
    """Record an override on a draft that lacks consensus (``consensus.decide``): an
    editorial revision for political or legal reasons. Reason required (400); 409 if the
    draft has consensus. It holds until the draft changes."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    try:
        services.draft_override(actor=request.user, draft=_draft(c, draft_id),
                                reason=payload.reason)
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _position_state(c)


@router.post("/{consultation_id}/drafts/{draft_id}/withdraw",
             response={200: PositionStateOut, **WRITE},
             summary="Withdraw a draft without consensus, with the reason")
def draft_withdraw(request: HttpRequest, consultation_id: PathId, draft_id: PathId,
                   payload: ReasonIn):
    """Take a draft that lacks consensus out of the position (``consensus.decide``); its
    sources become "not carried forward" with the reason. Reason required (400)."""
    require(request, "consensus.decide")
    c = consultation(request, consultation_id)
    try:
        services.draft_withdraw(actor=request.user, draft=_draft(c, draft_id),
                                reason=payload.reason)
    except ValidationError as exc:
        raise refusal(exc, plain_status=409) from exc
    return _position_state(c)
