"""``liaison isoform convert IN OUT`` (plain argparse, no database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from liaison.commands.isoform_convert import main
from liaison.core.isoform import CommentForm, CommentRow, read_form, write_form

FORM = CommentForm(
    date="2024-05-01",
    document="ISO/CD 1",
    project="P",
    rows=[CommentRow("US-001", "US", "1", "2", "", "te", "Comment", "Change", "")],
)


def test_convert_between_formats(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.xlsx"
    src.write_bytes(write_form(FORM, "xlsx"))
    assert main([str(src), str(tmp_path / "out.docx")]) == 0
    assert main([str(tmp_path / "out.docx"), str(tmp_path / "out.csv")]) == 0
    assert read_form(tmp_path / "out.docx") == FORM
    assert read_form(tmp_path / "out.csv").rows == FORM.rows
    assert "wrote 1 comments" in capsys.readouterr().out


def test_osd_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(write_form(FORM, "csv"))
    assert main([str(src), str(tmp_path / "osd.xlsx"), "--osd"]) == 0
    assert read_form(tmp_path / "osd.xlsx").rows[0].comment == "Comment"


def test_bad_file_exits_2_with_the_message(tmp_path: Path, capsys) -> None:
    src = tmp_path / "fake.xlsx"
    src.write_bytes(write_form(FORM, "docx"))
    assert main([str(src), str(tmp_path / "out.csv")]) == 2
    assert "fake.xlsx: the file is not an Excel workbook" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert main([]) == 2
    assert main([str(tmp_path / "a.csv"), str(tmp_path / "b.pdf")]) == 2
    assert main([str(tmp_path / "missing.csv"), str(tmp_path / "b.csv")]) == 2


def test_runs_as_a_module(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(write_form(FORM, "csv"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "liaison.commands.isoform_convert",
            str(src),
            str(tmp_path / "out.xlsx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_form(tmp_path / "out.xlsx").rows == FORM.rows


def test_routed_by_the_liaison_command(tmp_path: Path) -> None:
    from liaison.cli import main as liaison

    src = tmp_path / "in.csv"
    src.write_bytes(write_form(FORM, "csv"))
    assert liaison(["isoform", "convert", str(src), str(tmp_path / "out.docx")]) == 0
    assert read_form(tmp_path / "out.docx").rows == FORM.rows
