"""``liaison comments import|export``: a consultation's comments from and to ISO forms.

    liaison comments import FILE --consultation ID [--as-stakeholder ID] [--by USERNAME]
                                 [--channel import|meeting|email] [--draft]
    liaison comments export --consultation ID --format docx|xlsx -o FILE

Import follows the upload's rules (size limit first, the whole file or nothing, one audit
event with the row count and SHA-256); a refused file prints every problem with its row and
column and exits 1. Export writes the submitted comments as the ISO template (.docx) or .xlsx.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.consultations import forms_io, services
from liaison.consultations.models import Comment, Consultation
from liaison.registry.models import Stakeholder


class Command(BaseCommand):
    help = "Import comments into a consultation from an ISO form, or export them as one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a filled form (.docx, .xlsx, .csv)")
        imp.add_argument("file")
        imp.add_argument("--consultation", type=int, required=True)
        imp.add_argument("--as-stakeholder", type=int, dest="stakeholder",
                         help="the stakeholder the comments come from (default: the "
                              "organization itself)")
        imp.add_argument("--by", help="username recorded as the one who entered them")
        imp.add_argument("--channel", default=Comment.Channel.IMPORT,
                         choices=[Comment.Channel.IMPORT, Comment.Channel.MEETING,
                                  Comment.Channel.EMAIL])
        imp.add_argument("--draft", action="store_true", help="keep them as drafts")
        exp = sub.add_parser("export", help="write the submitted comments as a form")
        exp.add_argument("--consultation", type=int, required=True)
        exp.add_argument("--format", choices=sorted(forms_io.EXPORT_FORMATS), required=True)
        exp.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        try:
            consultation = Consultation.objects.select_related(
                "liaison_org", "project", "document").get(pk=options["consultation"])
        except Consultation.DoesNotExist as exc:
            raise CommandError(f"no consultation {options['consultation']}") from exc
        if options["action"] == "import":
            self._import(consultation, options)
        else:
            self._export(consultation, options)

    def _import(self, consultation: Consultation, options) -> None:
        path = Path(options["file"])
        actor = author = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"no user {options['by']!r}")
        if options["stakeholder"]:
            author = Stakeholder.objects.filter(liaison_org=consultation.liaison_org,
                                                pk=options["stakeholder"]).first()
            if author is None:
                raise CommandError(f"no stakeholder {options['stakeholder']} in "
                                   f"{consultation.liaison_org}")
        try:
            size = path.stat().st_size
            if size > forms_io.upload_limits().max_bytes:
                raise ValidationError(forms_io.too_large_message(path.name, size))
            parsed = forms_io.parse_upload(path.read_bytes(), path.name)
            created = services.comments_import(
                actor=actor, consultation=consultation, rows=parsed.form.rows,
                filename=parsed.filename, sha256=parsed.sha256, author=author,
                channel=options["channel"], submit=not options["draft"],
                keep_observations=True)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        except ValidationError as exc:
            raise CommandError("refused, nothing stored:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} comments imported into consultation {consultation.pk} "
            f"(numbers {created[0].number}–{created[-1].number}, sha256 {parsed.sha256})"))

    def _export(self, consultation: Consultation, options) -> None:
        data = forms_io.export_bytes(consultation, options["format"])
        Path(options["output"]).write_bytes(data)
        count = len(forms_io.form_of(consultation).rows)
        self.stdout.write(self.style.SUCCESS(
            f"{count} comments written to {options['output']} ({len(data):,} bytes)"))
