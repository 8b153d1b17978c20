"""``liaison audit verify``: check the audit trail's hash chain and seals; exit 1 naming the
first broken event (``--against FILE``: also against published chain heads).
``liaison audit verify --pack FILE`` checks an evidence pack offline (no database is touched);
``liaison audit pack --consultation ID -o FILE`` makes one; ``liaison audit publish-head``
states and signs today's chain head (run it daily from cron).
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
        verify.add_argument("--key", metavar="FILE_OR_KEY",
                            help="with --pack or --against: the organization's published "
                                 "public key(s): "
                                 "the /.well-known/liaison-signing-key document saved to a "
                                 "file, or a base64 key")
        verify.add_argument("--against", metavar="FILE", action="append",
                            help="also check the chain against published chain heads (a "
                                 "saved /proof/heads/….json or /proof/heads.json); repeatable")
        sub.add_parser("publish-head", help="state and sign today's chain head (daily)")
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
            return self._verify_pack(options["pack"], options.get("expect_head"),
                                     options.get("key"))
        if action == "pack":
            return self._pack(options)
        if action == "publish-head":
            from liaison.audit.heads import chain_head_publish

            published = chain_head_publish()
            self.stdout.write(f"chain head of {published.date} published: event "
                              f"{published.count}, {published.head}")
            return None
        if action == "verify":
            documents = self._published(options.get("against") or [])
            result = verify_chain()
            if not result.intact:
                raise CommandError(f"audit trail broken at {result.broken}", returncode=1)
            if documents:
                self._verify_against(documents, options.get("key"))
            self.stdout.write(f"audit trail intact: {result.count} events, head {result.head}"
                              + (f", agrees with {len(documents)} published head(s)"
                                 if documents else ""))
        return None

    def _published(self, paths: list[str]) -> list[dict]:
        from pathlib import Path

        from liaison.core.heads import parse_heads

        documents: list[dict] = []
        for path in paths:
            try:
                documents += parse_heads(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise CommandError(f"--against {path}: {exc}", returncode=2) from exc
        return documents

    def _verify_against(self, documents: list[dict], key: str | None) -> None:
        from liaison.audit.heads import against_published
        from liaison.audit.verify_pack import read_public_keys

        try:
            trusted = read_public_keys(key) if key else None
        except ValueError as exc:
            raise CommandError(f"--key: {exc}", returncode=2) from exc
        problems = against_published(documents, trusted)
        if problems:
            for problem in problems[1:]:
                self.stderr.write(f"  also: {problem}")
            raise CommandError(f"audit trail disagrees with {problems[0]}", returncode=1)

    def _verify_pack(self, path: str, expected_head: str | None, key: str | None) -> None:
        from liaison.audit.verify_pack import read_public_keys, report, verify_pack_file

        trusted = None
        if key:
            try:
                trusted = read_public_keys(key)
            except ValueError as exc:
                raise CommandError(f"--key: {exc}", returncode=2) from exc
        result = verify_pack_file(path, expected_head=expected_head, trusted_keys=trusted)
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
