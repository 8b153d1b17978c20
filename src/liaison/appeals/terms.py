"""The appeal terms that apply to one decision: the window and the step deadlines.

The rule (docs/appeals.md):

1. the **window** is read from the process version in force when the decision was taken
   (:func:`liaison.process.selectors.rule_in_force`) if that model has an
   ``appeal_window_days`` field with a value;
2. else from the organization's :class:`~liaison.appeals.models.AppealSettings`;
3. else ``settings.LIAISON_APPEAL_WINDOW_DAYS``, default 14.

An appeal is in time while ``filed_at <= decided_at + window`` (exact to the second).
Admissibility is due ``admissibility_days`` after filing and the panel's decision
``decision_days`` after admission (organization settings, else 7 and 30).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from liaison.appeals.models import (
    DEFAULT_ADMISSIBILITY_DAYS,
    DEFAULT_DECISION_DAYS,
    DEFAULT_WINDOW_DAYS,
    AppealSettings,
)


@dataclass(frozen=True)
class Terms:
    window_days: int
    window_source: str
    admissibility_days: int
    decision_days: int

    def window_ends(self, decided_at: dt.datetime) -> dt.datetime:
        return decided_at + dt.timedelta(days=self.window_days)


def org_settings(liaison_org) -> AppealSettings:
    """The organization's settings (unsaved defaults when it has none)."""
    found = AppealSettings.objects.filter(liaison_org=liaison_org).first()
    return found or AppealSettings(liaison_org=liaison_org)


def appeal_terms(liaison_org, decided_at: dt.datetime | None = None) -> Terms:
    stored = AppealSettings.objects.filter(liaison_org=liaison_org).first()
    admissibility = stored.admissibility_days if stored else DEFAULT_ADMISSIBILITY_DAYS
    decision = stored.decision_days if stored else DEFAULT_DECISION_DAYS
    from liaison.process.selectors import rule_in_force

    version = rule_in_force(liaison_org, at=decided_at)
    days = getattr(version, "appeal_window_days", None) if version is not None else None
    if days:
        source = _("published process, version %(n)s") % {"n": version.number}
    elif stored is not None:
        days, source = stored.window_days, _("the organization's appeal settings")
    else:
        days = getattr(settings, "LIAISON_APPEAL_WINDOW_DAYS", DEFAULT_WINDOW_DAYS)
        source = _("the default")
    return Terms(window_days=int(days), window_source=source,
                 admissibility_days=admissibility, decision_days=decision)
