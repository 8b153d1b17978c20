"""Uploading a filled ISO comment form: accepted whole, or refused whole with every problem
named by file, row and column (4xx, nothing stored)."""

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.consultations.models import Comment
from tests.consultations.helpers import CSV_HEADER, ROWS, csv_bytes, form_bytes, pass_deadline
from tests.snapshots import row_counts


def upload(client, consultation, name: str, data: bytes, **extra):
    return client.post(reverse("consultations:upload", args=[consultation.pk]),
                       {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "osd"])
def test_a_stakeholder_uploads_a_form_and_sees_its_rows(client, consultation, alice, fmt):
    user, profile = alice
    client.force_login(user)
    data = form_bytes(fmt)
    name = f"tmi-comments.{'xlsx' if fmt == 'osd' else fmt}"
    response = upload(client, consultation, name, data, submit="on")
    assert response.status_code == 302, response.content.decode()[:3000]
    comments = list(Comment.objects.order_by("number"))
    assert [c.comment for c in comments] == [r.comment for r in ROWS]
    assert all(c.author == profile and c.channel == Comment.Channel.UPLOAD for c in comments)
    assert all(c.status == Comment.Status.SUBMITTED for c in comments)
    assert comments[2].mb == "TMI"  # a blank MB/NC becomes the organization's code
    event = AuditEvent.objects.get(verb="comments.import")
    assert event.data["rows"] == 3
    assert event.data["sha256"] == hashlib.sha256(data).hexdigest()
    page = client.get(response["Location"]).content.decode()
    assert "ISO 8601-1 cannot express approximate dates." in page


def test_an_upload_without_submit_keeps_drafts(client, consultation, alice):
    client.force_login(alice[0])
    assert upload(client, consultation, "c.csv", form_bytes("csv")).status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.DRAFT}


def test_a_coordinator_imports_on_a_stakeholders_behalf(client, consultation, coordinator,
                                                        alice):
    client.force_login(coordinator)
    response = upload(client, consultation, "from-alice.xlsx", form_bytes("xlsx"),
                      stakeholder=alice[1].pk, channel="meeting")
    assert response.status_code == 302
    assert set(Comment.objects.values_list("author", "channel", "entered_by", "status")) == {
        (alice[1].pk, "meeting", coordinator.pk, "submitted")}


def _zip_with(data: bytes, replace: dict[str, bytes] | None = None,
              add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename)
                         or src.read(info.filename))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A small .docx whose extra member expands 1000-fold (20 MB of zeros)."""
    return _zip_with(form_bytes("docx"), add={"word/filler.xml": b"\0" * (20 * 1024 * 1024)})


def xml_entity() -> bytes:
    """A .docx whose document part declares an entity (billion-laughs style)."""
    data = form_bytes("docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml")
    head, rest = body.split(b"?>", 1)
    evil = (head + b'?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
            + rest)
    return _zip_with(data, replace={"word/document.xml": evil})


def merged_cells() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(CSV_HEADER)
    sheet.append(["TMI", "12", "5.2", "", "te", "A comment", "A change", ""])
    sheet.append(["TMI", "14", "5.3", "", "ed", "Spans two cells", "", ""])
    sheet.merge_cells("F3:G3")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def renamed_heading() -> bytes:
    header = [("Remarks" if h == "Comments" else h) for h in CSV_HEADER]
    return csv_bytes(header, ["TMI", "1", "5", "", "te", "Text", "", ""])


GOOD = ["TMI", "1", "5.1", "", "te", "A good comment", "", ""]
BAD_INPUT = [
    ("wrong content for its name", "comments.docx", b"%PDF-1.4 not a Word file at all",
     ["comments.docx", "not a Word document (.docx)"]),
    ("a workbook named .docx", "comments.docx", form_bytes("xlsx"),
     ["comments.docx", "not a Word document"]),
    ("zip bomb", "bomb.docx", zip_bomb(), ["bomb.docx", "possible zip bomb"]),
    ("XML entity", "entity.docx", xml_entity(),
     ["entity.docx", "DOCTYPE or ENTITY", "refused"]),
    ("merged cells", "merged.xlsx", merged_cells(),
     ["merged.xlsx, row 3, column", "merged cells are not allowed"]),
    ("missing or renamed heading", "renamed.csv", renamed_heading(),
     ["renamed.csv, row 1, column 'Comments': heading not found"]),
    ("unknown comment type", "types.csv",
     csv_bytes(CSV_HEADER, GOOD, ["TMI", "2", "5.2", "", "major", "Text", "", ""]),
     ["types.csv, row 3, column 'Type of comment'", "unknown comment type"]),
    ("row without comment text", "empty.csv",
     csv_bytes(CSV_HEADER, ["TMI", "2", "5.2", "", "te", "", "A change", ""], GOOD),
     ["empty.csv, row 2, column 'Comments': the comment text is empty"]),
    ("not UTF-8 text", "latin1.csv", "MB/NC;Commentaire é".encode("latin-1"),
     ["latin1.csv", "not UTF-8"]),
    ("unsupported extension", "comments.pdf", b"%PDF-1.4", ["comments.pdf", "unsupported"]),
]


@pytest.mark.parametrize(("case", "name", "data", "expected"), BAD_INPUT,
                         ids=[case[0] for case in BAD_INPUT])
def test_a_bad_file_is_refused_whole_with_a_clear_message(client, consultation, alice, case,
                                                          name, data, expected):
    client.force_login(alice[0])
    before = row_counts()
    response = upload(client, consultation, name, data, submit="on")
    assert 400 <= response.status_code < 500
    page = response.content.decode().replace("&#x27;", "'")
    assert "nothing was stored" in page
    for text in expected:
        assert text in page, (text, page[page.find("upload-errors"):][:1500])
    assert row_counts() == before


def test_a_file_over_the_size_limit_is_refused_before_parsing(client, consultation, alice,
                                                              settings):
    settings.LIAISON_UPLOAD_MAX_BYTES = 2000
    client.force_login(alice[0])
    data = form_bytes("docx")
    before = row_counts()
    response = upload(client, consultation, "big.docx", data, submit="on")
    assert response.status_code == 400
    page = response.content.decode()
    assert f"big.docx: the file is {len(data):,} bytes, over the limit of 2,000 bytes" in page
    assert row_counts() == before


def test_a_submission_after_the_deadline_is_refused(client, consultation, alice):
    pass_deadline(consultation)
    client.force_login(alice[0])
    before = row_counts()
    response = upload(client, consultation, "late.csv", form_bytes("csv"), submit="on")
    assert response.status_code in (400, 403, 409)
    assert "has passed" in response.content.decode()
    assert row_counts() == before


def test_a_late_upload_is_flagged_under_the_flag_policy(client, consultation, alice):
    pass_deadline(consultation, late_policy="flag")
    client.force_login(alice[0])
    response = upload(client, consultation, "late.csv", form_bytes("csv"), submit="on")
    assert response.status_code == 302
    assert set(Comment.objects.values_list("is_late", flat=True)) == {True}


def test_one_bad_row_among_good_ones_stores_nothing(client, consultation, alice):
    rows = [GOOD] * 5 + [["TMI", "9", "6", "", "xx", "Text", "", ""]] + [GOOD] * 5
    client.force_login(alice[0])
    before = row_counts()
    response = upload(client, consultation, "mixed.csv", csv_bytes(CSV_HEADER, *rows))
    assert response.status_code == 400
    assert "mixed.csv, row 7, column &#x27;Type of comment&#x27;" in response.content.decode()
    assert row_counts() == before
