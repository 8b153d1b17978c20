"""The discussion thread on each draft consensus comment.

Rules:

* **who posts**: those allowed to state positions in the organization (``consensus.position``:
  coordinators, experts, committee members, stakeholders), anyone holding a current seat on
  one of its mirror committees, and its coordinators; anyone else is refused;
* **when**: while the position is being consolidated or is finalized (not yet submitted), on
  an active draft (a merged draft's discussion continues on the draft it was merged into);
* **what**: a message of 1 to :data:`Message.MAX_LENGTH` characters (blank is refused);
* the thread shows every message in the order posted, with its author and time; a posted
  message is never edited; each post records a ``draft.message`` audit event.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.access.rules import can
from liaison.audit.services import audit_record
from liaison.consensus.models import Draft, Message
from liaison.consultations.states import State

#: Consultation states in which the thread takes new messages.
OPEN_STATES = (State.CONSOLIDATING, State.FINALIZED)


def holds_committee_seat(user, liaison_org) -> bool:
    """A current seat (by account or through one's stakeholder profile) on a committee of
    ``liaison_org``."""
    if not getattr(user, "is_authenticated", False):
        return False
    from liaison.committees.models import Member

    today = timezone.now().date()
    return (Member.objects.filter(committee__liaison_org=liaison_org, term_start__lte=today)
            .filter(Q(user=user) | Q(stakeholder__user=user))
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=today)).exists())


def can_discuss(user, liaison_org) -> bool:
    """Whether ``user`` takes part in the discussion threads of ``liaison_org``."""
    return (can(user, "consensus.position", liaison_org)
            or can(user, "consensus.decide", liaison_org)
            or holds_committee_seat(user, liaison_org))


def messages_on(draft: Draft) -> QuerySet[Message]:
    """The thread, oldest first, with the authors."""
    return draft.messages.select_related("author").order_by("posted_at", "pk")


@transaction.atomic
def message_post(*, actor, draft: Draft, text: str) -> Message:
    """``actor`` posts ``text`` to the thread of ``draft`` (see the module rules)."""
    draft = Draft.objects.select_related("consultation__liaison_org").get(pk=draft.pk)
    consultation = draft.consultation
    org = consultation.liaison_org
    if not can_discuss(actor, org):
        raise PermissionDenied(_("Only participants of %(org)s (those who state positions, "
                                 "committee members and coordinators) take part in the "
                                 "discussion.") % {"org": org.short_name or org.name})
    if consultation.state not in OPEN_STATES:
        raise ValidationError(_("The discussion is closed: the consultation is %(state)s.")
                              % {"state": consultation.get_state_display()}, code="state")
    if draft.status != Draft.Status.ACTIVE:
        raise ValidationError(_("This draft was merged into another one: continue the "
                                "discussion there."), code="merged")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message before posting it.")})
    if len(text) > Message.MAX_LENGTH:
        raise ValidationError({"text": _(
            "A message holds at most %(max)s characters (this one has %(n)s): shorten it or "
            "split it in two.") % {"max": Message.MAX_LENGTH, "n": len(text)}})
    message = Message.objects.create(consultation=consultation, draft=draft, author=actor,
                                     text=text)
    audit_record(actor=actor, verb="draft.message", target=message, liaison_org=org,
                 summary=f"{actor} on {draft.reference}: {text[:80]}",
                 data={"draft": draft.pk, "text": text})
    return message
