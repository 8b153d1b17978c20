"""Place first: comments about different places are never redundant; a pair exactly at the
threshold is kept whatever the float rounding."""

from __future__ import annotations

from liaison.core.similarity import (
    TOLERANCE,
    CommentText,
    PairScore,
    RedundancyConfig,
    cluster_pairs,
    find_redundancy,
)

REQUEST = "Add a noexcept specification to this function."


def c(cid, clause="", comment="", element="", line=""):
    return CommentText(cid, clause, line, element, "te", comment, "")


def test_identical_text_on_different_clauses_is_not_redundant():
    comments = [c("A", "[vector.cons]", REQUEST), c("B", "[deque.cons]", REQUEST)]
    # no threshold makes them one cluster: text 1.0, but two different clauses
    assert find_redundancy(comments, RedundancyConfig(threshold=0.0)) == []


def test_identical_text_on_different_tables_of_one_clause_is_not_redundant():
    comments = [c("A", "5.2", REQUEST, "Table 3"), c("B", "5.2", REQUEST, "Table 4")]
    assert find_redundancy(comments, RedundancyConfig(threshold=0.0)) == []


def test_identical_text_on_nested_clauses_or_same_paragraph_is_redundant():
    comments = [c("A", "5.2", REQUEST, "p4"), c("B", "5", REQUEST, "Paragraph 4")]
    [cluster] = find_redundancy(comments)
    assert cluster.members == ("A", "B")


def test_score_exactly_at_threshold_is_kept_within_tolerance():
    # 0.9 - 1e-9 is "at" 0.9: rounding must not decide
    pairs = [PairScore("A", "B", 0.9 - TOLERANCE / 10, 1.0, "same clause 5")]
    assert cluster_pairs(["A", "B"], pairs, 0.9) == [["A", "B"]]
    below = [PairScore("A", "B", 0.9 - 10 * TOLERANCE, 1.0, "same clause 5")]
    assert cluster_pairs(["A", "B"], below, 0.9) == []


def test_identical_texts_at_one_place_reach_a_threshold_of_one():
    # float32 cosine of identical texts is 1 − 6e-8, not 1: the tolerance keeps the pair
    comments = [c("A", "7", REQUEST), c("B", "7", REQUEST)]
    assert len(find_redundancy(comments, RedundancyConfig(threshold=1.0))) == 1


def test_pair_at_different_places_is_not_clustered_by_cluster_pairs():
    pairs = [PairScore("A", "B", 1.0, 1.0, "different clauses", same_place=False)]
    assert cluster_pairs(["A", "B"], pairs, 0.5) == []
