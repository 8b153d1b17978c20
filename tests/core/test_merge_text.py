"""The merged text of a draft: each sentence once, paragraphs and order kept."""

from liaison.core.merge_text import merge_texts, normalize


def test_a_sentence_said_twice_appears_once():
    merged = merge_texts(["Fix the bug. Add a note.", "Add a note. Mention the example."])
    assert merged == "Fix the bug. Add a note.\n\nMention the example."


def test_sentences_equal_once_normalized_are_the_same():
    merged = merge_texts(["Use “shall” here.", "  use \"SHALL\"   here  ", "Use ’shall’ here!"])
    assert merged == "Use “shall” here."
    assert normalize("Ｕse  THE term.") == normalize("use the term")


def test_paragraphs_and_line_breaks_are_kept():
    merged = merge_texts(["First point.\n\nSecond point.\n- item one\n- item two",
                          "Second point.\n\nA third point."])
    assert merged == "First point.\n\nSecond point.\n- item one\n- item two\n\nA third point."


def test_order_is_kept_and_nothing_is_invented():
    merged = merge_texts(["Zeta comes first.", "Alpha comes second."])
    assert merged == "Zeta comes first.\n\nAlpha comes second."
    assert merge_texts([]) == ""
    assert merge_texts(["", "  \n\n "]) == ""


def test_the_same_point_in_nearly_the_same_words_is_dropped():
    merged = merge_texts(["The example in 5.2 is wrong.", "The example in 5.2 is wrong here."])
    assert merged == "The example in 5.2 is wrong."
