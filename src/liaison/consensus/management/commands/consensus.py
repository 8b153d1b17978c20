"""``liaison consensus check-dispositions [--consultation ID]``: report every disposition
that contradicts the record (see :mod:`liaison.consensus.consistency`), one line each; exit
1 when there is any, 0 when there is none. It changes nothing: each row is put right through
the dispositions page (or the API), which records the change."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from liaison.consensus.consistency import contradictory_dispositions


class Command(BaseCommand):
    help = "Consensus position checks."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check-dispositions",
                               help="report dispositions that contradict the record")
        check.add_argument("--consultation", type=int, default=None)

    def handle(self, *args, **options):
        found = contradictory_dispositions(options["consultation"])
        for item in found:
            self.stdout.write(item.line())
        if found:
            raise CommandError(f"{len(found)} contradictory disposition(s).", returncode=1)
        self.stdout.write("No contradictory disposition.")
