"""Dispute and appeal states and the transitions allowed between them, declared as data.

Disputes: open → mediation → resolved | escalated (to an appeal).

Appeals: filed → admissible | inadmissible (with reason); admissible → under review (needs a
panel) → decided (upheld / dismissed / partly upheld, with reasons) → closed; an inadmissible
appeal is closed too. Nothing else: :func:`check_transition` is the one place that says so,
and every state change of the services goes through it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeState(models.TextChoices):
    OPEN = "open", _("open")
    MEDIATION = "mediation", _("in mediation")
    RESOLVED = "resolved", _("resolved")
    ESCALATED = "escalated", _("escalated to an appeal")


class AppealState(models.TextChoices):
    FILED = "filed", _("filed")
    ADMISSIBLE = "admissible", _("admissible")
    INADMISSIBLE = "inadmissible", _("inadmissible")
    UNDER_REVIEW = "under_review", _("under review")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("upheld")
    PARTLY_UPHELD = "partly_upheld", _("partly upheld")
    DISMISSED = "dismissed", _("dismissed")


DISPUTE_TRANSITIONS: dict[str, frozenset[str]] = {
    DisputeState.OPEN: frozenset({DisputeState.MEDIATION}),
    DisputeState.MEDIATION: frozenset({DisputeState.RESOLVED, DisputeState.ESCALATED}),
    DisputeState.RESOLVED: frozenset(),
    DisputeState.ESCALATED: frozenset(),
}

TRANSITIONS: dict[str, frozenset[str]] = {
    AppealState.FILED: frozenset({AppealState.ADMISSIBLE, AppealState.INADMISSIBLE}),
    AppealState.ADMISSIBLE: frozenset({AppealState.UNDER_REVIEW}),
    AppealState.INADMISSIBLE: frozenset({AppealState.CLOSED}),
    AppealState.UNDER_REVIEW: frozenset({AppealState.DECIDED}),
    AppealState.DECIDED: frozenset({AppealState.CLOSED}),
    AppealState.CLOSED: frozenset(),
}

#: States in which the panel may still be chosen or changed.
PANEL_OPEN = frozenset({AppealState.FILED, AppealState.ADMISSIBLE})
#: States whose outcome is public.
PUBLISHED = frozenset({AppealState.DECIDED, AppealState.CLOSED})


class TransitionNotAllowed(ValueError):
    """Raised when a dispute or appeal is asked to move to a state its current one does not
    lead to."""


def check_transition(current: str, target: str, *, dispute: bool = False) -> None:
    """Raise :class:`TransitionNotAllowed` unless ``current → target`` is declared above."""
    table, names = ((DISPUTE_TRANSITIONS, DisputeState) if dispute
                    else (TRANSITIONS, AppealState))
    if target not in table.get(current, frozenset()):
        what = _("A dispute") if dispute else _("An appeal")
        raise TransitionNotAllowed(
            _("%(what)s that is %(current)s cannot become %(target)s.")
            % {"what": what, "current": names(current).label, "target": names(target).label})
