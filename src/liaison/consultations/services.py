"""Writes to consultations and comments. Each runs in one transaction and records an audit
event in it.

Rules enforced here:

* a consultation's state changes only through :func:`consultation_transition` (the consensus
  workflow's steps too), which checks the declared transitions
  (:func:`liaison.consultations.states.check_transition`);
* a deadline in the past is refused when a consultation is created, its deadline changed, or
  it is (re)opened;
* opening is announcing: a draft opens with the announcement to every matching stakeholder
  (``notices.services.consultation_announce``), or without notice only for a recorded reason;
* the input window, once announced, changes only for a recorded reason and with a notice to
  everyone told, in one batch: closing before the deadline, moving the deadline of an open
  consultation, reopening a closed one;
* input is taken only when :mod:`liaison.consultations.admission` says so;
* comments are numbered per consultation under a lock on the consultation's row (max + 1), so
  concurrent writers never get the same number;
* an edit names the version it started from; a stale one raises :class:`CommentConflict`
  carrying the current comment, and changes nothing (optimistic locking);
* an import stores every row or none, and records one event with the row count and the
  file's SHA-256;
* a draft is attached only once it has been read (:func:`liaison.consultations.drafts.
  parse_draft`): a refused file stores nothing; the original is kept byte for byte with its
  SHA-256 and one event records the file, its hash and what was found in it;
* a comment placed in a draft carries its anchor (quote and position) taken from the stored
  draft of the same consultation, never from the browser.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.consultations.admission import Admission, admission, edit_admission
from liaison.consultations.drafts import DraftPlace, parse_draft, refused_place_message
from liaison.consultations.models import Comment, Consultation, DraftDocument
from liaison.consultations.states import State, TransitionNotAllowed, check_transition
from liaison.core.isoform import CommentRow
from liaison.process.services import consultation_record_process

#: Comment fields a writer may set (the ISO columns; the observation is the secretariat's).
COMMENT_FIELDS = ("mb", "line", "clause", "element", "type", "comment", "proposed_change")


class CommentConflict(ValidationError):
    """Someone saved the comment after the editor loaded it; ``current`` is the saved one."""

    def __init__(self, current: Comment) -> None:
        self.current = current
        super().__init__(
            _("This comment was changed by someone else while you were editing it (it is now "
              "version %(version)s). Nothing was saved: their text is shown below and yours is "
              "kept in the form; merge them and save again."),
            code="conflict", params={"version": current.version})


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_past_deadline(deadline) -> None:
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError({"deadline": _(
            "The deadline is in the past; choose a date and time still to come.")})


def _refuse(decision: Admission) -> None:
    if not decision.allowed:
        raise ValidationError(decision.reason, code="not_accepted")


def _locked(consultation: Consultation) -> Consultation:
    """The consultation re-read under ``SELECT … FOR UPDATE`` (serializes numbering)."""
    return Consultation.objects.select_for_update().select_related("liaison_org").get(
        pk=consultation.pk)


def _locked_for_input(consultation: Consultation) -> Consultation:
    """``consultation`` with what :func:`admission` depends on (state, deadline, late policy)
    re-read under ``SELECT … FOR UPDATE`` of its row alone: serializes numbering like
    :func:`_locked`, without joining or re-reading the rest."""
    state, deadline, late_policy = (
        Consultation.objects.select_for_update().filter(pk=consultation.pk)
        .values_list("state", "deadline", "late_policy").get())
    fresh = copy.copy(consultation)
    fresh.state, fresh.deadline, fresh.late_policy = state, deadline, late_policy
    return fresh


def _next_number(consultation: Consultation) -> int:
    """The next comment number; call only with the consultation's row locked."""
    return (consultation.comments.aggregate(n=Max("number"))["n"] or 0) + 1


def default_mb(consultation: Consultation) -> str:
    """The MB/NC or source code of a comment left blank: the organization's short name."""
    org = consultation.liaison_org
    return (org.short_name or org.name)[:40]


# --------------------------------------------------------------------------- consultations


@transaction.atomic
def consultation_create(*, actor, liaison_org, project, **fields: Any) -> Consultation:
    """A new consultation in the draft state (open it with :func:`consultation_open`)."""
    if "state" in fields:
        raise TypeError("a consultation's state changes only through its transitions")
    _refuse_past_deadline(fields.get("deadline"))
    return create_recorded(Consultation, actor=actor, verb="consultation.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, "project": project,
                                   "created_by": _actor_user(actor), **fields})


@transaction.atomic
def consultation_update(*, actor, consultation: Consultation, **fields: Any) -> Consultation:
    """Change a consultation's details; its deadline only while it is a draft (an open one's
    through :func:`consultation_extend`). The late policy is part of the announced input
    window: it too changes only while the consultation is a draft (turning "refuse" into
    "flag" after the deadline would take input again with no reason and no notice)."""
    if "state" in fields:
        raise TypeError("a consultation's state changes only through its transitions")
    consultation = _locked(consultation)
    if ("late_policy" in fields and fields["late_policy"] != consultation.late_policy
            and consultation.state != State.DRAFT):
        raise ValidationError({"late_policy": _(
            "The late policy was announced with the consultation: it changes only while the "
            "consultation is a draft. To take more input, change the deadline or reopen it, "
            "with the reason; everyone told is told.")}, code="window")
    if "deadline" in fields and fields["deadline"] != consultation.deadline:
        if consultation.state == State.OPEN:
            raise ValidationError({"deadline": _(
                "The deadline of an open consultation changes with “Change the deadline”, "
                "which asks for the reason and tells everyone told.")})
        if consultation.state != State.DRAFT:
            raise ValidationError({"deadline": _(
                "The deadline of a closed consultation changes only when it is reopened.")})
        _refuse_past_deadline(fields["deadline"])
    return update_recorded(consultation, actor=actor, verb="consultation.update",
                           liaison_org=consultation.liaison_org, fields=fields)


def consultation_transition(*, actor, consultation: Consultation, target: str, verb: str,
                           data: dict | None = None, **changes: Any) -> Consultation:
    """Move ``consultation`` to ``target`` (declared transitions only, under the row lock),
    set the field ``changes`` and record ``verb`` with ``from``/``to``, the changes and any
    extra ``data``. The one place a consultation changes state (the consensus workflow's
    steps included)."""
    consultation = _locked(consultation)
    before = consultation.state
    _check(consultation, target)
    for name, value in changes.items():
        setattr(consultation, name, value)
    consultation.state = target
    consultation.full_clean()
    consultation.save()
    audit_record(actor=actor, verb=verb, target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"consultation “{consultation}”: {before} → {target}",
                 data={"from": before, "to": target, **changes, **(data or {})})
    return consultation


def _required_reason(reason: str, field: str = "reason", message: str = "") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message or _(
            "Give the reason: it is recorded and told to every stakeholder who was told of "
            "this consultation.")}, code="reason")
    return reason


def _check(consultation: Consultation, target: str) -> None:
    try:
        check_transition(consultation.state, target)
    except TransitionNotAllowed as exc:
        raise ValidationError(str(exc), code="transition") from exc


def _tell_window_change(*, actor, consultation: Consultation, change: str, reason: str,
                        before, after) -> None:
    """Everyone the consultation's announcement told is told of the change, in this
    transaction's batch (the notices app owns notices; imported here, not at the top, since
    it depends on this module)."""
    from liaison.notices.services import window_change_announce

    window_change_announce(actor=actor, consultation=consultation, change=change,
                           reason=reason, before=before, after=after)


@transaction.atomic
def consultation_open(*, actor, consultation: Consultation, announce=None,
                      without_notice_reason: str = "") -> Consultation:
    """Open a draft for input. Opening is announcing: ``announce(consultation)`` (given by
    ``notices.services.consultation_announce``) creates, in this transaction, the
    announcement telling every matching stakeholder. Without one, it opens only with
    ``without_notice_reason`` (e.g. an internal trial), recorded in the ``consultation.open``
    event. The deadline must still be to come; the published process in force is recorded.
    A closed consultation is reopened by :func:`consultation_reopen`."""
    current = _locked(consultation)
    if current.state == State.CLOSED:
        raise ValidationError(_("A closed consultation is reopened with a new deadline and a "
                                "reason, which tells everyone told before (Reopen)."),
                              code="transition")
    _check(current, State.OPEN)
    data = {}
    if announce is None:
        data["without_notice_reason"] = _required_reason(
            without_notice_reason, "without_notice_reason", _(
                "A consultation opens by being announced to every matching stakeholder "
                "(Announce and open). To open it without telling anyone, give the reason "
                "(e.g. an internal trial); it is recorded."))
    _refuse_past_deadline(current.deadline)
    consultation = consultation_transition(
        actor=actor, consultation=current, target=State.OPEN, verb="consultation.open",
        data=data)
    consultation_record_process(actor=actor, consultation=consultation)
    if announce is not None and getattr(announce(consultation), "consultation_id",
                                        None) != consultation.pk:
        raise ValueError("announce() must return the announcement of this consultation")
    return consultation


@transaction.atomic
def consultation_reopen(*, actor, consultation: Consultation, deadline, reason: str
                        ) -> Consultation:
    """Reopen a closed consultation until a new ``deadline`` (still to come), for a
    ``reason``: recorded as ``consultation.open`` with ``reopen`` and the reason, and told to
    everyone told before (``announcement.window_change``)."""
    current = _locked(consultation)
    if current.state != State.CLOSED:
        raise ValidationError(_("Only a closed consultation can be reopened."),
                              code="transition")
    if deadline is None:
        raise ValidationError({"deadline": _("Choose the new deadline.")})
    _refuse_past_deadline(deadline)
    reason = _required_reason(reason)
    before = current.deadline
    consultation = consultation_transition(
        actor=actor, consultation=current, target=State.OPEN, verb="consultation.open",
        data={"reopen": True, "reason": reason}, deadline=deadline)
    _tell_window_change(actor=actor, consultation=consultation, change="reopened",
                        reason=reason, before=before, after=deadline)
    return consultation


@transaction.atomic
def consultation_extend(*, actor, consultation: Consultation, deadline, reason: str
                        ) -> Consultation:
    """Move the deadline of an open consultation (later, or earlier but still to come) for a
    ``reason``: ``consultation.extend`` with ``from``/``to``/``reason``, told to everyone its
    announcement told (``announcement.window_change``)."""
    current = _locked(consultation)
    if current.state != State.OPEN:
        raise ValidationError(_("Only an open consultation's deadline is changed this way: a "
                                "draft's is edited, a closed one is reopened."),
                              code="transition")
    if deadline is None or deadline == current.deadline:
        raise ValidationError({"deadline": _("Choose a deadline other than the current one.")})
    _refuse_past_deadline(deadline)
    reason = _required_reason(reason)
    before = current.deadline
    current.deadline = deadline
    current.full_clean()
    current.save(update_fields=["deadline"])
    audit_record(actor=actor, verb="consultation.extend", target=current,
                 liaison_org=current.liaison_org,
                 summary=f"consultation “{current}”: deadline {before:%Y-%m-%d %H:%M} → "
                         f"{deadline:%Y-%m-%d %H:%M} UTC",
                 data={"from": before, "to": deadline, "reason": reason})
    _tell_window_change(actor=actor, consultation=current,
                        change="extended" if deadline > before else "moved", reason=reason,
                        before=before, after=deadline)
    return current


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation, reason: str = "") -> Consultation:
    """Close an open consultation: no more input, every comment frozen. Before the announced
    deadline it needs a ``reason`` and tells everyone told (``early`` in the event, and an
    ``announcement.window_change``); at or after it, none."""
    current = _locked(consultation)
    now = timezone.now()
    early = current.state == State.OPEN and now < current.deadline
    data: dict[str, Any] = {"early": early}
    if early:
        data.update(reason=_required_reason(reason), announced_deadline=current.deadline)
    before = current.deadline
    consultation = consultation_transition(
        actor=actor, consultation=current, target=State.CLOSED, verb="consultation.close",
        data=data)
    if early:
        _tell_window_change(actor=actor, consultation=consultation, change="closed_early",
                            reason=data["reason"], before=before, after=now)
    return consultation


# --------------------------------------------------------------------------- comments


@transaction.atomic
def comment_create(*, actor, consultation: Consultation, author, submit: bool = False,
                   channel: str = Comment.Channel.WEB, place: DraftPlace | None = None,
                   **fields: Any) -> Comment:
    """A new comment by ``author`` (a stakeholder), as a draft or submitted; ``place`` anchors
    it to a passage of the consultation's draft (its quote and position are stored with it).

    Its references need no look-up: the consultation is the row just locked, ``author`` and
    ``actor`` are rows the caller read, and the number is unique by construction (taken under
    the lock); the database's constraints still enforce all three.
    """
    if place is not None and place.draft.consultation_id != consultation.pk:
        raise ValidationError(refused_place_message(), code="bad_place")
    consultation = _locked_for_input(consultation)
    decision = admission(consultation)
    _refuse(decision)
    values = {name: fields.get(name) or "" for name in COMMENT_FIELDS}
    values["mb"] = values["mb"] or default_mb(consultation)
    if place is not None:
        values.update(anchor_quote=place.quote, anchor=place.anchor())
    now = timezone.now()
    return create_recorded(Comment, actor=actor, verb="comment.create",
                           liaison_org=consultation.liaison_org, references_checked=True,
                           fields={
                               "consultation": consultation, "number": _next_number(consultation),
                               "author": author, "entered_by": _actor_user(actor),
                               "channel": channel, **values,
                               "status": Comment.Status.SUBMITTED if submit
                               else Comment.Status.DRAFT,
                               "submitted_at": now if submit else None,
                               "is_late": submit and decision.late})


@transaction.atomic
def comment_update(*, actor, comment: Comment, version: int, changes: Mapping[str, Any],
                   submit: bool = False) -> Comment:
    """Apply ``changes`` (ISO column values) to a comment still open to edits, starting from
    ``version``; ``submit`` also submits a draft. A stale ``version`` raises
    :class:`CommentConflict`."""
    current = (Comment.objects.select_for_update()
               .select_related("consultation__liaison_org").get(pk=comment.pk))
    _refuse(edit_admission(current))
    if current.version != version:
        raise CommentConflict(current)
    values = {name: changes[name] or "" for name in COMMENT_FIELDS if name in changes}
    if "mb" in values:
        values["mb"] = values["mb"] or default_mb(current.consultation)
    verb = "comment.update"
    if submit and current.status == Comment.Status.DRAFT:
        verb = "comment.submit"
        values.update(status=Comment.Status.SUBMITTED, submitted_at=timezone.now(),
                      is_late=admission(current.consultation).late)
    if all(getattr(current, name) == value for name, value in values.items()):
        return current
    values["version"] = current.version + 1
    return update_recorded(current, actor=actor, verb=verb,
                           liaison_org=current.consultation.liaison_org, fields=values)


@transaction.atomic
def comments_import(*, actor, consultation: Consultation, rows: Sequence[CommentRow],
                    filename: str, sha256: str, author=None,
                    channel: str = Comment.Channel.IMPORT, submit: bool = True,
                    keep_observations: bool = False) -> list[Comment]:
    """Store every row of an accepted form as comments of ``consultation``, or none.

    A blank MB/NC becomes the organization's short name; a row's ID is kept as the original
    comment ID; observations are kept only when ``keep_observations`` (a coordinator's
    import). Any row a database rule refuses (e.g. a clause longer than the field allows)
    refuses the whole file, naming the comment's position in it.
    """
    if not rows:
        raise ValidationError(_("%(file)s: the file holds no comments.") % {"file": filename})
    consultation = _locked(consultation)
    decision = admission(consultation)
    _refuse(decision)
    first, now = _next_number(consultation), timezone.now()
    status = Comment.Status.SUBMITTED if submit else Comment.Status.DRAFT
    comments, problems = [], []
    for index, row in enumerate(rows):
        comment = Comment(
            consultation=consultation, number=first + index, author=author,
            entered_by=_actor_user(actor), channel=channel, status=status,
            mb=row.mb or default_mb(consultation), line=row.line, clause=row.clause,
            element=row.element, type=row.type, comment=row.comment,
            proposed_change=row.proposed_change, source_ref=row.id,
            observation=row.observation if keep_observations else "",
            submitted_at=now if submit else None, is_late=submit and decision.late)
        try:
            comment.full_clean(exclude=["consultation", "author", "entered_by"],
                               validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(
                _("%(file)s, comment %(n)s of the file, column '%(column)s': %(message)s")
                % {"file": filename, "n": index + 1,
                   "column": Comment._meta.get_field(name).verbose_name, "message": message}
                for name, messages in exc.message_dict.items() for message in messages)
        comments.append(comment)
    if problems:
        raise ValidationError(problems)
    created = Comment.objects.bulk_create(comments)
    audit_record(actor=actor, verb="comments.import", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"{len(created)} comments imported into “{consultation}” from "
                 f"{filename}",
                 data={"file": filename, "sha256": sha256, "rows": len(created),
                       "channel": channel, "status": status,
                       "author": author.pk if author is not None else None,
                       "numbers": [first, first + len(created) - 1],
                       "late": submit and decision.late})
    return created


# --------------------------------------------------------------------------- drafts


@transaction.atomic
def draft_attach(*, actor, consultation: Consultation, data: bytes,
                 filename: str) -> DraftDocument:
    """Attach the draft under consultation (PDF or .docx) after reading its structure; it
    becomes the consultation's current draft. A refused file raises ``ValidationError`` and
    stores nothing."""
    parsed = parse_draft(data, filename)
    structure = parsed.structure
    draft = DraftDocument.objects.create(
        consultation=consultation, filename=parsed.filename, format=parsed.format,
        content=data, size=len(data), sha256=parsed.sha256, structure=structure.to_dict(),
        uploaded_by=_actor_user(actor))
    elements = sum(len(c.elements) for c in structure.clauses)
    audit_record(actor=actor, verb="draft.attach", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"draft {parsed.filename} attached to “{consultation}”",
                 data={"draft": draft.pk, "file": parsed.filename, "sha256": parsed.sha256,
                       "size": len(data), "format": parsed.format, "pages": structure.pages,
                       "clauses": sum(bool(c.number) for c in structure.clauses),
                       "elements": elements, "line_numbers": structure.line_numbers})
    return draft
