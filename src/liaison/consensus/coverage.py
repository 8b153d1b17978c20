"""Which active drafts lack consensus under the organization's rule, and which of them an
override covers (reads only; the writes are ``services.draft_override`` and
``services.draft_withdraw``).

Rules:

* a draft lacks consensus when the rule's verdict on it (:func:`evaluate_consultation`) is not
  consensus;
* an override covers a draft only while it is about the draft's current text
  (``Override.draft_version == Draft.version``): any change to the draft undoes it, and the
  changed draft needs consensus, or a new override, again;
* finalization and submission are refused while a draft lacks consensus and no override
  covers it (withdrawn drafts are no longer active, so they are not in the position).
"""

from __future__ import annotations

from liaison.consensus.evaluation import PositionVerdict, evaluate_consultation
from liaison.consensus.models import Draft, Override


def lacking(consultation, verdict: PositionVerdict | None = None) -> list[Draft]:
    """The active drafts without consensus, in the position's order, each with ``override``:
    the override in force on it, or None."""
    verdict = verdict or evaluate_consultation(consultation)
    failing = [d.draft_id for d in verdict.drafts if not d.verdict.consensus]
    drafts = list(Draft.objects.filter(pk__in=failing).order_by("order", "number"))
    latest: dict[int, Override] = {}
    for override in (Override.objects.filter(draft__in=drafts)
                     .order_by("draft_id", "-at", "-pk")):
        latest.setdefault(override.draft_id, override)
    for draft in drafts:
        found = latest.get(draft.pk)
        draft.override = found if found and found.draft_version == draft.version else None
    return drafts


def uncovered(consultation, verdict: PositionVerdict | None = None) -> list[Draft]:
    """The active drafts without consensus that no override covers."""
    return [d for d in lacking(consultation, verdict) if d.override is None]


def overrides_in_force(consultation, verdict: PositionVerdict | None = None) -> list[Override]:
    """The overrides covering drafts that lack consensus, in the position's order (their
    ``draft`` is the draft read here)."""
    out = []
    for draft in lacking(consultation, verdict):
        if draft.override is not None:
            draft.override.draft = draft
            out.append(draft.override)
    return out


def entries(overrides: list[Override]) -> list[dict]:
    """The overrides as recorded in the audit trail: ``{"draft", "ref", "reason"}`` each."""
    return [{"draft": o.draft_id, "ref": o.draft.reference, "reason": o.reason}
            for o in overrides]


def shown(consultation) -> dict[int, str]:
    """draft id -> override reason, as the position's readers see it: as submitted once the
    position was submitted (the record does not change), else the overrides in force."""
    from liaison.consensus.models import Submission

    submission = Submission.objects.filter(consultation=consultation).first()
    if submission is not None:
        return {o["draft"]: o["reason"] for o in submission.verdict.get("overrides", [])}
    return {o.draft_id: o.reason for o in overrides_in_force(consultation)}
