"""Redundancy clusters and contradictions on tiny inputs, properties, and the WG21 data."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.core.consensus import PositionMatrix
from liaison.core.contradiction import (
    action_of,
    find_contradictions,
    modal_claims,
    position_contradictions,
)
from liaison.core.similarity import (
    CommentText,
    RedundancyConfig,
    char_vectors,
    clause_relation,
    find_redundancy,
    parse_clause,
    parse_element,
    parse_line,
)


def c(cid, clause="", comment="", change="", line="", element=""):
    return CommentText(cid, clause, line, element, "te", comment, change)


def test_parse_clause_wg21_and_iso():
    assert parse_clause("17.6.4.2 [namespace.std]") == {
        ("17", "6", "4", "2"),
        ("@namespace", "std"),
    }
    assert parse_clause("[variant], [variant.ctor]") == {("@variant",), ("@variant", "ctor")}
    assert clause_relation(parse_clause("5.2"), parse_clause("5")) == "nested"
    assert clause_relation(parse_clause("[any.class]"), parse_clause("[any.class]")) == "same"
    assert clause_relation(parse_clause("5.2"), parse_clause("6")) == "different"
    assert clause_relation(parse_clause(""), parse_clause("6")) == "unknown"


def test_parse_line_and_element():
    assert parse_line("17-19") == (17, 19)
    assert parse_line("") is None
    assert parse_element("", "Paragraph 4: This constructor") == "p4"
    assert parse_element("Table 3") == "table3"


def test_identical_comments_cluster_with_reason_and_merge():
    text = "The term equivalent is not defined for contained objects."
    comments = [
        c("A", "[any.class]", text, "Add a definition."),
        c("B", "[any.class]", text, "Add a definition of equivalent."),
        c("C", "[vector]", "Vector growth factor is unspecified and should be documented.", ""),
    ]
    clusters = find_redundancy(comments, RedundancyConfig(threshold=0.8))
    assert len(clusters) == 1
    cl = clusters[0]
    assert cl.members == ("A", "B") and cl.representative in ("A", "B")
    assert cl.reason.startswith("same clause [any.class]; ")
    assert "text similarity" in cl.reason
    assert cl.merged_comment == text


def test_different_paragraphs_are_never_redundant():
    text = "This constructor should not participate in overload resolution unless satisfied."
    pair = [c("A", "[x]", "Paragraph 4: " + text), c("B", "[x]", "Paragraph 8: " + text)]
    assert find_redundancy(pair) == []
    assert find_redundancy(pair, RedundancyConfig(threshold=0.1)) == []  # place first


def test_char_vectors_are_unit_rows_and_independent():
    x = char_vectors(["hello world", "", "hello world"])
    assert x.shape[0] == 3
    assert np.allclose((x.multiply(x)).sum(axis=1).A.ravel(), [1, 0, 1], atol=1e-6)
    y = char_vectors(["hello world"])
    assert (x[0] != y[0]).nnz == 0


def test_action_and_modal_extraction():
    assert action_of(c("a", change="Delete the note.")) == "delete"
    assert action_of(c("a", change="Please extend the example")) == "add"
    assert action_of(c("a", comment="no verb here")) is None
    assert modal_claims("The function shall not throw.") == {("throw", False)}
    assert modal_claims("It may throw; it should be empty") == {("throw", True), ("be empty", True)}


def test_contradictions_delete_vs_extend_same_place():
    comments = [
        c("1", "5.2", "The note is confusing.", "Delete the note.", line="10"),
        c("2", "5", "The note is useful.", "Extend the note with an example.", line="12"),
        c("3", "7", "The note is useful.", "Extend the note with an example."),
    ]
    found = find_contradictions(comments)
    assert [(x.a, x.b, x.kind) for x in found] == [("1", "2", "action")]
    assert found[0].reason == (
        "nested clauses 5.2 / 5; 1 asks “Delete the note”, 2 asks “Extend the note with an "
        "example”: one removes what the other extends"
    )


def test_contradictions_modal():
    found = find_contradictions(
        [
            c("1", "7", "The function shall throw on error."),
            c("2", "7", "The function shall not throw."),
        ]
    )
    assert found and found[0].kind == "modal"


def test_position_contradictions_hand_computed():
    # statements X and Y: 3 people took sides on both, all opposite -> r = -1
    m = PositionMatrix.from_dense([[1, -1], [-1, 1], [2, -2], [0, 1]], statements=["X", "Y"])
    found = position_contradictions(m)
    assert len(found) == 1 and found[0].score == pytest.approx(1.0)
    assert found[0].reason == (
        "3 of 3 stakeholders who took a side on both X and Y took opposite sides"
    )
    assert position_contradictions(m, min_common=4) == []


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        find_redundancy([c("a", comment="x"), c("a", comment="y")])


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(texts, texts, st.sampled_from(["", "5", "5.2", "[a.b]", "x"])), max_size=8)
)
def test_property_any_text_gives_defined_result(rows):
    comments = [c(str(k), cl, a, b) for k, (a, b, cl) in enumerate(rows)]
    for cluster in find_redundancy(comments, RedundancyConfig(threshold=0.5)):
        assert 0.0 <= cluster.score <= 1.0 and len(cluster.members) >= 2
        assert cluster.representative in cluster.members
    for x in find_contradictions(comments):
        assert 0.0 <= x.score <= 1.0


def test_non_english_and_empty_texts():
    comments = [
        c("1", "3", "这个条款不清楚。", "删除"),
        c("2", "3", "这个条款不清楚。", "删除"),
        c("3"),
    ]
    clusters = find_redundancy(comments, RedundancyConfig(threshold=0.8))
    assert [cl.members for cl in clusters] == [("1", "2")]


def test_wg21_cxx17_finds_the_same_issue_clusters(shared_data):
    path = shared_data / "cpp-nb-comments-wg21" / "nb_comments_flat_cxx17_cd_N4604.csv"
    comments, truth = {}, set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            comments.setdefault(
                row["nb_id"], c(row["nb_id"], row["clause"], row["comment"], row["proposed_change"])
            )
            for other in row["shares_issue_with"].split("|"):
                if other.strip():
                    truth.add(frozenset((row["nb_id"], other.strip())))
    clusters = find_redundancy(list(comments.values()))
    predicted = {
        frozenset((a, b)) for cl in clusters for a in cl.members for b in cl.members if a < b
    }
    tp = len(predicted & truth)
    assert tp / len(predicted) >= 0.8 and tp / len(truth) >= 0.8


# ---------------------------------------------------------------- the vectorised path


def test_word_tfidf_hand_computed_and_as_sklearn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from liaison.core.similarity import TOKEN_PATTERN, word_tfidf

    # "a b" and "a c": idf(a) = ln(3/3) + 1 = 1, idf(b) = idf(c) = ln(3/2) + 1
    x = word_tfidf(["a b", "a c"], ngram_max=1)
    idf_b = np.log(1.5) + 1
    assert float((x[0] @ x[1].T).toarray()[0, 0]) == pytest.approx(1 / (1 + idf_b**2), abs=1e-6)
    docs = ["std::vector shall not throw", "the vector may throw", "", "throw throw the vector"]
    ours = word_tfidf(docs, ngram_max=2)
    ref = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    ).fit_transform(docs)
    assert ours.shape == ref.shape and ours.nnz == ref.nnz
    assert np.allclose((ours @ ours.T).toarray(), (ref @ ref.T).toarray(), atol=1e-6)
    assert word_tfidf(["", "!!"]).shape == (2, 1)  # no token: zero rows


def test_char_vectors_hand_computed():
    x = char_vectors(["abcd", "abcdabcd"])
    assert x[0].nnz == 1 and x[0].data[0] == pytest.approx(1.0)
    # abcd twice (tf 1 + ln 2), bcda, cdab, dabc once
    assert x[1].nnz == 4
    assert sorted(x[1].data) == pytest.approx(
        sorted(np.array([1 + np.log(2), 1, 1, 1]) / np.sqrt((1 + np.log(2)) ** 2 + 3))
    )


def test_places_relation_codes_match_clause_relation():
    from liaison.core.similarity import RELATIONS, Places

    clauses = ["5.2", "5", "6", "", "[variant.ctor]", "[variant], [x.y]", "17.6 [a.b]", "[a.b]"]
    comments = [c(str(k), cl) for k, cl in enumerate(clauses)]
    places = Places.of(comments)
    i, j = np.triu_indices(len(clauses), k=1)
    codes = places.relation(i, j)
    for a, b, code in zip(i, j, codes, strict=True):
        expected = clause_relation(parse_clause(clauses[a]), parse_clause(clauses[b]))
        assert RELATIONS[code] == expected, (clauses[a], clauses[b])
    assert RELATIONS[places.relation(np.array([0]), np.array([1]))[0]] == "nested"


def test_vectorised_scores_hand_checked():
    from liaison.core.similarity import score_pairs

    text = "The allocator requirements table is missing the propagate trait for swap."
    comments = [
        c("A", "[alloc.reqmts]", text, line="100", element="Table 28"),
        c("B", "[alloc.reqmts]", text, line="102", element="Table 28"),
        c("C", "[vector]", text, line="300", element="Table 29"),
    ]
    cfg = RedundancyConfig(threshold=0.5, line_bonus=0.05, line_window=10)
    pairs = {(p.a, p.b): p for p in score_pairs(comments, cfg)}
    ab, ac = pairs[("A", "B")], pairs[("A", "C")]
    # identical texts: text similarity 1; A/B same clause, lines 2 apart: +0.05 * (1 - 2/10)
    assert ab.text_similarity == pytest.approx(1.0, abs=1e-6)
    assert ab.score == pytest.approx(1.0)  # 1 + 0.04, clipped
    assert ab.place == "same clause [alloc.reqmts]; lines 2 apart"
    # A/C: different clause (−0.1) and different table (−0.1), lines far apart
    assert ac.score == pytest.approx(0.8, abs=1e-6)
    assert ac.place == "different clauses; different elements table28 / table29"
    clusters = find_redundancy(comments, RedundancyConfig(threshold=0.9))
    assert [cl.members for cl in clusters] == [("A", "B")]


def test_components_order_and_cluster_pairs():
    from liaison.core.similarity import PairScore, cluster_pairs, components

    groups = components(6, np.array([4, 1, 3]), np.array([5, 3, 0]))
    assert [g.tolist() for g in groups] == [[0, 1, 3], [4, 5]]
    pairs = [PairScore("e", "f", 0.9, 0.9, ""), PairScore("b", "d", 0.4, 0.4, "")]
    assert cluster_pairs(list("abcdef"), pairs, 0.5) == [["e", "f"]]


def test_contradictions_no_self_pair_for_two_refs_of_one_clause():
    comments = [
        c("1", "[variant], [variant.ctor]", "The constructor shall throw. Swap shall not throw."),
        c("2", "[variant.ctor]", "The constructor shall not throw."),
    ]
    found = find_contradictions(comments)
    assert all(x.a != x.b for x in found)
    assert [(x.a, x.b) for x in found] == [("1", "2")]
