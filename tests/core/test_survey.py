"""The survey aggregate, checked against figures computed by hand."""

from __future__ import annotations

import json

import pytest

from liaison.core.survey import Answer, aggregate

IND = ("industry", "Industry and commerce")
ACA = ("academic", "Academic and research bodies")
GOV = ("government", "Government")


def answers() -> list[Answer]:
    return [
        Answer(1, "Ada", "yes", "high", True, (IND,)),
        Answer(2, "Bo", "yes", "medium", False, (IND, ACA)),
        Answer(3, "Cy", "no", "low", False, (ACA,)),
        Answer(4, "Di", "undecided", "none", True, ()),
    ]


def test_overall_counts_and_shares():
    overall = aggregate(answers())["overall"]
    assert overall["answers"] == 4
    assert overall["support"] == {"yes": 2, "no": 1, "undecided": 1}
    assert overall["support_share"] == {"yes": 0.5, "no": 0.25, "undecided": 0.25}
    assert overall["interest"] == {"none": 1, "low": 1, "medium": 1, "high": 1}
    assert overall["willing"] == 2 and overall["willing_share"] == 0.5


def test_per_category_rows_count_multi_category_stakeholders_in_each():
    rows = {r["code"]: r for r in aggregate(answers(), [IND, ACA, GOV])["categories"]}
    assert list(rows) == ["industry", "academic", "government", ""]
    assert rows["industry"]["answers"] == 2
    assert rows["industry"]["support"] == {"yes": 2, "no": 0, "undecided": 0}
    assert rows["industry"]["willing_share"] == 0.5
    assert rows["academic"]["support_share"] == {"yes": 0.5, "no": 0.5, "undecided": 0.0}
    assert rows["academic"]["interest"] == {"none": 0, "low": 1, "medium": 1, "high": 0}
    assert rows["government"]["answers"] == 0 and rows["government"]["willing_share"] == 0.0
    assert rows[""]["answers"] == 1 and rows[""]["name"] == "no interest category"


def test_thirds_are_rounded_to_four_decimals():
    three = [Answer(i, f"S{i}", "yes" if i else "no", "low", False, (IND,)) for i in range(3)]
    row = aggregate(three)["categories"][0]
    assert row["support_share"]["yes"] == 0.6667 and row["support_share"]["no"] == 0.3333


def test_willing_list_is_sorted_by_name_and_json_round_trips():
    result = aggregate(answers())
    assert [w["name"] for w in result["willing"]] == ["Ada", "Di"]
    assert result["willing"][0] == {"stakeholder": 1, "name": "Ada", "categories": ["industry"]}
    assert json.loads(json.dumps(result)) == result


def test_no_answers_gives_zero_shares():
    result = aggregate([], [GOV])
    assert result["overall"]["answers"] == 0
    assert result["overall"]["support_share"]["yes"] == 0.0
    assert result["willing"] == []


def test_unknown_values_are_refused():
    with pytest.raises(ValueError):
        Answer(1, "X", "maybe", "low", False)
    with pytest.raises(ValueError):
        Answer(1, "X", "yes", "huge", False)
