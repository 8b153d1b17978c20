"""Contradiction = incompatible changes to the same object, with reasons naming the comments
by their reference and quoting the conflicting parts (tiny inputs)."""

from __future__ import annotations

from liaison.core.contradiction import changes_in, find_contradictions
from liaison.core.similarity import CommentText


def c(cid, clause, change, comment="", element="", label=""):
    return CommentText(cid, clause, "", element, "te", comment, change, label=label)


def test_remove_vs_keep_same_object_names_references_and_quotes():
    [found] = find_contradictions([
        c("24", "5.2", "Delete the note on approximate dates.", label="GB-005"),
        c("27", "5.2", "Retain the note on approximate dates.", label="US-012"),
    ])
    assert (found.a, found.b, found.kind) == ("24", "27", "action")
    assert found.reason == (
        "same clause 5.2; GB-005 asks “Delete the note on approximate dates”, US-012 asks "
        "“Retain the note on approximate dates”: one removes what the other keeps"
    )
    assert "24" not in found.reason.replace("GB-005", "")


def test_delete_one_thing_and_add_another_in_one_clause_is_compatible():
    assert find_contradictions([
        c("1", "[variant.variant]", "Strike the variant_alternative_t alias."),
        c("2", "[variant.variant]", "Add a note that variant<> cannot be constructed."),
    ]) == []


def test_different_things_sharing_one_word_are_not_one_object():
    assert find_contradictions([
        c("1", "5.2", "Delete the note on approximate dates."),
        c("2", "5.2", "Keep the example of circa dates."),
    ]) == []


def test_negated_action_and_passive_request():
    assert [x.action for x in changes_in("Do not remove the vector<bool> specialization.")] == [
        "keep"
    ]
    [change] = changes_in("is_bind_expression should not be removed.")
    assert change.action == "keep" and change.salient == {"is_bind_expression"}
    assert changes_in("This was introduced by scoped allocators.") == []


def test_value_a_vs_value_b_but_not_the_same_value():
    a = c("1", "7.3", "Change the maximum title length to 512 characters.", element="Table 4")
    b = c("2", "7.3", "Change the maximum title length to 128 characters.", element="Table 4")
    same = c("3", "7.3", "Change the maximum title length to 512 characters.", element="Table 4")
    [found] = find_contradictions([a, b])
    assert found.kind == "value" and "different replacements" in found.reason
    assert find_contradictions([a, same]) == []


def test_require_vs_forbid_needs_a_shared_subject():
    [found] = find_contradictions([
        c("1", "6.1", "Each identifier shall be case sensitive."),
        c("2", "6.1", "Each identifier shall not be case sensitive."),
    ])
    assert found.kind == "modal"
    assert "“Each identifier shall be case sensitive”" in found.reason
    assert find_contradictions([
        c("1", "6.1", "Each identifier shall be case sensitive."),
        c("2", "6.1", "The title shall not be case sensitive."),
    ]) == []


def test_opposite_changes_on_different_paragraphs_are_not_flagged():
    assert find_contradictions([
        c("1", "5.2", "Delete the note on dates.", element="p4"),
        c("2", "5.2", "Retain the note on dates.", element="p9"),
    ]) == []


def test_a_comment_asking_both_sides_is_not_opposed_to_the_other():
    assert find_contradictions([
        c("1", "5.2", "Delete the note on dates. Keep the note on dates in Annex A."),
        c("2", "5.2", "Keep the note on dates."),
    ]) == []
    assert find_contradictions([
        c("1", "6", "The copy shall not throw. Where noted, the copy shall throw."),
        c("2", "6", "The copy shall not throw."),
    ]) == []


def test_allow_vs_shall_not_be_used_on_one_element():
    # the demo consultation's pair (OCLC / Europeana on the range of dcterms:creator)
    [found] = find_contradictions([
        c("3", "5.2.12", "Relax the range of dcterms:creator to allow literal values, or add a "
          "note that a literal name remains acceptable.", element="Range", label="DEMO-003"),
        c("4", "5.2.12", "Keep the range dcterms:Agent, state that literal values shall not be "
          "used with dcterms:creator.", element="Range", label="DEMO-004"),
    ])
    assert found.reason == (
        "same clause 5.2.12; DEMO-003 asks “allow literal values”, DEMO-004 asks “literal "
        "values shall not be used”: one allows what the other forbids"
    )
    assert changes_in("Use BCP 47 tags.") == []  # "use" is read only as "shall not be used"
