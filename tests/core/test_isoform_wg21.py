"""Real data: the WG21 national-body ballot comments import from CSV and round-trip as ISO forms.

The shared data folder is found through LIAISON_SHARED_DATA (default <repo>/../shared/data).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from liaison.core.isoform import CommentForm, read_form, write_form

SHARED = Path(os.environ.get("LIAISON_SHARED_DATA", Path(__file__).parents[3] / "shared/data"))
WG21 = SHARED / "cpp-nb-comments-wg21"
BALLOTS = sorted(WG21.glob("nb_comments_flat_*.csv")) if WG21.is_dir() else []

pytestmark = pytest.mark.skipif(
    not BALLOTS, reason=f"WG21 comment files not found in {WG21} (set LIAISON_SHARED_DATA)"
)


def test_there_are_four_ballots_with_391_comments() -> None:
    assert len(BALLOTS) == 4
    assert sum(len(read_form(path).rows) for path in BALLOTS) == 391


@pytest.mark.parametrize("path", BALLOTS, ids=lambda p: p.stem)
def test_ballot_imports_verbatim(path: Path) -> None:
    form = read_form(path)
    with path.open(encoding="utf-8", newline="") as stream:
        source = list(csv.DictReader(stream))
    assert len(form.rows) == len(source)
    for row, raw in zip(form.rows, source, strict=True):
        assert (row.id, row.mb, row.clause) == (raw["nb_id"], raw["member_body"], raw["clause"])
        assert row.comment == raw["comment"].strip()  # markup kept verbatim
        assert row.proposed_change == raw["proposed_change"].strip()
        assert row.observation == raw["observations_of_secretariat"].strip()


@pytest.mark.parametrize("path", BALLOTS, ids=lambda p: p.stem)
def test_ballot_round_trips_through_docx_and_xlsx(path: Path) -> None:
    rows = read_form(path).rows
    form = CommentForm(date="2024-01-01", document=path.stem, project="ISO/IEC 14882", rows=rows)
    for fmt in ("docx", "xlsx", "csv"):
        back = read_form(write_form(form, fmt), filename=f"{path.stem}.{fmt}")
        assert back.rows == rows, fmt
    chained = read_form(write_form(form, "docx"), filename="a.docx")
    chained = read_form(write_form(chained, "xlsx"), filename="b.xlsx")
    chained = read_form(write_form(chained, "csv"), filename="c.csv")
    assert read_form(write_form(chained, "docx"), filename="d.docx").rows == rows
