"""Object-level rules: who sees and acts on one appeal or dispute.

* see an appeal: ``appeals.view`` (staff, committee members, the appeals panel), the
  appellant, or a member of its panel;
* admissibility, panel, review, closing: ``appeals.manage`` (coordinator, admin);
* decide: ``appeals.decide`` (appeals-panel role) **and** a seat on this appeal's panel;
* see a dispute: ``disputes.view`` or the objector; move it: ``disputes.manage``.
"""

from __future__ import annotations

from liaison.access.rules import can
from liaison.appeals.models import Appeal, Dispute


def can_view_appeal(user, appeal: Appeal) -> bool:
    return (can(user, "appeals.view", appeal.liaison_org) or appeal.appellant_id == user.pk
            or appeal.panel.filter(user_id=user.pk).exists())


def can_decide(user, appeal: Appeal) -> bool:
    return (can(user, "appeals.decide", appeal.liaison_org)
            and appeal.panel.filter(user_id=user.pk).exists())


def can_view_dispute(user, dispute: Dispute) -> bool:
    return can(user, "disputes.view", dispute.liaison_org) or dispute.objector_id == user.pk
