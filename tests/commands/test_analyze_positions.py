"""``liaison analyze-positions``: figures, verdicts, GIC, groups; exit 2 on bad input."""

from __future__ import annotations

import json

from liaison.commands.analyze_positions import main

POSITIONS = """participant,statement,position
a,S1,support
b,S1,support
c,S1,oppose
d,S1,oppose
e,S1,can live with it
a,S2,support
b,S2,support
c,S2,support
d,S2,abstain
"""


def test_json_with_categories(tmp_path, capsys):
    pos = tmp_path / "p.csv"
    pos.write_text(POSITIONS)
    cats = tmp_path / "c.csv"
    cats.write_text(
        "participant,category\na,industry\nb,industry\nc,consumers\nd,consumers\ne,consumers\n"
    )
    assert main([str(pos), "--categories", str(cats), "--json", "--min-members", "2"]) == 0
    doc = json.loads(capsys.readouterr().out)
    s1, s2 = doc["statements"]
    assert s1["by_category"]["consumers"]["opposition_share"] == 2 / 3
    assert s1["verdict"]["consensus"] is False
    assert s1["verdict"]["sustained_opposition"] == ["consumers"]
    assert s2["verdict"]["consensus"] is True
    assert 0 < s2["gic"]["agree"] <= 1
    assert doc["rule"]["min_members"] == 2


def test_text_output(tmp_path, capsys):
    pos = tmp_path / "p.csv"
    pos.write_text(POSITIONS)
    assert main([str(pos)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 statements, consensus on 1")
    assert "Opinion groups" in out


def test_polis_export(shared_data, capsys):
    path = shared_data / "polis-opendata" / "brexit-consensus" / "participants-votes.csv"
    assert main([str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["n_statements"] == 50 and doc["opinion_groups"]["k"] >= 2
    assert doc["opinion_groups"]["ari_vs_polis_group_id"] > 0.3


def test_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("participant,statement,position\na,S1,perhaps\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main([str(bad)]) == 2
    assert main([str(empty)]) == 2
    assert main([str(tmp_path / "missing.csv")]) == 2
    assert main([str(bad), "--theta", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4
    assert "line 2: unknown position 'perhaps'" in err[0]
