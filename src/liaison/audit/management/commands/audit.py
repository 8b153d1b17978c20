"""``liaison audit verify``: check the audit trail's hash chain; exit 1 naming the first
broken event."""

from django.core.management.base import BaseCommand, CommandError

from liaison.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' checks that no event was altered or removed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="verify the hash chain of the audit trail")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            result = verify_chain()
            if not result.intact:
                raise CommandError(f"audit trail broken at {result.broken}", returncode=1)
            self.stdout.write(f"audit trail intact: {result.count} events, head {result.head}")
