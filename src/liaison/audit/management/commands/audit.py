"""``liaison audit verify``: check the audit trail's hash chain; exit 1 naming the first
broken event. ``liaison audit verify --pack FILE`` checks an evidence pack offline (no
database is touched); ``liaison audit pack --consultation ID -o FILE`` makes one.
``liaison audit check-process --consultation ID [--json]`` prints the process check
(:mod:`liaison.audit.process_check`) and exits 1 when a principle was broken without a
recorded reason."""

from django.core.management.base import BaseCommand, CommandError

from liaison.audit.selectors import verify_chain


class Command(BaseCommand):
    help = ("Audit trail tools. 'verify' checks that no event was altered or removed "
            "('verify --pack FILE': an evidence pack, offline); 'pack' writes a "
            "consultation's evidence pack; 'check-process' reports whether a consultation "
            "was fair, principle by principle.")
    # ``verify --pack`` must work without a database: no system checks (they may query it).
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chain of the audit trail")
        verify.add_argument("--pack", metavar="FILE",
                            help="verify an evidence pack instead (offline, no database)")
        verify.add_argument("--expect-head", metavar="HASH",
                            help="with --pack: the chain head you kept apart from the pack")
        pack = sub.add_parser("pack", help="write the evidence pack of one consultation")
        pack.add_argument("--consultation", type=int, required=True, metavar="ID")
        pack.add_argument("-o", "--output", required=True, metavar="FILE")
        pack.add_argument("--by", metavar="USERNAME",
                          help="the user recorded as generating the pack")

        check = sub.add_parser("check-process",
                               help="was this consultation fair? principle by principle")
        check.add_argument("--consultation", type=int, required=True, metavar="ID")
        check.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, action: str, **options):
        if action == "check-process":
            return self._check_process(options)
        if action == "verify" and options.get("pack"):
            return self._verify_pack(options["pack"], options.get("expect_head"))
        if action == "pack":
            return self._pack(options)
        if action == "verify":
            result = verify_chain()
            if not result.intact:
                raise CommandError(f"audit trail broken at {result.broken}", returncode=1)
            self.stdout.write(f"audit trail intact: {result.count} events, head {result.head}")

    def _verify_pack(self, path: str, expected_head: str | None) -> None:
        from liaison.audit.verify_pack import report, verify_pack_file

        result = verify_pack_file(path, expected_head=expected_head)
        if not result.intact:
            for problem in result.problems[1:]:
                self.stderr.write(f"  also: {problem}")
            raise CommandError(f"evidence pack {path} is NOT intact: {result.first_problem}",
                               returncode=1)
        self.stdout.write(report(result, path))

    def _check_process(self, options) -> None:
        import json

        from liaison.audit.process_check import process_check
        from liaison.consultations.models import Consultation

        consultation = Consultation.objects.filter(pk=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"no consultation #{options['consultation']}", returncode=2)
        report = process_check(consultation)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report.text())
        if not report.fair:
            raise CommandError("principle(s) broken without a recorded reason: "
                               + ", ".join(report.broken), returncode=1)

    def _pack(self, options) -> None:
        from pathlib import Path

        from django.contrib.auth import get_user_model

        from liaison.audit.evidence import evidence_pack_create
        from liaison.consultations.models import Consultation

        consultation = (Consultation.objects.select_related("liaison_org", "project")
                        .filter(pk=options["consultation"]).first())
        if consultation is None:
            raise CommandError(f"no consultation #{options['consultation']}", returncode=2)
        actor = None
        if options.get("by"):
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"no user {options['by']!r}", returncode=2)
        pack = evidence_pack_create(actor=actor, consultation=consultation)
        Path(options["output"]).write_bytes(pack.data)
        self.stdout.write(f"evidence pack written: {options['output']} ({len(pack.data)} bytes, "
                          f"{len(pack.manifest['files']) + 1} files, chain head "
                          f"#{pack.manifest['chain']['count']} {pack.manifest['chain']['head']})")
