"""``liaison notices retry|remind|status``: the periodic side of notices, by hand or from cron.

- ``retry``: send every e-mail notice still queued or failed-for-now (ignoring the back-off:
  run it when the mail server is back), batch by batch over one SMTP connection each;
- ``remind``: send every reminder now due, to those who have not responded;
- ``status``: how many e-mail notices wait, by state; for those being sent, which worker
  process holds them and whether it is dead (its notices are then taken again by the next
  worker that starts, or by the sweep).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from liaison.notices import delivery
from liaison.notices.models import Notice
from liaison.notices.processes import is_dead
from liaison.notices.services import reminders_send_due


class Command(BaseCommand):
    help = "Notices: 'retry' unsent e-mail, 'remind' before deadlines, 'status'."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        retry = sub.add_parser("retry", help="send queued and failed e-mail notices now")
        retry.add_argument("--respect-backoff", action="store_true",
                           help="only notices whose next attempt is due")
        sub.add_parser("remind", help="send the reminders now due")
        sub.add_parser("status", help="count e-mail notices by state")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _retry(self, *, respect_backoff: bool = False, **_options) -> None:
        force = not respect_backoff
        sent = failed = 0
        error = ""
        ids = delivery.due_ids(force=force)
        for start in range(0, len(ids), delivery.BATCH_SIZE):
            outcome = delivery.deliver(ids[start:start + delivery.BATCH_SIZE],
                                       worker="command", force=force)
            sent += outcome.sent
            failed += outcome.failed
            if outcome.error:
                error = outcome.error
                self.stderr.write(f"mail server unavailable: {error}")
                break
        self.stdout.write(f"{sent} sent, {failed} failed, {len(ids) - sent - failed} left")
        if error:
            raise CommandError("the mail server is unavailable; try again later", returncode=1)

    def _remind(self, **_options) -> None:
        sent = reminders_send_due()
        for announcement in sent:
            self.stdout.write(f"reminder for “{announcement.consultation}”: "
                              f"{announcement.recipient_count} stakeholders")
        self.stdout.write(f"{len(sent)} reminder(s) sent")

    def _status(self, **_options) -> None:
        rows = (Notice.objects.filter(channel=Notice.Channel.EMAIL).values("state")
                .annotate(n=Count("pk")).order_by("state"))
        for row in rows:
            self.stdout.write(f"{row['state']}: {row['n']}")
        held = (Notice.objects.filter(channel=Notice.Channel.EMAIL, state=Notice.State.SENDING)
                .values("claimed_by").annotate(n=Count("pk")).order_by("claimed_by"))
        for row in held:
            holder = row["claimed_by"] or "an unnamed worker"
            verdict = ("dead: taken again by the next worker that starts, or by the sweep"
                       if is_dead(holder) else "running, or on another machine (lease)")
            self.stdout.write(f"  held by {holder}: {row['n']} ({verdict})")
