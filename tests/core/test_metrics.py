"""The self-assessment figures, checked by hand (liaison.core.metrics)."""

import datetime as dt

import pytest

from liaison.core import metrics as m


def test_share_rounds_to_four_decimals_and_is_none_without_a_whole():
    assert m.share(2, 3) == 0.6667
    assert m.share(1, 3) == 0.3333
    assert m.share(0, 5) == 0.0
    assert m.share(0, 0) is None
    with pytest.raises(ValueError):
        m.share(4, 3)
    with pytest.raises(ValueError):
        m.share(-1, 3)


def test_lead_times_count_whole_days_and_mark_the_waiting_ones():
    today = dt.date(2026, 3, 31)
    rows = [("ISO/NP 2", dt.date(2026, 3, 1), None),          # waiting: 30 days so far
            ("ISO/NP 1", dt.date(2026, 1, 10), dt.date(2026, 2, 9)),  # 30 days (Jan has 31)
            ("ISO/NP 3", None, dt.date(2026, 1, 1)),          # no approval: left out
            ("ISO/NP 4", dt.date(2026, 2, 1), dt.date(2026, 1, 20))]  # notice first: 0
    out = m.lead_times(rows, today=today)
    assert [(t.label, t.days, t.waiting) for t in out] == [
        ("ISO/NP 1", 30, False), ("ISO/NP 4", 0, False), ("ISO/NP 2", 30, True)]


def test_median():
    assert m.median([]) is None
    assert m.median([5]) == 5.0
    assert m.median([9, 1, 4]) == 4.0
    assert m.median([1, 2, 3, 10]) == 2.5


def test_response_rates_count_a_stakeholder_in_each_of_their_categories():
    audience = [(["industry"], True), (["industry"], False), (["consumers"], False),
                (["academic", "industry"], True), ([], True)]
    overall, rows = m.response_rates(audience)
    assert (overall.told, overall.responded, overall.share) == (5, 3, 0.6)
    assert [(r.category, r.told, r.responded, r.share) for r in rows] == [
        ("academic", 1, 1, 1.0), ("consumers", 1, 0, 0.0), ("industry", 3, 2, 0.6667),
        (m.UNCATEGORIZED, 1, 1, 1.0)]


def test_response_rates_of_nobody():
    overall, rows = m.response_rates([])
    assert (overall.told, overall.share, rows) == (0, None, [])


def test_balance_lists_required_groups_first_and_counts_coverage():
    b = m.balance([["industry"], ["industry", "academic"], ["ngo"], []],
                  required=["consumers", "industry", "industry"])
    assert b.participants == 4
    assert [(g.category, g.required, g.participants, g.share_of_participants)
            for g in b.groups] == [
        ("consumers", True, 0, 0.0), ("industry", True, 2, 0.5), ("academic", False, 1, 0.25),
        ("ngo", False, 1, 0.25), (m.UNCATEGORIZED, False, 1, 0.25)]
    assert (b.required, b.required_covered, b.coverage) == (2, 1, 0.5)


def test_balance_without_required_groups_or_participants():
    b = m.balance([], required=[])
    assert (b.participants, b.groups, b.coverage) == (0, [], None)


def test_disposition_and_consensus_shares():
    assert m.disposition_share("c", comments=12, disposed=9).share == 0.75
    assert m.disposition_share("c", comments=0, disposed=0).share is None
    p = m.consensus_share("c", [True, False, True])
    assert (p.part, p.whole, p.share) == (2, 3, 0.6667)


def test_appeal_figures_by_outcome_state_and_quarter():
    rows = [(dt.date(2026, 1, 5), "decided", "upheld"),
            (dt.date(2026, 3, 31), "closed", "dismissed"),
            (dt.date(2026, 4, 1), "closed", "partly_upheld"),
            (dt.date(2026, 4, 2), "inadmissible", ""),
            (dt.date(2025, 12, 31), "filed", "")]
    f = m.appeal_figures(rows)
    assert f.total == 5
    assert f.by_result == {"dismissed": 1, "filed": 1, "inadmissible": 1,
                           "partly_upheld": 1, "upheld": 1}
    assert f.by_quarter == {"2025-Q4": 1, "2026-Q1": 2, "2026-Q2": 2}
    assert f.upheld_share == 0.6667  # 2 of the 3 decided
    assert m.appeal_figures([]).upheld_share is None


def test_quarter():
    assert [m.quarter(dt.date(2026, mo, 1)) for mo in (1, 3, 4, 6, 7, 10, 12)] == [
        "2026-Q1", "2026-Q1", "2026-Q2", "2026-Q2", "2026-Q3", "2026-Q4", "2026-Q4"]


def test_bar_geometry():
    bars = m.bars([("a", 50), ("b", 100), ("c", None), ("d", 150)], scale_max=100, width=300)
    assert [(b.label, b.width) for b in bars] == [("a", 150.0), ("b", 300.0), ("c", 0.0),
                                                  ("d", 300.0)]  # clipped at the scale
    auto = m.bars([("a", 3), ("b", 12)], scale_max=None, width=120)
    assert [b.width for b in auto] == [30.0, 120.0]
    assert [b.width for b in m.bars([("z", 0)], scale_max=None, width=100)] == [0.0]


def test_percent_and_timeline():
    assert m.as_percent(0.6667) == 66.67
    assert m.as_percent(None) is None
    a, b = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    assert m.merge_timeline([(b, "version", "v2")], [(a, "review", "r1")]) == [
        (a, "review", "r1"), (b, "version", "v2")]
