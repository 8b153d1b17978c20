"""Who may not sit on the panel of an appeal: everyone who took part in the decision.

Conflicted, with the reason shown to whoever chooses the panel:

1. the **appellant**;
2. every user recorded as **actor** of an audit event about the decided record
   (:func:`liaison.audit.selectors.events_for`): "took part in the decision: recorded as actor
   of event #123 'disposition.set'";
3. every user a **participants-of hook** links to the record. Other apps append functions to
   :data:`PARTICIPANTS_OF`; each takes the decided record and returns users or
   ``registry.Stakeholder`` profiles (a profile counts through its linked user), each
   optionally as a ``(person, reason)`` pair. Example (consensus app)::

       from liaison.appeals.conflicts import PARTICIPANTS_OF

       def _positions(obj):
           if obj._meta.label_lower == "consensus.draft":
               return [(p.user, "stated a position on the draft") for p in obj.positions.all()]
           return []

       PARTICIPANTS_OF.append(_positions)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from liaison.audit.models import AuditEvent
from liaison.audit.selectors import events_for
from liaison.registry.selectors import display_name

#: ``f(decided_record) -> iterable of user | Stakeholder | (user | Stakeholder, reason)``.
PARTICIPANTS_OF: list[Callable[[models.Model], Iterable[Any]]] = []


def _as_user(person) -> tuple[Any, str]:
    """``(user or None, description)`` for a user or a stakeholder profile."""
    if isinstance(person, get_user_model()):
        return person, ""
    user = getattr(person, "user", None)
    return user, _("stakeholder profile “%(name)s”") % {"name": getattr(person, "name", person)}


def for_appeal(appeal) -> dict[int, list[str]]:
    """The conflicts of an appeal's panel (its decided record's audit events are found by
    type and id even if the record itself is gone)."""
    ctype = appeal.subject_type
    return conflicts(appeal.subject, appeal.appellant,
                     events=AuditEvent.objects.filter(
                         object_type=f"{ctype.app_label}.{ctype.model}",
                         object_id=appeal.subject_id))


def conflicts(subject: models.Model | None, appellant=None, *,
              events=None) -> dict[int, list[str]]:
    """``{user id: [reasons]}`` for everyone who may not judge an appeal against
    ``subject`` brought by ``appellant``."""
    found: dict[int, list[str]] = {}

    def add(user_id: int | None, reason: str) -> None:
        if user_id is not None and reason not in found.setdefault(user_id, []):
            found[user_id].append(reason)

    if appellant is not None:
        add(appellant.pk, _("is the appellant"))
    if events is None:
        events = events_for(subject) if subject is not None else AuditEvent.objects.none()
    for event in events.exclude(actor=None).order_by("seq"):
        add(event.actor_id, _("took part in the decision: recorded as actor of event "
                              "#%(seq)s '%(verb)s'") % {"seq": event.seq, "verb": event.verb})
    for hook in PARTICIPANTS_OF if subject is not None else ():
        for item in hook(subject) or ():
            person, reason = item if isinstance(item, tuple) else (item, "")
            user, profile = _as_user(person)
            if user is None:
                continue
            reason = reason or _("listed as a participant")
            if profile:
                reason = f"{reason} ({profile})"
            add(user.pk, _("took part in the decision: %(reason)s") % {"reason": reason})
    return found


def describe(user, reasons: list[str]) -> str:
    """``Name: reason; reason`` in the reader's language (French: ``Name\u00a0: reason\u00a0;
    reason``), for the message that refuses a conflicted panel member."""
    name = display_name(user)
    return _("%(label)s: %(value)s") % {
        "label": name, "value": pgettext("between two items of a list", "; ").join(reasons)}
