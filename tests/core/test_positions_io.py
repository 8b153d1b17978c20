"""Reading positions: our CSV, Pol.is votes.csv and participants-votes.csv, categories."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.core.positions_io import (
    PositionsFormatError,
    parse_categories_csv,
    parse_polis_votes,
    parse_positions,
    parse_positions_csv,
    read_positions,
)


def lines(text: str) -> list[str]:
    return text.strip().splitlines(keepends=True)


def test_positions_csv_with_categories():
    m = parse_positions_csv(
        lines("""
participant,statement,position,category
alice,S1,support,industry
bob,S1,can live with it,consumers;academia
alice,S2,fundamental objection,industry
alice,S1,support,industry
""")
    )
    assert m.shape == (2, 2) and m.n_positions == 3
    assert m.categories["bob"] == ("consumers", "academia")
    dense = m.to_dense()
    assert dense[0, 1] == -2


def test_conflicting_duplicate_names_both_lines():
    with pytest.raises(PositionsFormatError, match=r"line 3.*also line 2"):
        parse_positions_csv(
            lines("""
participant,statement,position
a,s,support
a,s,oppose
""")
        )


def test_unknown_position_names_line():
    with pytest.raises(PositionsFormatError, match="line 2: unknown position 'maybe'"):
        parse_positions_csv(lines("participant,statement,position\na,s,maybe\n"))


def test_polis_votes_keep_last_vote():
    m = parse_polis_votes(
        lines("""
timestamp,datetime,comment-id,voter-id,vote
200,x,0,7,-1
100,x,0,7,1
300,x,1,7,0
""")
    )
    assert m.to_dense().tolist() == [[-1.0, 0.0]]


@pytest.mark.parametrize("bad", ["2", "nan", "yes", ""])
def test_polis_votes_unknown_value(bad):
    with pytest.raises(PositionsFormatError, match="line 2"):
        parse_polis_votes(lines(f"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,{bad}\n"))


def test_participants_votes_wide_keeps_group_ids():
    f = parse_positions(
        lines("""
participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1
0,1,0,2,1,1,1,-1
1,,0,1,0,0,0,
""")
    )
    assert f.format == "polis-participants-votes"
    assert f.polis_groups == {"0": 1, "1": None}
    assert f.matrix.n_positions == 3


def test_empty_and_unknown_files():
    with pytest.raises(PositionsFormatError, match="empty"):
        parse_positions([])
    with pytest.raises(PositionsFormatError, match="unknown format"):
        parse_positions(["a,b,c\n"])
    with pytest.raises(PositionsFormatError, match="categories file"):
        parse_positions(["participant,category\n"])


def test_categories_csv():
    assert parse_categories_csv(lines("participant,category\na,x\na,y\nb,x\n")) == {
        "a": ("x", "y"),
        "b": ("x",),
    }


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6))
def test_property_garbage_is_error_or_matrix(rows):
    text = ["participant,statement,position\n"] + [r.replace("\r", "") + "\n" for r in rows]
    try:
        m = parse_positions(text).matrix
    except PositionsFormatError:
        return
    assert m.n_positions <= len(rows)


def test_real_polis_exports(shared_data):
    folder = shared_data / "polis-opendata" / "brexit-consensus"
    a = read_positions(folder / "votes.csv").matrix
    b = read_positions(folder / "participants-votes.csv").matrix
    assert a.n_positions == b.n_positions == 5303
