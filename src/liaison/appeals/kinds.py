"""Built-in appealable kinds (see :data:`liaison.appeals.subjects.APPEALABLE`).

* an **involvement decision** (when ``liaison.involvement`` is installed) decides how the
  organization takes part in a project: it concerns every participant of that organization
  (a member or a stakeholder), who may appeal it.

The consensus app registers its own (a comment's disposition, a verdict on a draft) in
:mod:`liaison.consensus.appeal_hooks`.
"""

from __future__ import annotations

from django.apps import apps

from liaison.appeals.subjects import APPEALABLE


def involvement_decision_concerns(user, decision) -> bool:
    from liaison.appeals.services import is_participant

    return is_participant(user, decision.liaison_org)


if apps.is_installed("liaison.involvement"):
    APPEALABLE["involvement.involvementdecision"] = involvement_decision_concerns
