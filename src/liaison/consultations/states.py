"""Consultation states and the transitions allowed between them, declared as data.

draft → open (announced; comments accepted until the deadline) → closed (deadline passed or
closed by the coordinator; comments frozen) → consolidating (drafting the consensus position)
→ finalized (position finalized) → submitted (sent to ISO). A closed consultation may be
reopened (open) with a new deadline, which is recorded.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for input")
    # "closed" alone is also an appeal's state (masculine in French): the context keeps them apart.
    CLOSED = "closed", pgettext_lazy("consultation state", "closed")
    CONSOLIDATING = "consolidating", _("consolidating")
    FINALIZED = "finalized", _("position finalized")
    SUBMITTED = "submitted", _("submitted to ISO")


TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.OPEN}),
    State.OPEN: frozenset({State.CLOSED}),
    State.CLOSED: frozenset({State.OPEN, State.CONSOLIDATING}),
    State.CONSOLIDATING: frozenset({State.FINALIZED}),
    State.FINALIZED: frozenset({State.SUBMITTED, State.CONSOLIDATING}),
    State.SUBMITTED: frozenset(),
}


class TransitionNotAllowed(ValueError):
    """Raised when a consultation is asked to move to a state its current one does not lead to."""


def check_transition(current: str, target: str) -> None:
    """Raise :class:`TransitionNotAllowed` unless ``current → target`` is declared above."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionNotAllowed(
            _("A consultation that is %(current)s cannot become %(target)s.")
            % {"current": State(current).label, "target": State(target).label}
        )
