"""The column reader (pyarrow) and the row reader give one matrix, and bad files get the same
line-numbered errors whichever reader meets them first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.core import positions_columns as columns
from liaison.core import positions_io as io
from liaison.core.positions_io import PositionsFormatError, read_positions

FAST = {
    "polis-votes": io._polis_votes_by_column,
    "polis-participants-votes": io._participants_votes_by_column,
    "positions": io._positions_csv_by_column,
}
SLOW = {
    "polis-votes": io._polis_votes_by_row,
    "polis-participants-votes": io._participants_votes_by_row,
    "positions": io._positions_csv_by_row,
}


def canonical(result):
    """What a user gets from a matrix: ids in order, every (participant, statement, code),
    categories, and Pol.is groups for the wide format."""
    matrix, groups = result if isinstance(result, tuple) else (result, None)
    cells = sorted(
        (matrix.participants[r], matrix.statements[c], int(v))
        for r, c, v in zip(matrix.rows, matrix.cols, matrix.codes, strict=True)
    )
    return matrix.participants, matrix.statements, cells, dict(matrix.categories), groups


def by_row(kind: str, data: bytes):
    return SLOW[kind](data.decode("utf-8-sig").splitlines(keepends=True))


def outcome(fn, *args):
    try:
        return canonical(fn(*args))
    except PositionsFormatError as exc:
        return f"error: {exc}"


def export_files(shared_data):
    files = sorted((shared_data / "polis-opendata").glob("*/votes.csv"))
    files += sorted((shared_data / "polis-opendata").glob("*/participants-votes.csv"))
    return files


def test_both_readers_give_the_same_matrix_on_every_real_export(shared_data):
    files = export_files(shared_data)
    assert len(files) >= 20
    for path in files:
        data = path.read_bytes()
        header = io._header(io._rows(io._first_line(data)))[1]
        kind = io.detect_format(header)
        columns.check_plain_text(data)  # a real export takes the fast path
        fast = canonical(FAST[kind](data, header))
        assert fast == canonical(by_row(kind, data)), path
        assert canonical(read_positions(path).matrix) == canonical(
            by_row(kind, data)[0] if kind != "polis-votes" else by_row(kind, data)
        ), path


VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"
WIDE = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,c0,c1\n"
OURS = "participant,statement,position,category\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VOTES + "1,x,0,7,1\n2,x,0,7\n", "line 3: expected 5 columns, found 4"),
        (VOTES + "1,x,0,7,1\nsoon,x,0,7,1\n", "line 3: timestamp 'soon' is not a number"),
        (VOTES + "1,x,0,7,1\nnan,x,0,7,1\n", "line 3: timestamp is NaN"),
        (VOTES + "1,x,0,7,1\n2,x,0,,1\n", "line 3: comment-id and voter-id must not be empty"),
        (VOTES + "1,x,0,7,1\n2,x,1,7,2\n", "line 3: unknown vote '2' (expected 1, -1 or 0)"),
        (VOTES + "1,x,0,7,1\n2,x,1,7,yes\n", "line 3: unknown vote 'yes'"),
        (VOTES + "1,x,0,7,1\n2,x,1,7,\n", "line 3: unknown vote ''"),
        (VOTES + "1,x,0,7,1\n2,x,1,7,nan\n", "line 3: unknown vote 'nan'"),
        (WIDE + "0,1,0,2,1,1,1,-1\n,1,0,0,0,0,,\n", "line 3: participant id is empty"),
        (WIDE + "0,1,0,2,1,1,1,-1\n0,1,0,0,0,0,,\n", "line 3: participant '0' appears twice"),
        (WIDE + "0,1,0,2,1,1,1,-1\n1,one,0,0,0,0,,\n", "line 3: group-id 'one' is not a number"),
        (WIDE + "0,1,0,2,1,1,1,-1\n1,inf,0,0,0,0,,\n", "line 3: group-id 'inf' is not a number"),
        (WIDE + "0,1,0,2,1,1,1,-1\n1,0,0,0,0,0,3,\n", "line 3: unknown vote '3'"),
        (OURS + "a,S1,support,x\n,S1,support,x\n", "line 3: participant, statement and position"),
        (OURS + "a,S1,support,x\nb,S1,maybe,x\n", "line 3: unknown position 'maybe'"),
        (OURS + "a,S1,support,x\na,S1,oppose,x\n", "line 3: participant 'a' has two different"
         " positions on 'S1' (also line 2)"),
        ("", "the file is empty"),
        ("a,b,c\n1,2,3\n", "line 1: unknown format"),
        ("participant,category\na,x\n", "line 1: this is a categories file"),
    ],
)
def test_bad_files_keep_their_line_numbered_errors(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(PositionsFormatError) as caught:
        read_positions(path)
    assert str(caught.value).startswith(message)


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((VOTES + "1,caf\xe9,0,7,1\n").encode("latin-1"))
    with pytest.raises(PositionsFormatError, match=f"^{path} is not UTF-8 text$"):
        read_positions(path)


def test_last_vote_per_voter_and_statement_by_timestamp_then_line(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text(VOTES + "200,x,0,7,-1\n100,x,0,7,1\n300,x,1,7,0\n300,x,1,7,1\n5,x,0,8,1\n")
    m = read_positions(path).matrix
    assert m.participants == ("7", "8") and m.statements == ("0", "1")
    assert canonical(m)[2] == [("7", "0", -1), ("7", "1", 1), ("8", "0", 1)]


def test_quotes_crlf_bom_and_blanks_read_alike(tmp_path):
    text = ('\ufeffparticipant,statement,position,category\r\n'
            '" alice ","S,1", support ,"industry;ngo"\r\n'
            '"bob","line\r\nbreak",oppose,\r\n'
            '\r\n'
            'alice,"S,1",Support,industry\r\n')
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode())
    m = read_positions(path).matrix
    assert canonical(m) == canonical(by_row("positions", text.encode()))
    assert m.participants == ("alice", "bob") and m.statements == ("S,1", "line\r\nbreak")
    assert m.categories == {"alice": ("industry", "ngo")}


CELLS = ["0", "1", "-1", " 1", "1.0", "+1", "2", "", "nan", "x", "a", "b", " a", '"a"', "1e0",
         "support", "oppose", "Pass", "abstain", "cat;x", '"q,r"', "\t", "inf"]


def _file(header: str, rows: list[list[str]]) -> bytes:
    return (header + "".join(",".join(r) + "\n" for r in rows)).encode()


WIDTH = {"polis-votes": 5, "polis-participants-votes": 8, "positions": 4}
#: Well-formed cells per column (ids that differ only by blanks, ties, NaN groups, …).
PLAIN = {
    "polis-votes": [["1", "2", "2", "2.5", "3"], ["x", ""], ["a", "b", " a", "c"],
                    ["7", "8", " 7"], ["1", "-1", "0", " 1", "1.0"]],
    "polis-participants-votes": [["p1", "p2", "p3", " p4"], ["", "0", "1", "nan", "1.0"],
                                 ["0"], ["0"], ["0"], ["0"], ["", "1", "-1", "0", "nan"],
                                 ["", "1", "-1", " 0"]],
    "positions": [["a", "b", " a"], ["S1", "S2", "S1 "],
                  ["support", "oppose", "Agree", "abstain", " pass"], ["", "x", "x;y", "y"]],
}


def _cell(pool: list[str]):
    """A well-formed cell 29 times in 30, else one from the bad pool."""
    return st.sampled_from(pool * (29 * len(CELLS) // len(pool)) + CELLS)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WIDTH)), st.data())
def test_property_both_readers_agree_on_any_file(kind, data):
    """Rows drawn mostly from well-formed cells (so most files reach the column reader) with
    about one cell in thirty from a pool of bad ones, and now and then a ragged row (then the row
    reader alone reads the file): the column reader gives the row reader's matrix."""
    header = {"polis-votes": VOTES, "polis-participants-votes": WIDE, "positions": OURS}[kind]
    row = st.tuples(*[_cell(pool) for pool in PLAIN[kind]]).map(list)
    ragged = st.lists(st.sampled_from(CELLS), min_size=1, max_size=WIDTH[kind] + 1)
    rows = data.draw(st.lists(row, max_size=12))
    if kind == "polis-participants-votes":  # one row per participant (mostly)
        rows = [[f"p{i}" if r[0].startswith(("p", " p")) else r[0], *r[1:]]
                for i, r in enumerate(rows)]
    if data.draw(st.integers(0, 9)) == 0:  # now and then a ragged row
        rows.insert(data.draw(st.integers(0, len(rows))), data.draw(ragged))
    text = _file(header, rows)
    try:
        columns.check_plain_text(text)
        fast = canonical(FAST[kind](text, header.strip().split(",")))
    except columns.NotPlain:
        return  # the row reader alone reads it
    assert fast == outcome(by_row, kind, text)
