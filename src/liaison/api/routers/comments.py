"""``/api/consultations/{id}/comments``: write, edit and read comments under the same rules as
the pages (``docs/consultations.md``): visibility from ``consultations.selectors``, admission
and freezing from ``consultations.admission``, writes through ``consultations.services``."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from liaison.api.context import consultation, found, require
from liaison.api.errors import ApiError, refusal
from liaison.api.routers.responses import READ_ONE, WRITE
from liaison.api.schemas.comments import CommentConflictOut, CommentIn, CommentOut, CommentPatch
from liaison.api.schemas.common import PathId
from liaison.consultations import drafts, selectors, services
from liaison.consultations.admission import admission, edit_admission
from liaison.consultations.models import Comment, Consultation, DraftDocument

router = Router(tags=["comments"])


def comment_out(comment: Comment, me) -> dict:
    mine = me is not None and comment.author_id == me.pk
    author = comment.author
    return {
        "id": comment.pk, "number": comment.number, "reference": comment.reference,
        **{name: getattr(comment, name) for name in (
            "mb", "line", "clause", "element", "type", "comment", "proposed_change",
            "observation", "status", "is_late", "channel", "version", "created_at",
            "updated_at", "submitted_at", "anchor_quote", "anchor")},
        "author_id": comment.author_id, "author_name": author.name if author else None,
        "mine": mine, "editable": mine and edit_admission(comment).allowed,
    }


def _me_or_403(request: HttpRequest, c: Consultation):
    me = selectors.stakeholder_of(request.user, c.liaison_org)
    if me is None:
        raise ApiError(403, _(
            "Your account is not linked to a stakeholder profile in %(org)s, so you cannot "
            "comment yet. Ask the coordinator to link your account to your stakeholder "
            "profile.") % {"org": c.liaison_org})
    return me


def _comments(request: HttpRequest, c: Consultation, *, own: bool) -> list[dict]:
    me = selectors.stakeholder_of(request.user, c.liaison_org)
    if own and me is None:
        return []
    items = selectors.visible_comments(request.user, c)
    if own:
        items = items.filter(author=me)
    for comment in items:
        comment.consultation = c
    return [comment_out(comment, me) for comment in items]


@router.get("/{consultation_id}/comments", response={200: list[CommentOut], **READ_ONE},
            summary="Comments you may read")
def comment_list(request: HttpRequest, consultation_id: PathId):
    """Your own comments (drafts included) and the submitted comments you may see: all of
    them for coordinators, others' only from the deadline on (``consultations.view``)."""
    require(request, "consultations.view")
    return _comments(request, consultation(request, consultation_id), own=False)


@router.get("/{consultation_id}/comments/mine", response={200: list[CommentOut], **READ_ONE},
            summary="Your own comments")
def comment_list_mine(request: HttpRequest, consultation_id: PathId):
    """The comments of your stakeholder profile, drafts included (empty without one)."""
    require(request, "consultations.view")
    return _comments(request, consultation(request, consultation_id), own=True)


@router.get("/{consultation_id}/comments/{comment_id}", response={200: CommentOut, **READ_ONE},
            summary="One comment you may read")
def comment_detail(request: HttpRequest, consultation_id: PathId, comment_id: PathId):
    """One comment, if the visibility rules let you read it (else 404)."""
    require(request, "consultations.view")
    c = consultation(request, consultation_id)
    comment = found(lambda: selectors.visible_comments(request.user, c).get(pk=comment_id),
                    Comment.DoesNotExist)
    comment.consultation = c
    return comment_out(comment, selectors.stakeholder_of(request.user, c.liaison_org))


def _place(c: Consultation, payload: CommentIn) -> drafts.DraftPlace | None:
    """The passage named in ``payload``, looked up in the consultation's stored draft; a
    passage it does not have is refused (400)."""
    if payload.place is None:
        return None
    try:
        draft = selectors.draft_of(c, payload.place.draft)
        return drafts.place_in(draft, payload.place.clause, payload.place.index)
    except (DraftDocument.DoesNotExist, LookupError) as exc:
        message = drafts.refused_place_message()
        raise ApiError(400, message, [{"field": "place", "message": message}]) from exc


@router.post("/{consultation_id}/comments", response={201: CommentOut, **WRITE},
             summary="Write a comment")
def comment_create(request: HttpRequest, consultation_id: PathId, payload: CommentIn):
    """A new comment as your stakeholder profile, kept as a draft or submitted
    (``comments.write``). Refused with 409 when the consultation does not take comments
    (not open yet, closed, or the deadline passed under the *refuse* policy)."""
    require(request, "comments.write")
    c = consultation(request, consultation_id)
    me = _me_or_403(request, c)
    decision = admission(c)
    if not decision.allowed:
        raise ApiError(409, decision.reason, [{"field": "", "message": decision.reason}])
    fields = payload.dict(exclude={"submit", "place"})
    try:
        comment = services.comment_create(actor=request.user, consultation=c, author=me,
                                          submit=payload.submit, place=_place(c, payload),
                                          channel=Comment.Channel.API, **fields)
    except ValidationError as exc:
        raise refusal(exc) from exc
    comment.consultation = c
    return Status(201, comment_out(comment, me))


@router.patch("/{consultation_id}/comments/{comment_id}",
              response={200: CommentOut, **WRITE, 409: CommentConflictOut},
              summary="Edit one of your comments")
def comment_update(request: HttpRequest, consultation_id: PathId, comment_id: PathId,
                   payload: CommentPatch):
    """Change (and optionally submit) one of your own comments, starting from the
    ``version`` you read. A stale version answers 409 with the comment as saved; a
    submitted comment is frozen from the deadline on (409)."""
    require(request, "comments.write")
    c = consultation(request, consultation_id)
    comment = found(lambda: selectors.own_comment(request.user, c, comment_id),
                    Comment.DoesNotExist)
    me = selectors.stakeholder_of(request.user, c.liaison_org)
    decision = edit_admission(comment)
    if not decision.allowed:
        raise ApiError(409, decision.reason, [{"field": "", "message": decision.reason}])
    changes = payload.dict(exclude={"version", "submit"}, exclude_none=True)
    try:
        comment = services.comment_update(actor=request.user, comment=comment,
                                          version=payload.version, changes=changes,
                                          submit=payload.submit)
    except services.CommentConflict as exc:
        exc.current.consultation = c
        raise refusal(exc, current=comment_out(exc.current, me)) from exc
    except ValidationError as exc:
        raise refusal(exc) from exc
    comment.consultation = c
    return comment_out(comment, me)
