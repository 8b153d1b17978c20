"""``liaison comments import|export``: round trips through the ISO forms, refusals that store
nothing, and the WG21 national-body comments."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liaison.audit.models import AuditEvent
from liaison.consultations.models import Comment
from liaison.core.isoform import read_form
from tests.consultations.helpers import CSV_HEADER, ROWS, csv_bytes, form_bytes
from tests.snapshots import row_counts

FIELDS = ("line", "clause", "element", "type", "comment", "proposed_change")


def texts(rows):
    return [tuple(getattr(r, f) for f in FIELDS) for r in rows]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv"])
def test_import_then_export_gives_back_the_same_rows(tmp_path, consultation, alice,
                                                     coordinator, fmt):
    source = tmp_path / f"in.{fmt}"
    source.write_bytes(form_bytes(fmt))
    call_command("comments", "import", str(source), "--consultation", str(consultation.pk),
                 "--as-stakeholder", str(alice[1].pk), "--by", coordinator.username)
    assert Comment.objects.filter(author=alice[1], entered_by=coordinator).count() == 3
    for out_fmt in ("docx", "xlsx"):
        out = tmp_path / f"out.{out_fmt}"
        call_command("comments", "export", "--consultation", str(consultation.pk),
                     "--format", out_fmt, "-o", str(out))
        form = read_form(out)
        assert texts(form.rows) == texts(ROWS)
        assert [r.id for r in form.rows] == ["TMI-001", "TMI-002", "TMI-003"]
        assert form.project.startswith("ISO/DIS 15836-2")
        assert form.document == "ISO/TC 46/SC 4 N 2260"


def test_a_refused_file_prints_each_problem_and_stores_nothing(tmp_path, consultation):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(CSV_HEADER, ["TMI", "1", "5", "", "te", "", "", ""],
                              ["TMI", "2", "5", "", "zz", "Text", "", ""]))
    before = row_counts()
    with pytest.raises(CommandError) as info:
        call_command("comments", "import", str(bad), "--consultation", str(consultation.pk))
    message = str(info.value)
    assert "bad.csv, row 2, column 'Comments': the comment text is empty" in message
    assert "bad.csv, row 3, column 'Type of comment'" in message
    assert row_counts() == before


def test_an_oversized_file_is_refused_by_the_cli(tmp_path, consultation, settings):
    settings.LIAISON_UPLOAD_MAX_BYTES = 100
    big = tmp_path / "big.docx"
    big.write_bytes(form_bytes("docx"))
    before = row_counts()
    with pytest.raises(CommandError, match="over the limit of 100 bytes"):
        call_command("comments", "import", str(big), "--consultation", str(consultation.pk))
    assert row_counts() == before


def test_export_of_an_unknown_consultation_fails_clearly(tmp_path, db):
    with pytest.raises(CommandError, match="no consultation 999"):
        call_command("comments", "export", "--consultation", "999", "--format", "docx",
                     "-o", str(tmp_path / "x.docx"))


def test_wg21_ballots_import_and_export(tmp_path, shared_data, consultation):
    """Every WG21 national-body ballot CSV imports whole and exports as ISO forms that read
    back to the same comments."""
    folder = shared_data / "cpp-nb-comments-wg21"
    ballots = sorted(folder.glob("nb_comments_flat_*.csv"))
    if not ballots:
        pytest.skip(f"no WG21 ballot CSVs in {folder}")
    expected = []
    for path in ballots:
        call_command("comments", "import", str(path), "--consultation", str(consultation.pk))
        with path.open(newline="", encoding="utf-8") as stream:
            expected += [(r["nb_id"].strip(), r["comment"].strip())
                         for r in csv.DictReader(stream)]
        event = AuditEvent.objects.filter(verb="comments.import").latest("seq")
        assert event.data["file"] == path.name
    stored = list(Comment.objects.filter(consultation=consultation).order_by("number"))
    assert len(stored) == len(expected)
    assert [(c.source_ref, " ".join(c.comment.split())) for c in stored] == [
        (ref, " ".join(text.split())) for ref, text in expected]
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"wg21.{fmt}"
        call_command("comments", "export", "--consultation", str(consultation.pk),
                     "--format", fmt, "-o", str(out))
        rows = read_form(out).rows
        assert [r.comment for r in rows] == [c.comment for c in stored]
        assert [r.clause for r in rows] == [c.clause for c in stored]
