"""Redundant, series and related comments, shown apart (tiny inputs)."""

from __future__ import annotations

from liaison.core.relations import cross_references, find_relations, name_key
from liaison.core.similarity import CommentText

REQUEST = "Add a noexcept specification to this function."


def c(cid, clause="", comment="", element="", label="", change=""):
    return CommentText(cid, clause, "", element, "te", comment, change, label=label)


def test_same_request_on_three_clauses_is_one_series_not_a_cluster():
    comments = [
        c("1", "[vector.cons]", REQUEST, label="GB-001"),
        c("2", "[deque.cons]", REQUEST, label="GB-002"),
        c("3", "[list.cons]", REQUEST, label="US-007"),
        c("4", "[list.cons]", "The complexity of splice is wrong.", label="US-008"),
    ]
    found = find_relations(comments)
    assert found.clusters == []
    [series] = found.series
    assert series.members == ("1", "2", "3")
    assert series.places == ("[vector.cons]", "[deque.cons]", "[list.cons]")
    assert series.reason.startswith("the same request on 3 places: GB-001 ([vector.cons]), ")
    assert found.related == []


def test_a_duplicate_at_one_place_inside_a_series_is_both():
    comments = [
        c("1", "5.2", REQUEST, "p4"),
        c("2", "5.2", REQUEST, "p4"),
        c("3", "5.2", REQUEST, "p9"),
    ]
    found = find_relations(comments)
    assert [cl.members for cl in found.clusters] == [("1", "2")]
    assert [s.members for s in found.series] == [("1", "2", "3")]
    assert found.series[0].places == ("5.2 p4", "5.2 p4", "5.2 p9")


def test_same_place_only_is_a_cluster_not_a_series():
    found = find_relations([c("1", "7", REQUEST), c("2", "7", REQUEST)])
    assert len(found.clusters) == 1 and found.series == []


def test_cross_reference_makes_a_related_pair_with_quote():
    comments = [
        c("10", "6.1", "The grammar is ambiguous; see GB 5 for the fix.", label="US-012"),
        c("20", "9", "Use a different production for the declarator.", label="GB-005"),
        c("30", "9", "Unrelated remark about LWG 5.", label="FR-001"),
    ]
    [rel] = find_relations(comments).related
    assert (rel.a, rel.b) == ("10", "20")
    assert rel.reason.startswith("US-012 refers to GB-005: “")
    assert "see GB 5 for the fix" in rel.quote


def test_name_keys_accept_iso_and_committee_spellings():
    assert name_key("GB-005") == name_key("GB 5") == name_key("UK 5") == ("GB", 5)
    assert name_key("row 3") is None


def test_self_reference_and_unknown_names_are_ignored():
    comments = [c("1", comment="As GB 1 said, and LWG 816.", label="GB-001"), c("2", label="US-1")]
    assert cross_references(comments) == []


def test_referenced_pair_already_clustered_is_not_repeated():
    text = "GB 1 and GB 2 ask the same: " + REQUEST
    found = find_relations([c("a", "7", text, label="GB-001"), c("b", "7", text, label="GB-002")])
    assert len(found.clusters) == 1 and found.related == []
