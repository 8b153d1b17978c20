"""The "positions close soon" reminder, sent by the worker when it falls due (Django's Tasks
API, like the consultation reminders of ``notices.tasks``); ``liaison notices remind`` sends
any that a backend unable to defer could not schedule."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone


@task
def send_positions_reminder(call_id: int) -> dict:
    from liaison.consensus.models import PositionCall
    from liaison.consensus.services import positions_remind

    call = PositionCall.objects.filter(pk=call_id).first()
    if call is None:
        return {"sent": False}
    return {"sent": positions_remind(call=call) is not None}


def schedule_positions_reminder(call) -> None:
    """Enqueue the reminder for when it falls due (if the backend can defer; a call whose
    date moved is looked at again then, and sends only if still due)."""
    from liaison.consensus.services import positions_reminder_due_at
    from liaison.notices.tasks import _supports_defer

    due = positions_reminder_due_at(call)
    now = timezone.now()
    if due is None or call.closes_at <= now or not _supports_defer(send_positions_reminder):
        return
    send_positions_reminder.using(run_after=max(due, now)).enqueue(call.pk)
