"""What the appeals app needs to know about consensus decisions.

Decisions of the consensus workflow that can be appealed:

* a **disposition** (what became of one comment): decided at its ``decided_at``;
* the **verdict** on a draft consensus comment (the :class:`Draft`): decided when the
  position was last finalized (before that, at the last recorded change of the draft);
* the **submission** of the position: decided at ``submitted_at``;
* a fundamental **objection** (through a dispute escalated to an appeal).

Whom each concerns, so that they may appeal it (:data:`liaison.appeals.subjects.APPEALABLE`):

* a disposition: the author of the comment it disposes of (through their stakeholder
  profile's account);
* a draft's verdict: everyone who stated a position on the draft;
* the submission of the position: everyone who submitted a comment to the consultation or
  stated a position in it.

Who took part in each (and so may not sit on its appeals panel), besides the actors of its
own audit events, which the appeals app finds itself:

* a draft's verdict / an objection: everyone who stated a position on the draft, drafted or
  revised it, decided a disposition merging a comment into it, or resolved an objection to it;
* a disposition: the above for the draft it points to, and whoever decided it;
* a submission: the above for every draft of the consultation, whoever decided any
  disposition, and the actors of the consultation's finalization and submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from liaison.audit.models import AuditEvent
from liaison.consensus.models import Disposition, Draft, Objection, Position, Revision
from liaison.consultations.models import Comment

#: Audit verbs on the consultation that are part of the position's decision.
DECISION_VERBS = ("consensus.finalize", "consensus.submit", "consensus.reopen")


def _draft_people(drafts: Iterable[Draft]) -> list[tuple[Any, str]]:
    drafts = list(drafts)
    refs = {d.pk: d.reference for d in drafts}
    out: list[tuple[Any, str]] = []
    for d in drafts:
        if d.created_by_id:
            out.append((d.created_by, _("drafted %(ref)s") % {"ref": d.reference}))
    for p in Position.objects.filter(draft__in=drafts).select_related("user"):
        out.append((p.user, _("stated a position on %(ref)s") % {"ref": refs[p.draft_id]}))
    for r in Revision.objects.filter(draft__in=drafts, by__isnull=False).select_related("by"):
        out.append((r.by, _("revised %(ref)s") % {"ref": refs[r.draft_id]}))
    for o in Objection.objects.filter(draft__in=drafts, resolved_by__isnull=False
                                      ).select_related("resolved_by"):
        out.append((o.resolved_by, _("resolved an objection to %(ref)s")
                    % {"ref": refs[o.draft_id]}))
    for d in Disposition.objects.filter(draft__in=drafts, decided_by__isnull=False
                                        ).select_related("decided_by", "comment"):
        out.append((d.decided_by, _("decided the disposition of %(ref)s")
                    % {"ref": d.comment.reference}))
    return out


def _drafts_of(consultation_id: int):
    return Draft.objects.filter(consultation_id=consultation_id).select_related("created_by")


def participants(obj) -> list[tuple[Any, str]]:
    """The ``PARTICIPANTS_OF`` hook (see the module docstring)."""
    label = obj._meta.label_lower
    if label == "consensus.draft":
        return _draft_people(Draft.objects.filter(pk=obj.pk).select_related("created_by"))
    if label == "consensus.objection":
        return _draft_people(Draft.objects.filter(pk=obj.draft_id)
                             .select_related("created_by"))
    if label == "consensus.disposition":
        if obj.draft_id is None:
            return []
        return _draft_people(Draft.objects.filter(pk=obj.draft_id)
                             .select_related("created_by"))
    if label == "consensus.submission":
        out = _draft_people(_drafts_of(obj.consultation_id))
        out += [(d.decided_by, _("decided the disposition of %(ref)s")
                 % {"ref": d.comment.reference})
                for d in Disposition.objects.filter(consultation_id=obj.consultation_id,
                                                    draft__isnull=True,
                                                    decided_by__isnull=False)
                .select_related("decided_by", "comment")]
        out += [(e.actor, _("recorded as actor of event #%(seq)s '%(verb)s'")
                 % {"seq": e.seq, "verb": e.verb})
                for e in AuditEvent.objects.filter(
                    object_type="consultations.consultation",
                    object_id=str(obj.consultation_id), verb__in=DECISION_VERBS,
                    actor__isnull=False).select_related("actor").order_by("seq")]
        if obj.submitted_by_id:
            out.append((obj.submitted_by, _("submitted the position")))
        return out
    return []


def decided_at(obj) -> dt.datetime | None:
    """The ``DECIDED_AT`` hook: a submission's time; a draft's verdict, the last
    finalization of its position."""
    label = obj._meta.label_lower
    if label == "consensus.submission":
        return obj.submitted_at
    if label == "consensus.draft":
        event = (AuditEvent.objects.filter(object_type="consultations.consultation",
                                           object_id=str(obj.consultation_id),
                                           verb="consensus.finalize")
                 .order_by("-seq").first())
        return event.at if event is not None else None
    return None


def disposition_concerns(user, disposition: Disposition) -> bool:
    """A disposition concerns the author of its comment."""
    author = disposition.comment.author
    return author is not None and author.user_id == user.pk


def verdict_concerns(user, draft: Draft) -> bool:
    """The verdict on a draft concerns everyone who stated a position on it."""
    return Position.objects.filter(draft=draft, user_id=user.pk).exists()


def submission_concerns(user, submission) -> bool:
    """The submitted position concerns everyone who commented or took a position in it."""
    return (Position.objects.filter(consultation_id=submission.consultation_id,
                                    user_id=user.pk).exists()
            or Comment.objects.filter(consultation_id=submission.consultation_id,
                                      author__user_id=user.pk,
                                      status=Comment.Status.SUBMITTED).exists())


def register() -> None:
    """Called once by :class:`liaison.consensus.apps.ConsensusConfig`."""
    from liaison.appeals.conflicts import PARTICIPANTS_OF
    from liaison.appeals.subjects import APPEALABLE, DECIDED_AT

    APPEALABLE["consensus.disposition"] = disposition_concerns
    APPEALABLE["consensus.draft"] = verdict_concerns
    APPEALABLE["consensus.submission"] = submission_concerns

    if participants not in PARTICIPANTS_OF:
        PARTICIPANTS_OF.append(participants)
    if decided_at not in DECIDED_AT:
        DECIDED_AT.append(decided_at)
