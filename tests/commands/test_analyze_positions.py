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


def test_output_says_what_kmeans_and_silhouette_ran_on(tmp_path, capsys):
    """k-means always on every clustered participant; the silhouette on all of them, or on the
    seeded sample of 2,000 when there are more (and then the output says so)."""
    import numpy as np

    rng = np.random.default_rng(1)
    rows = ["participant,statement,position"]
    for p in range(2_300):
        lean = 1 if p % 2 else -1
        for s in range(8):
            vote = lean if rng.random() < 0.9 else -lean
            rows.append(f"p{p},S{s},{'agree' if vote > 0 else 'disagree'}")
    big = tmp_path / "big.csv"
    big.write_text("\n".join(rows) + "\n")
    small = tmp_path / "small.csv"
    small.write_text("\n".join(rows[:1 + 8 * 40]) + "\n")

    assert main([str(big), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)["opinion_groups"]
    assert doc["n_clustered"] == 2_300 and doc["silhouette_on"] == 2_000
    assert main([str(big)]) == 0
    assert ("k-means on all 2300 clustered participants, silhouette on a seeded sample of 2000"
            in capsys.readouterr().out)
    assert main([str(small)]) == 0
    assert "k-means and silhouette on all 40 clustered participants" in capsys.readouterr().out
