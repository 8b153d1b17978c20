"""Fundamental objections that cannot be overcome go to the appeals app, and its outcome
comes back.

Path (each step audited):

1. a coordinator declares an open objection cannot be overcome (:func:`objection_dispute`):
   a dispute is opened in the appeals app about the :class:`~liaison.consensus.models.
   Objection` for its objector, and the objection becomes *disputed* (it keeps blocking
   finalization);
2. the dispute is resolved in mediation → the objection is recorded as resolved with the
   dispute's resolution (:func:`on_dispute`, a ``DISPUTE_LISTENERS`` entry);
3. or the dispute is escalated to an appeal; when the panel decides it (or declares it
   inadmissible) the objection is recorded as resolved with the outcome and the panel's
   reasons (:func:`on_appeal`, an ``APPEAL_LISTENERS`` entry).

The listeners run inside the appeals transaction: if recording the resolution fails, the
appeals step is rolled back with it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.consensus.models import Objection

# ``liaison.consensus.services`` is imported inside the functions: this module is imported
# when the apps load, and the services pull in the analysis stack (scikit-learn).


def _objection_of(record) -> Objection | None:
    subject_type = getattr(record, "subject_type", None)
    if subject_type is None or (subject_type.app_label, subject_type.model) != (
            "consensus", "objection"):
        return None
    return Objection.objects.filter(pk=record.subject_id).first()


@transaction.atomic
def objection_dispute(*, actor, objection: Objection):
    """The objection cannot be overcome: open a dispute about it for its objector and mark
    it disputed. Returns the dispute."""
    from liaison.appeals.services import dispute_open
    from liaison.consensus.services import objection_refer

    objection = Objection.objects.select_related("raised_by", "draft").get(pk=objection.pk)
    if objection.state != Objection.State.OPEN:
        raise ValidationError(_("Only an open objection can be referred to a dispute."))
    dispute = dispute_open(actor=actor, subject=objection, objector=objection.raised_by,
                           argument=objection.argument)
    objection_refer(actor=actor, objection=objection, dispute_ref=dispute.reference)
    return dispute


def _last_actor(transitions):
    last = transitions.order_by("-pk").select_related("actor").first()
    return last.actor if last is not None else None


def on_dispute(dispute, state: str) -> None:
    """A dispute about an objection was resolved: so is the objection."""
    from liaison.appeals.states import DisputeState
    from liaison.consensus.services import objection_resolve

    if state != DisputeState.RESOLVED:
        return
    objection = _objection_of(dispute)
    if objection is None or objection.state not in Objection.BLOCKING:
        return
    objection_resolve(
        actor=_last_actor(dispute.transitions.all()), objection=objection,
        resolution=_("Dispute %(ref)s resolved: %(text)s")
        % {"ref": dispute.reference, "text": dispute.resolution})


def on_appeal(appeal, state: str) -> None:
    """The appeal a dispute about an objection was escalated to was decided (or declared
    inadmissible): the objection is resolved with that outcome."""
    from liaison.appeals.states import AppealState
    from liaison.consensus.services import objection_resolve

    if state not in (AppealState.DECIDED, AppealState.INADMISSIBLE) or not appeal.dispute_id:
        return
    objection = _objection_of(appeal.dispute)
    if objection is None or objection.state not in Objection.BLOCKING:
        return
    if state == AppealState.DECIDED:
        text = _("Appeal %(ref)s decided (%(outcome)s): %(reasons)s") % {
            "ref": appeal.reference, "outcome": appeal.get_outcome_display(),
            "reasons": appeal.reasons}
    else:
        text = _("Appeal %(ref)s declared inadmissible: %(reason)s") % {
            "ref": appeal.reference, "reason": appeal.inadmissible_reason}
    objection_resolve(actor=_last_actor(appeal.transitions.all()), objection=objection,
                      resolution=text)


def register() -> None:
    """Called once by :class:`liaison.consensus.apps.ConsensusConfig`."""
    from liaison.appeals.services import APPEAL_LISTENERS, DISPUTE_LISTENERS

    if on_dispute not in DISPUTE_LISTENERS:
        DISPUTE_LISTENERS.append(on_dispute)
    if on_appeal not in APPEAL_LISTENERS:
        APPEAL_LISTENERS.append(on_appeal)
