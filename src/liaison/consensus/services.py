"""Writes to the consensus position. Each runs in one transaction and records an audit event
in it.

Rules enforced here:

* drafting, positions and dispositions happen while the consultation is *consolidating*
  (:func:`consolidation_start` moves it there once the deadline has passed);
* a draft's text changes only from the version the editor loaded; a stale version raises
  :class:`DraftConflict` carrying the current draft, and nothing changes;
* after finalization a draft's text may still change, but only with a political or legal
  reason; every text change is kept as a :class:`Revision` with its diff, and the audit event
  carries the same diff;
* when a draft's text changes, every position given on an earlier text is marked for review
  and its author told;
* a fundamental objection needs an argument and opens an :class:`Objection`; changing the
  position withdraws it; only a coordinator resolves it (resolution text, by whom, when);
* every input comment needs a disposition, with a reason unless it was merged into a draft;
* the position is finalized only when every comment has a disposition, no objection to an
  active draft is open or disputed, and every active draft has consensus under the
  organization's rule or was covered by an override (:class:`FinalizationBlocked` lists what
  is missing); it is submitted, under the same consensus condition, with the ISO .docx and
  .xlsx (each override marked in its draft's observations), whose SHA-256 are recorded, and
  everyone who took part is told;
* a draft lacking consensus leaves the position only by an explicit act with a reason:
  :func:`draft_withdraw` (its sources' "merged into" dispositions become "not carried
  forward", naming the draft and reason) or :func:`draft_override` (an editorial revision for
  political or legal reasons, the only post-consensus change the process allows), which holds
  for the draft's current version only (see :mod:`liaison.consensus.coverage`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit.services import (
    audit_record,
    audit_record_many,
    create_recorded,
    update_recorded,
)
from liaison.consensus import analysis, coverage, evaluation, export
from liaison.consensus.clauses import clause_key
from liaison.consensus.diffs import text_diff
from liaison.consensus.evaluation import evaluate_consultation
from liaison.consensus.models import (
    Analysis,
    Disposition,
    DispositionBatch,
    Draft,
    Objection,
    ObservationImport,
    Override,
    Position,
    PositionCall,
    Revision,
    Submission,
    draft_reference,
    legacy_draft_reference,
)
from liaison.consultations.models import Comment, Consultation
from liaison.consultations.services import consultation_transition
from liaison.consultations.states import State
from liaison.core.isoform import CommentRow
from liaison.core.merge_text import merge_texts
from liaison.notices.recipients import Scope
from liaison.notices.services import step_tell

TYPE_RANK = {"te": 3, "ge": 2, "ed": 1, "": 0}
AFTER_FINALIZATION = (State.FINALIZED, State.SUBMITTED)


class DraftConflict(ValidationError):
    """Someone saved the draft after the editor loaded it; ``current`` is the saved one."""

    def __init__(self, current: Draft) -> None:
        self.current = current
        super().__init__(
            _("Someone else changed this draft while you were editing it (it is now version "
              "%(version)s). Nothing was saved: their text is shown below and yours is kept "
              "in the form; merge them and save again."),
            code="conflict", params={"version": current.version})


class FinalizationBlocked(ValidationError):
    """The position cannot be finalized (or submitted) yet; ``missing`` lists why, one line
    each, and ``drafts`` the drafts that lack consensus with no override."""

    def __init__(self, missing: list[str], drafts: Sequence[Draft] = (),
                 head: str = "") -> None:
        self.missing, self.drafts = missing, list(drafts)
        super().__init__([head or _("The position cannot be finalized yet:"), *missing],
                         code="blocked")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(consultation: Consultation) -> Consultation:
    return (Consultation.objects.select_for_update()
            .select_related("liaison_org", "project").get(pk=consultation.pk))


def _require_state(consultation: Consultation, *states: str) -> None:
    if consultation.state not in states:
        raise ValidationError(
            _("This cannot be done while the consultation is %(state)s.")
            % {"state": consultation.get_state_display()}, code="state")


def _input_comments(consultation: Consultation):
    return Comment.objects.filter(consultation=consultation, status=Comment.Status.SUBMITTED)


# ------------------------------------------------------------------ consolidation


@transaction.atomic
def consolidation_start(*, actor, consultation: Consultation) -> Consultation:
    """Closed (or open with its deadline passed, which closes it) → consolidating; the
    comments are analysed (clusters, contradictions) in the same transaction, so the
    consolidation view finds the analysis ready."""
    consultation = _locked(consultation)
    if consultation.state == State.OPEN:
        if not consultation.deadline_passed():
            raise ValidationError(_("Consolidation starts after the deadline."), code="early")
        consultation_transition(actor=actor, consultation=consultation, target=State.CLOSED,
                                verb="consultation.close",
                                data={"by": "consolidation", "early": False})
    consultation = consultation_transition(
        actor=actor, consultation=consultation, target=State.CONSOLIDATING,
        verb="consensus.start")
    analysis_refresh(actor=actor, consultation=consultation)  # the comments are final now
    return consultation


_ANALYSED = ("pk", "version", "mb", "number", "clause", "line", "element", "type", "comment",
             "proposed_change")


@transaction.atomic
def analysis_refresh(*, actor, consultation: Consultation, force: bool = False) -> Analysis:
    """Compute the clusters and contradictions again unless the stored ones still match the
    comments (or ``force``)."""
    rows = list(_input_comments(consultation).order_by("number").values(*_ANALYSED))
    mark = analysis.fingerprint((r["pk"], r["version"]) for r in rows)
    stored = Analysis.objects.select_for_update().filter(consultation=consultation).first()
    if stored is not None and stored.fingerprint == mark and not force:
        return stored
    clusters, contradictions, seconds = analysis.analyse(rows)
    values = {"fingerprint": mark, "n_comments": len(rows), "clusters": clusters,
              "contradictions": contradictions, "seconds": round(seconds, 3)}
    if stored is None:
        stored = Analysis.objects.create(consultation=consultation, **values)
    else:
        for name, value in values.items():
            setattr(stored, name, value)
        stored.save()
    audit_record(actor=actor, verb="consensus.analyse", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"comments of “{consultation}” analysed: {len(clusters)} clusters, "
                         f"{len(contradictions)} contradictory pairs in {len(rows)} comments",
                 data={"fingerprint": mark, "clusters": len(clusters),
                       "contradictions": len(contradictions), "seconds": round(seconds, 3)})
    return stored


# ------------------------------------------------------------------ drafts


def _merged_fields(comments: Sequence[Comment], first: Comment) -> dict[str, str]:
    """The 8 columns of a draft made of ``comments``, ``first`` (the cluster's representative)
    leading: its place, the most significant type, the merged texts."""
    ordered = [first, *[c for c in comments if c.pk != first.pk]]
    return {
        "mb": "", "line": first.line, "clause": first.clause, "element": first.element,
        "type": max((c.type for c in ordered), key=lambda t: TYPE_RANK.get(t, 0)),
        "comment": merge_texts([c.comment for c in ordered if c.comment.strip()]),
        "proposed_change": merge_texts([c.proposed_change for c in ordered
                                        if c.proposed_change.strip()]),
    }


def _check_sources(consultation: Consultation, comments: Sequence[Comment]) -> None:
    if not comments:
        raise ValidationError(_("Choose at least one comment."), code="empty")
    if any(c.consultation_id != consultation.pk or c.status != Comment.Status.SUBMITTED
           for c in comments):
        raise ValidationError(_("Only this consultation's submitted comments can be used."))


def _point_dispositions(actor, comments: Sequence[Comment], draft: Draft,
                        only_missing: bool) -> list[int]:
    """Dispositions "merged into ``draft``" for ``comments`` (all of them, or only those
    without one). Returns the comment ids changed."""
    existing = {d.comment_id: d for d in Disposition.objects.filter(comment__in=comments)}
    changed = []
    for comment in comments:
        current = existing.get(comment.pk)
        if current is None:
            Disposition.objects.create(comment=comment, consultation_id=draft.consultation_id,
                                       kind=Disposition.Kind.MERGED, draft=draft,
                                       decided_by=_user(actor))
            changed.append(comment.pk)
        elif not only_missing or current.kind == Disposition.Kind.MERGED:
            Disposition.objects.filter(pk=current.pk).update(
                kind=Disposition.Kind.MERGED, draft=draft, reason="",
                decided_by=_user(actor), decided_at=timezone.now())
            changed.append(comment.pk)
    return changed


@transaction.atomic
def draft_create(*, actor, consultation: Consultation, comments: Sequence[Comment],
                 representative: Comment | None = None,
                 fields: Mapping[str, str] | None = None) -> Draft:
    """A draft consensus comment from ``comments`` (e.g. a redundancy cluster): merged text
    unless ``fields`` are given, a link to every source comment, and "merged into" this draft
    as the disposition of every source that had none (or was merged elsewhere)."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    comments = list(comments)
    _check_sources(consultation, comments)
    first = representative if representative in comments else comments[0]
    values = _merged_fields(comments, first) if fields is None else {
        name: fields.get(name) or "" for name in Draft.TEXT_FIELDS}
    values["mb"] = values.get("mb") or consultation.liaison_org.short_name[:40]
    top = Draft.objects.filter(consultation=consultation).aggregate(
        n=Max("number"), o=Max("order"))
    draft = create_recorded(
        Draft, actor=actor, verb="draft.create", liaison_org=consultation.liaison_org,
        fields={"consultation": consultation, "number": (top["n"] or 0) + 1,
                "order": (top["o"] or 0) + 1, "created_by": _user(actor), **values},
        m2m={"sources": [c.pk for c in comments]})
    _point_dispositions(actor, comments, draft, only_missing=True)
    return draft


@transaction.atomic
def drafts_from_clusters(*, actor, consultation: Consultation) -> list[Draft]:
    """One draft per redundancy cluster of the stored analysis (through
    :func:`draft_create`: merged text, its representative first, "merged into" for its
    members), skipping the clusters of which a member already feeds an active draft.
    Refused when no cluster is left to draft."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    stored = Analysis.objects.filter(consultation=consultation).first()
    drafted = set(Draft.sources.through.objects.filter(
        draft__consultation=consultation, draft__status=Draft.Status.ACTIVE)
        .values_list("comment_id", flat=True))
    comments = {c.pk: c for c in _input_comments(consultation)}
    made = []
    for entry in [] if stored is None else stored.clusters:
        members = [comments[int(m)] for m in entry["members"] if int(m) in comments]
        if (entry.get("relation", "redundant") != "redundant" or len(members) < 2
                or any(c.pk in drafted for c in members)):
            continue
        made.append(draft_create(actor=actor, consultation=consultation, comments=members,
                                 representative=comments.get(int(entry["representative"]))))
    if not made:
        raise ValidationError(_("Every cluster is already in a draft."), code="nothing")
    return made


def _current(draft: Draft) -> Draft:
    return (Draft.objects.select_for_update().select_related("consultation__liaison_org")
            .get(pk=draft.pk))


def _mark_for_review(actor, draft: Draft) -> None:
    """Positions given on an earlier text of ``draft`` are marked for review; their authors
    are told."""
    stale = Position.objects.filter(draft=draft, draft_version__lt=draft.version,
                                    needs_review=False)
    rows = list(stale.select_related("user").values_list("pk", "user__email", "user_id"))
    if not rows:
        return
    seq = evaluation.positions_written(draft.consultation_id)
    stale.update(needs_review=True, version=F("version") + 1, updated_at=timezone.now(),
                 seq=seq)
    consultation = draft.consultation
    step_tell(
        actor=actor, trigger="positions.review", target=draft,
        scope=Scope(consultation.liaison_org, consultation, positions=[p for p, _e, _u in rows]),
        summary=f"{len(rows)} position(s) on {draft.reference} marked for review",
        context={"ref": draft.reference, "title": consultation.title,
                 "path": reverse("consensus:draft", args=[consultation.pk, draft.pk])},
        data={"positions": [pk for pk, _e, _u in rows], "users": [u for _p, _e, u in rows],
              "draft_version": draft.version})


@transaction.atomic
def draft_update(*, actor, draft: Draft, version: int, changes: Mapping[str, Any],
                 reason_kind: str = "", reason: str = "") -> Draft:
    """Change a draft's ISO columns from ``version`` (see the module rules for conflicts,
    reasons after finalization, revisions and reviews)."""
    current = _current(draft)
    consultation = current.consultation
    _require_state(consultation, State.CONSOLIDATING, *AFTER_FINALIZATION)
    if current.status != Draft.Status.ACTIVE:
        raise ValidationError(_("This draft was merged into another one; edit that one."))
    if current.version != version:
        raise DraftConflict(current)
    values = {name: (changes[name] or "") for name in Draft.TEXT_FIELDS if name in changes}
    if "mb" in values:
        values["mb"] = values["mb"] or consultation.liaison_org.short_name[:40]
    before = {name: getattr(current, name) for name in values}
    diff = text_diff(before, values)
    if not diff:
        return current
    late = consultation.state in AFTER_FINALIZATION
    if late:
        errors = {}
        if reason_kind not in (Revision.ReasonKind.POLITICAL, Revision.ReasonKind.LEGAL):
            errors["reason_kind"] = _("After finalization an edit needs a political or legal "
                                      "reason: choose which.")
        if not (reason or "").strip():
            errors["reason"] = _("After finalization an edit needs its reason, recorded.")
        if errors:
            raise ValidationError(errors, code="reason_required")
    else:
        reason_kind = Revision.ReasonKind.EDITORIAL
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    Revision.objects.create(draft=current, from_version=version, to_version=current.version,
                            after_finalization=late, reason_kind=reason_kind,
                            reason=(reason or "").strip(), diff=diff, by=_user(actor))
    audit_record(actor=actor, verb="draft.revise" if late else "draft.update", target=current,
                 liaison_org=consultation.liaison_org,
                 summary=f"draft {current.reference} changed"
                         + (f" after finalization ({reason_kind}: {reason.strip()[:200]})"
                            if late else ""),
                 data={"from_version": version, "to_version": current.version,
                       "changes": {n: [before[n], values[n]] for n in values
                                   if before[n] != values[n]},
                       "diff": diff, "after_finalization": late, "reason_kind": reason_kind,
                       "reason": (reason or "").strip()})
    _mark_for_review(actor, current)
    return current


@transaction.atomic
def draft_split(*, actor, draft: Draft, comments: Sequence[Comment]) -> Draft:
    """Move some of a draft's source comments to a new draft (merged text of those
    comments); their "merged into" dispositions follow them."""
    current = _current(draft)
    _require_state(current.consultation, State.CONSOLIDATING)
    sources = set(current.sources.values_list("pk", flat=True))
    moving = [c for c in comments if c.pk in sources]
    if not moving or len(moving) != len(list(comments)):
        raise ValidationError(_("Choose some of this draft's own source comments."))
    if len(moving) == len(sources):
        raise ValidationError(_("Leave at least one source comment in the original draft."))
    consultation = current.consultation
    top = Draft.objects.filter(consultation=consultation).aggregate(n=Max("number"))
    values = _merged_fields(moving, moving[0])
    values["mb"] = current.mb
    new = Draft.objects.create(consultation=consultation, number=(top["n"] or 0) + 1,
                               order=current.order, created_by=_user(actor), **values)
    new.sources.set([c.pk for c in moving])
    current.sources.remove(*moving)
    Disposition.objects.filter(comment__in=moving, kind=Disposition.Kind.MERGED).update(
        draft=new, decided_by=_user(actor), decided_at=timezone.now())
    audit_record(actor=actor, verb="draft.split", target=current,
                 liaison_org=consultation.liaison_org,
                 summary=f"draft {current.reference} split: {len(moving)} source comment(s) "
                         f"moved to new draft {new.reference}",
                 data={"from": current.pk, "to": new.pk, "moved": [c.pk for c in moving]})
    return new


@transaction.atomic
def draft_merge(*, actor, target: Draft, others: Sequence[Draft]) -> Draft:
    """Merge ``others`` into ``target``: sources joined, texts merged, the others marked
    merged; their dispositions follow. Drafts with an open objection cannot be merged away."""
    current = _current(target)
    consultation = current.consultation
    _require_state(consultation, State.CONSOLIDATING)
    others = [d for d in Draft.objects.select_for_update().filter(
        pk__in=[o.pk for o in others], consultation=consultation, status=Draft.Status.ACTIVE)
        if d.pk != current.pk]
    if not others:
        raise ValidationError(_("Choose at least one other active draft to merge."))
    blocked = [d.reference for d in others if d.objections.filter(
        state__in=Objection.BLOCKING).exists()]
    if blocked:
        raise ValidationError(_("Resolve the open objections to %(refs)s before merging them.")
                              % {"refs": ", ".join(blocked)})
    before = {name: getattr(current, name) for name in Draft.TEXT_FIELDS}
    after = dict(before)
    after["comment"] = merge_texts([current.comment, *[d.comment for d in others]])
    after["proposed_change"] = merge_texts(
        [t for t in [current.proposed_change, *[d.proposed_change for d in others]] if t])
    after["type"] = max([current.type, *[d.type for d in others]],
                        key=lambda t: TYPE_RANK.get(t, 0))
    diff = text_diff(before, after)
    for name, value in after.items():
        setattr(current, name, value)
    old_version = current.version
    current.version += 1
    current.save()
    moved = []
    for other in others:
        ids = list(other.sources.values_list("pk", flat=True))
        current.sources.add(*ids)
        moved += ids
        Draft.objects.filter(pk=other.pk).update(status=Draft.Status.MERGED,
                                                 merged_into=current)
    Disposition.objects.filter(draft__in=others).update(draft=current)
    Revision.objects.create(draft=current, from_version=old_version,
                            to_version=current.version, diff=diff or "(sources only)",
                            reason=_("merged %(refs)s") % {
                                "refs": ", ".join(d.reference for d in others)},
                            by=_user(actor))
    audit_record(actor=actor, verb="draft.merge", target=current,
                 liaison_org=consultation.liaison_org,
                 summary=f"{', '.join(d.reference for d in others)} merged into "
                         f"{current.reference}",
                 data={"merged": [d.pk for d in others], "sources_added": moved, "diff": diff,
                       "to_version": current.version})
    _mark_for_review(actor, current)
    return current


@transaction.atomic
def drafts_order_by_clause(*, actor, consultation: Consultation) -> list[Draft]:
    """Number the active drafts' order by clause (``5.2`` before ``5.10``, no clause last)."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    drafts = sorted(Draft.objects.filter(consultation=consultation,
                                         status=Draft.Status.ACTIVE),
                    key=lambda d: (clause_key(d.clause), d.number))
    for index, draft in enumerate(drafts, start=1):
        if draft.order != index:
            draft.order = index
            Draft.objects.filter(pk=draft.pk).update(order=index)
    audit_record(actor=actor, verb="drafts.order", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"drafts of “{consultation}” ordered by clause",
                 data={"order": [d.pk for d in drafts]})
    return drafts


def _lacking_draft(draft: Draft) -> tuple[Draft, dict]:
    """The locked draft, if it is active in a consolidating or finalized position and lacks
    consensus, with its verdict (JSON-ready); else a ValidationError."""
    current = _current(draft)
    _require_state(current.consultation, State.CONSOLIDATING, State.FINALIZED)
    if current.status != Draft.Status.ACTIVE:
        raise ValidationError(_("Only an active draft can be withdrawn or overridden."),
                              code="state")
    result = evaluate_consultation(current.consultation).of(current.pk)
    if result is None or result.verdict.consensus:
        raise ValidationError(_("%(ref)s has consensus: it is submitted as it is.")
                              % {"ref": current.reference}, code="blocked")
    return current, result.verdict.as_dict()


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is recorded and shown with "
                                           "the position.")}, code="reason_required")
    return reason


@transaction.atomic
def draft_override(*, actor, draft: Draft, reason: str) -> Override:
    """Record that ``draft``, which lacks consensus, is submitted anyway, with the reason (an
    editorial revision for political or legal reasons). It holds for the draft's current
    version; the verdict it overrides is kept with it."""
    reason = _required_reason(reason)
    current, verdict = _lacking_draft(draft)
    consultation = current.consultation
    override = Override.objects.create(
        consultation=consultation, draft=current, draft_version=current.version,
        reason=reason, verdict=verdict, by=_user(actor))
    audit_record(actor=actor, verb="draft.override", target=current,
                 liaison_org=consultation.liaison_org,
                 summary=f"{current.reference} submitted without consensus: {reason[:200]}",
                 data={"draft": current.pk, "ref": current.reference, "reason": reason,
                       "verdict": verdict})
    return override


@transaction.atomic
def draft_withdraw(*, actor, draft: Draft, reason: str) -> Draft:
    """Take ``draft``, which lacks consensus, out of the position, with the reason; its
    sources' "merged into" dispositions become "not carried forward" with that reason."""
    reason = _required_reason(reason)
    current, _verdict = _lacking_draft(draft)
    consultation = current.consultation
    current.status, current.withdrawn_reason = Draft.Status.WITHDRAWN, reason
    current.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    moved = Disposition.objects.filter(draft=current, kind=Disposition.Kind.MERGED)
    comments = list(moved.values_list("comment_id", flat=True))
    moved.update(kind=Disposition.Kind.NOT_CARRIED, draft=None, decided_by=_user(actor),
                 decided_at=timezone.now(),
                 reason=_("Consensus comment %(ref)s was withdrawn: %(reason)s")
                 % {"ref": current.reference, "reason": reason})
    audit_record(actor=actor, verb="draft.withdraw", target=current,
                 liaison_org=consultation.liaison_org,
                 summary=f"{current.reference} withdrawn: {reason[:200]}",
                 data={"draft": current.pk, "ref": current.reference, "reason": reason,
                       "dispositions": comments})
    return current


# ------------------------------------------------------------------ positions and objections


@transaction.atomic
def position_state(*, actor, draft: Draft, value: int, argument: str = "",
                   stakeholder=None, participant=None, meeting=None) -> Position:
    """``actor`` states (or changes) their own position on ``draft``; or, with
    ``participant`` and ``meeting``, enters the position ``participant`` gave at that
    committee meeting on their behalf (kept with the meeting as its source)."""
    on_behalf = participant is not None and participant != actor
    if on_behalf and meeting is None:
        raise ValidationError(_("A position is entered on someone's behalf only as given at a "
                                "meeting: name the meeting."))
    participant = participant if on_behalf else actor
    draft = Draft.objects.select_related("consultation__liaison_org").get(pk=draft.pk)
    consultation = draft.consultation
    _require_state(consultation, State.CONSOLIDATING)
    if draft.status != Draft.Status.ACTIVE:
        raise ValidationError(_("This draft was merged into another one."))
    value = int(value)
    if value not in Position.Value.values:
        raise ValidationError({"value": _("Choose one of the positions offered.")})
    argument = (argument or "").strip()
    now = timezone.now()
    # the counter first (then the position row), as in _mark_for_review: no deadlock
    seq = evaluation.positions_written(consultation.pk)
    position = Position.objects.select_for_update().filter(draft=draft,
                                                           user=participant).first()
    before = None if position is None else (position.value, position.argument)
    if position is None:
        position = Position(consultation=consultation, draft=draft, user=participant,
                            stakeholder=stakeholder, stated_at=now, value=value,
                            argument=argument, draft_version=draft.version)
    else:
        position.version += 1
    position.value, position.argument = value, argument
    position.draft_version, position.needs_review, position.stated_at = draft.version, False, now
    position.seq = seq
    position.meeting = meeting if on_behalf else None
    position.entered_by = _user(actor) if on_behalf else None
    position.full_clean(exclude=["consultation", "draft", "user", "stakeholder", "meeting",
                                 "entered_by"])
    position.save()
    fundamental = value == Position.Value.FUNDAMENTAL_OBJECTION
    open_ones = Objection.objects.filter(position=position, state=Objection.State.OPEN)
    if fundamental:
        if not open_ones.update(argument=argument):
            Objection.objects.create(consultation=consultation, draft=draft, position=position,
                                     raised_by=participant, argument=argument)
    else:
        open_ones.update(state=Objection.State.WITHDRAWN, resolved_at=now)
    audit_record(actor=actor, verb="position.state", target=position,
                 liaison_org=consultation.liaison_org,
                 summary=f"{participant} on {draft.reference}: {position.get_value_display()}"
                         + (f" (given at meeting “{meeting}”, entered by {actor})"
                            if on_behalf else ""),
                 data={"draft": draft.pk, "draft_version": draft.version, "value": value,
                       "argument": argument, "before": before,
                       **({"participant": participant.pk, "meeting": meeting.pk}
                          if on_behalf else {})})
    return position


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, resolution: str) -> Objection:
    """Record how a fundamental objection was overcome (required text), by whom and when."""
    objection = Objection.objects.select_for_update().select_related(
        "consultation__liaison_org", "draft").get(pk=objection.pk)
    if objection.state not in Objection.BLOCKING:
        raise ValidationError(_("This objection is no longer open."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the objection was resolved.")})
    objection.state = Objection.State.RESOLVED
    objection.resolution = resolution.strip()
    objection.resolved_by, objection.resolved_at = _user(actor), timezone.now()
    objection.save()
    audit_record(actor=actor, verb="objection.resolve", target=objection,
                 liaison_org=objection.consultation.liaison_org,
                 summary=f"objection to {objection.draft.reference} resolved",
                 data={"draft": objection.draft_id, "resolution": objection.resolution})
    return objection


@transaction.atomic
def objection_refer(*, actor, objection: Objection, dispute_ref: str) -> Objection:
    """Extension point for the appeals app: an objection that cannot be overcome is referred
    to the dispute ``dispute_ref``; it keeps blocking finalization until resolved."""
    objection = Objection.objects.select_for_update().select_related(
        "consultation__liaison_org", "draft").get(pk=objection.pk)
    if objection.state != Objection.State.OPEN:
        raise ValidationError(_("Only an open objection can be referred to a dispute."))
    objection.state, objection.dispute_ref = Objection.State.DISPUTED, dispute_ref[:80]
    objection.save()
    audit_record(actor=actor, verb="objection.refer", target=objection,
                 liaison_org=objection.consultation.liaison_org,
                 summary=f"objection to {objection.draft.reference} referred to {dispute_ref}",
                 data={"draft": objection.draft_id, "dispute": dispute_ref})
    return objection


# ------------------------------------------------------------------ dispositions


def _check_draft(consultation: Consultation, draft: Draft | None) -> None:
    if draft is not None and (draft.consultation_id != consultation.pk
                              or draft.status != Draft.Status.ACTIVE):
        raise ValidationError({"draft": _("Choose an active draft of this consultation.")})


def _not_carried_check(comment: Comment, kind: str) -> None:
    """A comment still a source of an active draft is carried forward: "not carried
    forward" is refused, naming the draft."""
    if kind != Disposition.Kind.NOT_CARRIED:
        return
    feeding = list(Draft.objects.filter(sources=comment, status=Draft.Status.ACTIVE)
                   .order_by("order", "number"))
    if feeding:
        raise ValidationError({"kind": _(
            "%(ref)s is still a source of the consensus comment %(drafts)s, so it is "
            "carried forward: split it off that draft (or withdraw the draft) first.")
            % {"ref": comment.reference,
               "drafts": ", ".join(d.reference for d in feeding)}}, code="source")


def _disposition_write(actor, consultation: Consultation, comment: Comment, kind: str,
                       draft: Draft | None, reason: str) -> Disposition:
    """Check and store one disposition with its audit event (the consultation is locked and
    consolidating). Raises before any write when refused."""
    if comment.status != Comment.Status.SUBMITTED or comment.consultation_id != consultation.pk:
        raise ValidationError(_("Only submitted comments get a disposition."))
    _not_carried_check(comment, kind)
    disposition = Disposition.objects.filter(comment=comment).first()
    before = None if disposition is None else (disposition.kind, disposition.draft_id,
                                               disposition.reason)
    disposition = disposition or Disposition(comment=comment, consultation=consultation)
    disposition.kind, disposition.draft = kind, draft
    disposition.reason = (reason or "").strip()
    disposition.decided_by = _user(actor)
    disposition.full_clean(exclude=["comment", "consultation"])
    disposition.save()
    if kind == Disposition.Kind.MERGED and draft is not None:
        draft.sources.add(comment)
    audit_record(actor=actor, verb="disposition.set", target=disposition,
                 liaison_org=consultation.liaison_org,
                 summary=f"{comment.reference}: {disposition.get_kind_display()}"
                         + (f" {draft.reference}" if draft is not None else ""),
                 data={"comment": comment.pk, "kind": kind,
                       "draft": draft.pk if draft else None, "reason": disposition.reason,
                       "before": before})
    return disposition


@transaction.atomic
def disposition_set(*, actor, comment: Comment, kind: str, draft: Draft | None = None,
                    reason: str = "") -> Disposition:
    """Record what became of one input comment: one state, whose draft link the state
    implies (``Disposition.clean``: merged names a draft, noted and not carried forward name
    none; a reason unless merged). A comment still a source of an active draft is not "not
    carried forward": it is refused, naming the draft (take it out of that draft first, by
    splitting or withdrawing the draft, so that the draft's own change is its own act)."""
    consultation = _locked(comment.consultation)
    _require_state(consultation, State.CONSOLIDATING)
    _check_draft(consultation, draft)
    return _disposition_write(actor, consultation, comment, kind, draft, reason)


class BulkRefused(ValidationError):
    """Some comments of a bulk step cannot take the disposition; ``by_comment`` maps each
    such comment's pk to its messages. Nothing was stored."""

    def __init__(self, by_comment: dict[int, list[str]], references: dict[int, str]) -> None:
        self.by_comment = by_comment
        super().__init__([f"{references[pk]}: {' '.join(msgs)}"
                          for pk, msgs in by_comment.items()], code="bulk")


def _sources_of_active_drafts(comments: Sequence[Comment]) -> dict[int, list[str]]:
    """Comment pk → references of the active drafts it feeds (one query)."""
    feeding: dict[int, list[str]] = {}
    for comment_id, mb, number in (Draft.sources.through.objects
                                   .filter(comment__in=comments,
                                           draft__status=Draft.Status.ACTIVE)
                                   .order_by("draft__order", "draft__number")
                                   .values_list("comment_id", "draft__mb", "draft__number")):
        feeding.setdefault(comment_id, []).append(draft_reference(mb, number))
    return feeding


@transaction.atomic
def dispositions_set_bulk(*, actor, comments: Sequence[Comment], kind: str,
                          draft: Draft | None = None, reason: str = "") -> DispositionBatch:
    """The same disposition for many comments, all or nothing: every comment obeys the
    rules of :func:`disposition_set` (a refusal common to all — missing reason, a draft the
    kind forbids or needs — is raised once, by field; refusals of single comments are raised
    together as :class:`BulkRefused`). One ``disposition.set`` audit event per comment and one
    ``dispositions.bulk`` event naming the step, kept as a :class:`DispositionBatch` so that
    :func:`dispositions_undo_last_bulk` can restore what each comment had. The rules are
    checked once for the step and the rows written set-wise (a fixed number of queries)."""
    comments = list(comments)
    if not comments:
        raise ValidationError(_("Choose at least one comment."), code="empty")
    consultation = _locked(comments[0].consultation)
    _require_state(consultation, State.CONSOLIDATING)
    _check_draft(consultation, draft)
    reason = (reason or "").strip()
    Disposition(kind=kind, draft=draft, reason=reason).clean()
    refused: dict[int, list[str]] = {}
    for comment in comments:
        if (comment.status != Comment.Status.SUBMITTED
                or comment.consultation_id != consultation.pk):
            refused[comment.pk] = [_("Only submitted comments get a disposition.")]
    if kind == Disposition.Kind.NOT_CARRIED and not refused:
        feeding = _sources_of_active_drafts(comments)
        for comment in comments:
            if drafts := feeding.get(comment.pk):
                refused[comment.pk] = [_(
                    "%(ref)s is still a source of the consensus comment %(drafts)s, so it is "
                    "carried forward: split it off that draft (or withdraw the draft) first.")
                    % {"ref": comment.reference, "drafts": ", ".join(drafts)}]
    if refused:
        raise BulkRefused(refused, {c.pk: c.reference for c in comments})
    existing = {d.comment_id: d for d in Disposition.objects.filter(comment__in=comments)}
    already = set() if draft is None or kind != Disposition.Kind.MERGED else set(
        draft.sources.filter(pk__in=[c.pk for c in comments]).values_list("pk", flat=True))
    batch = DispositionBatch(consultation=consultation, kind=kind, draft=draft, reason=reason,
                             decided_by=_user(actor))
    now, user, fresh, changed = timezone.now(), _user(actor), [], []
    for comment in comments:
        current = existing.get(comment.pk)
        before = None if current is None else [current.kind, current.draft_id, current.reason]
        added = draft is not None and kind == Disposition.Kind.MERGED and (
            comment.pk not in already)
        batch.entries.append({"comment": comment.pk, "before": before, "added_source": added})
        if current is None:
            fresh.append(Disposition(comment=comment, consultation=consultation, kind=kind,
                                     draft=draft, reason=reason, decided_by=user))
        else:
            current.kind, current.draft, current.reason = kind, draft, reason
            current.decided_by, current.decided_at = user, now
            changed.append(current)
    batch.save()
    Disposition.objects.bulk_create(fresh)
    Disposition.objects.bulk_update(changed, ["kind", "draft", "reason", "decided_by",
                                              "decided_at"])
    if draft is not None and kind == Disposition.Kind.MERGED:
        draft.sources.add(*[c for c in comments if c.pk not in already])
    records = {d.comment_id: d for d in [*fresh, *changed]}
    label = Disposition(kind=kind).get_kind_display()
    audit_record_many(actor=actor, liaison_org=consultation.liaison_org, entries=[
        *(("disposition.set",
           f"{c.reference}: {label}" + (f" {draft.reference}" if draft is not None else ""),
           records[c.pk],
           {"comment": c.pk, "kind": kind, "draft": draft.pk if draft else None,
            "reason": reason, "before": entry["before"], "batch": batch.pk})
          for c, entry in zip(comments, batch.entries, strict=True)),
        ("dispositions.bulk",
         f"{len(comments)} comments: {label}"
         + (f" {draft.reference}" if draft is not None else ""), batch,
         {"batch": batch.pk, "kind": kind, "draft": draft.pk if draft else None,
          "reason": reason, "comments": [c.pk for c in comments]})])
    return batch


def last_bulk(consultation: Consultation) -> DispositionBatch | None:
    """The consultation's last bulk step, if it was not undone."""
    batch = DispositionBatch.objects.filter(consultation=consultation).first()
    return None if batch is None or batch.undone_at is not None else batch


@transaction.atomic
def dispositions_undo_last_bulk(*, actor, consultation: Consultation) -> DispositionBatch:
    """Give every comment of the last bulk step back the disposition it had before (none,
    or its kind, draft and reason; taken out again of the draft's sources if the step put it
    there), while the position is not finalized. Refused, changing nothing, when there is no
    step to undo, or when a comment's disposition was changed since (it names them) or its
    former disposition no longer holds (its draft is no longer active, or "not carried
    forward" while the comment feeds an active draft). One ``disposition.undo`` audit event
    per comment and one ``dispositions.bulk_undo``."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    batch = last_bulk(consultation)
    if batch is None:
        raise ValidationError(_("There is no bulk step to undo."), code="nothing")
    pks = [e["comment"] for e in batch.entries]
    current = {d.comment_id: d for d in Disposition.objects.filter(comment_id__in=pks)}
    comments = {c.pk: c for c in Comment.objects.filter(pk__in=pks)}
    changed = [comments[pk].reference for pk in pks
               if pk not in current or (current[pk].kind, current[pk].draft_id,
                                        current[pk].reason)
               != (batch.kind, batch.draft_id, batch.reason)]
    if changed:
        raise ValidationError(_("The last bulk step cannot be undone: these comments were "
                                "disposed of again since: %(refs)s.")
                              % {"refs": ", ".join(changed)}, code="changed")
    if batch.draft is not None:
        batch.draft.sources.remove(*[comments[e["comment"]] for e in batch.entries
                                     if e["added_source"]])
    drafts = {d.pk: d for d in Draft.objects.filter(
        pk__in={e["before"][1] for e in batch.entries if e["before"] and e["before"][1]})}
    feeding = _sources_of_active_drafts(list(comments.values()))
    now, user, restored, gone, entries = timezone.now(), _user(actor), [], [], []
    for entry in batch.entries:
        comment, before = comments[entry["comment"]], entry["before"]
        disposition = current[comment.pk]
        entries.append(("disposition.undo", f"{comment.reference}: bulk step {batch.pk} undone",
                        disposition, {"comment": comment.pk, "batch": batch.pk,
                                      "restored": before,
                                      "undone": [batch.kind, batch.draft_id, batch.reason]}))
        if before is None:
            gone.append(disposition.pk)
            continue
        kind, draft_pk, reason = before
        draft = drafts.get(draft_pk)
        why = (_("%(draft)s is no longer active.") % {"draft": draft.reference}
               if draft is not None and draft.status != Draft.Status.ACTIVE else
               _("it is still a source of the consensus comment %(drafts)s.")
               % {"drafts": ", ".join(feeding[comment.pk])}
               if kind == Disposition.Kind.NOT_CARRIED and comment.pk in feeding else "")
        if why:
            raise ValidationError(
                _("The last bulk step cannot be undone: %(ref)s cannot go back to its "
                  "former disposition: %(why)s") % {"ref": comment.reference, "why": why},
                code="stale")
        disposition.kind, disposition.draft, disposition.reason = kind, draft, reason
        disposition.decided_by, disposition.decided_at = user, now
        restored.append(disposition)
    batch.undone_at = now
    batch.save(update_fields=["undone_at"])
    audit_record_many(actor=actor, liaison_org=consultation.liaison_org, entries=[
        *entries, ("dispositions.bulk_undo",
                   f"bulk step {batch.pk} undone ({len(pks)} comments)", batch,
                   {"batch": batch.pk, "comments": pks})])
    Disposition.objects.bulk_update(restored, ["kind", "draft", "reason", "decided_by",
                                               "decided_at"])
    Disposition.objects.filter(pk__in=gone).delete()
    return batch


# ------------------------------------------------------------------ finalize, submit, outcome


def _lacking_lines(drafts: Sequence[Draft]) -> list[str]:
    return [_("%(ref)s has no consensus under the rule: withdraw it or record an override "
              "with its reason") % {"ref": d.reference} for d in drafts]


def missing_for_finalization(consultation: Consultation,
                             uncovered: Sequence[Draft] | None = None) -> list[str]:
    """Why the position cannot be finalized now, one plain sentence each (empty: it can);
    ``uncovered`` are the drafts lacking consensus with no override (computed if None)."""
    missing = []
    lacking = list(_input_comments(consultation).filter(disposition__isnull=True)
                   .order_by("number"))
    if lacking:
        refs = ", ".join(c.reference for c in lacking[:50])
        more = "" if len(lacking) <= 50 else _(" and %(n)s more") % {"n": len(lacking) - 50}
        missing.append(_("%(n)s comment(s) have no disposition: %(refs)s%(more)s")
                       % {"n": len(lacking), "refs": refs, "more": more})
    objections = list(Objection.objects.filter(consultation=consultation,
                                               state__in=Objection.BLOCKING,
                                               draft__status=Draft.Status.ACTIVE)
                      .select_related("draft", "raised_by"))
    for o in objections:
        missing.append(_("unresolved fundamental objection to %(ref)s by %(who)s")
                       % {"ref": o.draft.reference, "who": o.raised_by})
    if not Draft.objects.filter(consultation=consultation,
                                status=Draft.Status.ACTIVE).exists():
        missing.append(_("there is no draft consensus comment"))
    if uncovered is None:
        uncovered = coverage.uncovered(consultation)
    return missing + _lacking_lines(uncovered)


@transaction.atomic
def position_finalize(*, actor, consultation: Consultation) -> Consultation:
    """Consolidating → finalized, when nothing is missing; records the verdict and rule."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    verdict = evaluate_consultation(consultation)
    uncovered = coverage.uncovered(consultation, verdict)
    missing = missing_for_finalization(consultation, uncovered)
    if missing:
        raise FinalizationBlocked(missing, uncovered)
    consultation = consultation_transition(
        actor=actor, consultation=consultation, target=State.FINALIZED,
        verb="consensus.finalize",
        data={"rule": verdict.rule.as_dict(), "consensus": verdict.consensus,
              "reasons": [r.text() for r in verdict.reasons],
              "drafts": {str(d.draft_id): d.verdict.as_dict() for d in verdict.drafts},
              "overrides": coverage.entries(coverage.overrides_in_force(consultation,
                                                                        verdict))})
    _tell_verdict(actor, consultation, consensus=verdict.consensus, n=len(verdict.drafts))
    return consultation


def _tell_verdict(actor, consultation: Consultation, *, consensus: bool, n: int) -> None:
    """Everyone the trigger ``step.verdict`` names is told the verdict of the finalized
    position."""
    step_tell(actor=actor, trigger="step.verdict", target=consultation,
              scope=Scope(consultation.liaison_org, consultation),
              summary=f"verdict on “{consultation}”: "
                      f"{'consensus' if consensus else 'no consensus on every draft'}",
              context={"title": consultation.title, "n": n, "consensus": consensus,
                       "path": reverse("consensus:verdict", args=[consultation.pk])})


@transaction.atomic
def position_reopen(*, actor, consultation: Consultation) -> Consultation:
    """Finalized → consolidating (before submission)."""
    consultation = _locked(consultation)
    return consultation_transition(
        actor=actor, consultation=consultation, target=State.CONSOLIDATING,
        verb="consensus.reopen")


@transaction.atomic
def position_submit(*, actor, consultation: Consultation) -> Submission:
    """Finalized → submitted, when every active draft has consensus or an override in force
    (else :class:`FinalizationBlocked`): the ISO .docx and .xlsx are written (overrides
    marked) and kept with their SHA-256, and everyone who took part is told the outcome."""
    consultation = _locked(consultation)
    _require_state(consultation, State.FINALIZED)
    verdict = evaluate_consultation(consultation)
    uncovered = coverage.uncovered(consultation, verdict)
    if uncovered:
        raise FinalizationBlocked(_lacking_lines(uncovered), uncovered,
                                  head=_("The position cannot be submitted yet:"))
    overrides = coverage.overrides_in_force(consultation, verdict)
    drafts = list(Draft.objects.filter(consultation=consultation, status=Draft.Status.ACTIVE)
                  .order_by("order", "number"))
    files = export.position_files(consultation, drafts, overrides)
    submission = Submission.objects.create(
        consultation=consultation, rule_version=verdict.rule.version,
        verdict={"consensus": verdict.consensus,
                 "reasons": [r.text() for r in verdict.reasons],
                 "overrides": coverage.entries(overrides)},
        docx=files["docx"][0], xlsx=files["xlsx"][0], docx_sha256=files["docx"][1],
        xlsx_sha256=files["xlsx"][1], n_drafts=len(drafts), submitted_by=_user(actor))
    consultation_transition(
        actor=actor, consultation=consultation, target=State.SUBMITTED,
        verb="consensus.submit",
        data={"submission": submission.pk, "docx_sha256": submission.docx_sha256,
              "xlsx_sha256": submission.xlsx_sha256, "drafts": [d.pk for d in drafts],
              "rule_version": verdict.rule.version,
              "overrides": coverage.entries(overrides)})
    step_tell(
        actor=actor, trigger="consensus.outcome", target=consultation,
        scope=Scope(consultation.liaison_org, consultation),
        summary=f"outcome of “{consultation}” sent to everyone who took part",
        context={"title": consultation.title, "n": len(drafts),
                 "path": reverse("consensus:outcome", args=[consultation.pk])},
        data={"submission": submission.pk})
    return submission


@transaction.atomic
def observations_import(*, actor, consultation: Consultation, rows: Sequence[CommentRow],
                        filename: str, sha256: str) -> ObservationImport:
    """Store the secretariat's observations on the drafts whose reference is the row's ID
    (the MB/NC cell: ``TMI-CC007``, or ``TMI-007`` on a file written before drafts had
    their own numbering), and pass them on to the authors of the drafts' source comments. A file
    matching no draft is refused."""
    consultation = _locked(consultation)
    _require_state(consultation, *AFTER_FINALIZATION)
    active = list(Draft.objects.filter(consultation=consultation, status=Draft.Status.ACTIVE))
    # files written before drafts had their own numbering carry TMI-007: read them too
    drafts = {legacy_draft_reference(d.mb, d.number): d for d in active}
    drafts.update({d.reference: d for d in active})
    matched: list[Draft] = []
    unmatched: list[str] = []
    for row in rows:
        draft = drafts.get(row.id) or drafts.get(row.mb)
        if draft is None or not row.observation.strip():
            unmatched.append(row.id or row.mb or "?")
            continue
        Draft.objects.filter(pk=draft.pk).update(observation=row.observation.strip())
        draft.observation = row.observation.strip()
        matched.append(draft)
    if not matched:
        raise ValidationError(_("%(file)s: no row carries an observation on one of this "
                                "position's comments (IDs such as %(example)s).")
                              % {"file": filename,
                                 "example": active[0].reference if active else "—"})
    record = ObservationImport.objects.create(
        consultation=consultation, filename=filename[:255], sha256=sha256,
        matched=len(matched), unmatched=unmatched[:500], by=_user(actor))
    audit_record(actor=actor, verb="observations.import", target=consultation,
                 liaison_org=consultation.liaison_org,
                 summary=f"secretariat's observations imported from {filename}: "
                         f"{len(matched)} matched, {len(unmatched)} not",
                 data={"file": filename, "sha256": sha256,
                       "drafts": {d.pk: d.observation for d in matched},
                       "unmatched": unmatched[:500]})
    step_tell(
        actor=actor, trigger="observations.pass_on", target=consultation,
        scope=Scope(consultation.liaison_org, consultation, drafts=matched),
        summary=f"secretariat's observations on “{consultation}” passed on to the commenters",
        context={"title": consultation.title,
                 "path": reverse("consensus:outcome", args=[consultation.pk])},
        data={"import": record.pk})
    return record


# ------------------------------------------------------------------ the call for positions


@transaction.atomic
def positions_call(*, actor, consultation: Consultation, closes_at) -> PositionCall:
    """The drafts are ready: ask for positions until ``closes_at`` (a later call moves the
    date and tells everyone again). Only while consolidating, with at least one draft, and a
    closing date still ahead; those the trigger ``step.drafts_ready`` names are told, and the
    ``step.positions_closing`` reminder is scheduled ``reminder_days`` before the close."""
    consultation = _locked(consultation)
    _require_state(consultation, State.CONSOLIDATING)
    drafts = Draft.objects.filter(consultation=consultation, status=Draft.Status.ACTIVE)
    if not drafts.exists():
        raise ValidationError(_("There is no draft consensus comment to state a position on "
                                "yet."))
    now = timezone.now()
    if closes_at is None or closes_at <= now:
        raise ValidationError({"closes_at": _("Choose a closing date still to come.")})
    found = PositionCall.objects.filter(consultation=consultation).first()
    fields = {"closes_at": closes_at, "called_at": now, "called_by": _user(actor),
              "reminded_for": None}
    if found is None:
        call = create_recorded(PositionCall, actor=actor, verb="positions.call",
                               liaison_org=consultation.liaison_org,
                               fields={"consultation": consultation, **fields})
    else:
        call = update_recorded(found, actor=actor, verb="positions.call",
                               liaison_org=consultation.liaison_org, fields=fields)
    step_tell(actor=actor, trigger="step.drafts_ready", target=consultation,
              scope=Scope(consultation.liaison_org, consultation),
              summary=f"drafts of “{consultation}” ready for positions",
              context={"title": consultation.title, "n": drafts.count(),
                       "deadline": closes_at.isoformat(),
                       "path": reverse("consensus:drafts", args=[consultation.pk])},
              data={"closes_at": closes_at})
    from liaison.consensus.tasks import schedule_positions_reminder

    transaction.on_commit(lambda: schedule_positions_reminder(call))
    return call


def positions_reminder_due_at(call: PositionCall):
    """When the "positions close soon" reminder goes: ``reminder_days`` before the close
    (``None``: no reminder)."""
    days = call.consultation.reminder_days
    return call.closes_at - dt.timedelta(days=days) if days else None


def positions_remind(*, call: PositionCall, now=None):
    """Send the "positions close soon" reminder if it is due and not yet sent for this
    closing date (still consolidating, the close still ahead; none when the call itself came
    less than ``reminder_days`` before the close): its step announcement, or ``None``."""
    now = now or timezone.now()
    with transaction.atomic():
        call = (PositionCall.objects.select_for_update().select_related("consultation")
                .get(pk=call.pk))
        consultation = call.consultation
        due = positions_reminder_due_at(call)
        if (due is None or now < due or now >= call.closes_at or due <= call.called_at
                or call.reminded_for == call.closes_at
                or consultation.state != State.CONSOLIDATING):
            return None
        PositionCall.objects.filter(pk=call.pk).update(reminded_for=call.closes_at)
        return step_tell(actor=None, trigger="step.positions_closing", target=consultation,
                  scope=Scope(consultation.liaison_org, consultation),
                  summary=f"positions on “{consultation}” close soon",
                  context={"title": consultation.title, "deadline": call.closes_at.isoformat(),
                           "path": reverse("consensus:drafts", args=[consultation.pk])},
                  data={"closes_at": call.closes_at})


def positions_remind_due(now=None) -> list:
    """Every "positions close soon" reminder due now (``liaison notices remind``)."""
    now = now or timezone.now()
    calls = PositionCall.objects.filter(closes_at__gt=now,
                                        consultation__state=State.CONSOLIDATING)
    sent = [positions_remind(call=call, now=now) for call in calls]
    return [announcement for announcement in sent if announcement is not None]
