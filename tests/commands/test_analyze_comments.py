"""``liaison analyze-comments``: text and JSON output, exit 2 on bad input."""

from __future__ import annotations

import json

from liaison.commands.analyze_comments import main
from liaison.core.isoform import CommentForm, CommentRow, write_form

TEXT = "The term equivalent is not defined for contained objects."


def form(tmp_path):
    rows = [
        CommentRow(
            id="US-1",
            mb="US",
            clause="[any.class]",
            type="te",
            comment=TEXT,
            proposed_change="Add a definition.",
        ),
        CommentRow(
            id="GB-2",
            mb="GB",
            clause="[any.class]",
            type="te",
            comment=TEXT,
            proposed_change="Add a definition.",
        ),
        CommentRow(
            id="FR-3",
            mb="FR",
            clause="5.2",
            type="te",
            comment="The note is confusing.",
            proposed_change="Delete the note.",
        ),
        CommentRow(
            id="DE-4",
            mb="DE",
            clause="5",
            type="te",
            comment="The note is useful.",
            proposed_change="Extend the note with an example.",
        ),
    ]
    path = tmp_path / "form.csv"
    path.write_bytes(write_form(CommentForm(rows=rows), "csv"))
    return path


def test_json_output(tmp_path, capsys):
    assert main([str(form(tmp_path)), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "liaison.analyze-comments" and doc["n_comments"] == 4
    assert [c["members"] for c in doc["clusters"]] == [["US-1", "GB-2"]]
    assert doc["clusters"][0]["reason"].startswith("same clause [any.class]")
    assert [(x["a"], x["b"]) for x in doc["contradictions"]] == [("FR-3", "DE-4")]


def test_text_output_and_threshold(tmp_path, capsys):
    assert main([str(form(tmp_path)), "--threshold", "0.99"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "4 comments, 1 redundancy clusters, 0 series, 0 related pairs, 1 contradictory pairs"
    )
    assert "FR-3 <> DE-4" in out


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "missing.csv")]) == 2
    assert main([str(tmp_path)]) == 2
    bad = tmp_path / "x.txt"
    bad.write_text("hello")
    assert main([str(bad)]) == 2
    assert main([str(form(tmp_path)), "--threshold", "7"]) == 2
    assert main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 5 and all(line.startswith("analyze-comments: ") for line in err)


REQUEST = "Add a noexcept specification to this function."


def test_json_keeps_series_and_related_apart_from_clusters(tmp_path, capsys):
    rows = [
        CommentRow(id="GB-1", mb="GB", clause="[vector.cons]", type="te", comment=REQUEST),
        CommentRow(id="GB-2", mb="GB", clause="[deque.cons]", type="te", comment=REQUEST),
        CommentRow(id="US-3", mb="US", clause="7.1", type="te",
                   comment="The grammar is ambiguous; see FR 4.", proposed_change="Fix it."),
        CommentRow(id="FR-4", mb="FR", clause="9", type="ge",
                   comment="Use another production for declarators."),
    ]
    path = tmp_path / "series.csv"
    path.write_bytes(write_form(CommentForm(rows=rows), "csv"))
    assert main([str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 2 and doc["clusters"] == []
    [series] = doc["series"]
    assert series["relation"] == "series" and series["members"] == ["GB-1", "GB-2"]
    assert series["places"] == ["[vector.cons]", "[deque.cons]"]
    [related] = doc["related"]
    assert related["members"] == ["US-3", "FR-4"]
    assert related["reason"].startswith("US-3 refers to FR-4: “")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 series, 1 related pairs" in out and "US-3 ~ FR-4" in out
