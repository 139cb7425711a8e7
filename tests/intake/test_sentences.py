"""Tests for sentence splitting on news prose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.intake.sentences import split_sentences


def texts(text: str) -> list[str]:
    """Sentence texts only."""
    return [s.text for s in split_sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "The U.S. President met Dr. Ines Koval and Gen. Lee on Jan. 5. Mr. Smith left."
    assert texts(text) == [
        "The U.S. President met Dr. Ines Koval and Gen. Lee on Jan. 5.",
        "Mr. Smith left.",
    ]


def test_dotted_acronym_before_new_sentence_splits() -> None:
    assert texts("He moved to the U.S. He said it was home.") == [
        "He moved to the U.S.", "He said it was home."]


def test_initials_and_decimals() -> None:
    text = "J. R. Smith said 3.5 million people voted. Turnout was 61.2%."
    assert texts(text) == ["J. R. Smith said 3.5 million people voted.", "Turnout was 61.2%."]


def test_sentence_ending_inside_curly_and_straight_quotes() -> None:
    text = ("He said he would not allow “anti-China activity.” The talks ended. "
            "She said \"we agree.\" Then she left. “Why?” he asked.")
    assert texts(text) == [
        "He said he would not allow “anti-China activity.”",
        "The talks ended.",
        "She said \"we agree.\"",
        "Then she left.",
        "“Why?” he asked.",
    ]


def test_headline_and_byline_lines_are_units() -> None:
    text = ("Turkey and China Pledge Security Cooperation\n\nBEIJING — Turkey’s top diplomat "
            "vowed Thursday to act.\n\nStory: Gerry Shih\n")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Turkey and China Pledge Security Cooperation",
        "BEIJING — Turkey’s top diplomat vowed Thursday to act.",
        "Story: Gerry Shih",
    ]
    assert [s.kind for s in sentences] == ["line", "sentence", "meta"]


def test_wrapped_line_continues_when_next_line_is_lower_case() -> None:
    assert texts("The board said the pipes\nwere replaced in 2020.") == [
        "The board said the pipes\nwere replaced in 2020."]


def test_offsets_point_into_original_text() -> None:
    text = "  First one.   Second “two.”\n\nThird line"
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


_ALPHABET = st.sampled_from([*"abcXYZ .!?\"'”’“\n\t,;:0123456789-—é", "U.S.", "Dr.", " J. "])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_ALPHABET, max_size=80).map("".join)))
def test_offsets_are_valid_ordered_and_cover_all_text(text: str) -> None:
    sentences = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= previous_end
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end
        for i in range(sentence.start, sentence.end):
            covered[i] = True
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], (i, ch)


def test_headings_and_list_items_are_units_and_closing_brackets_stay_with_their_sentence() -> None:
    # Cases carried over from the workspace's first, regex-only splitter.
    text = "Heading without stop\n- first item\n- second item\nHe said (it was true.) Then it rained."
    assert texts(text) == [
        "Heading without stop",
        "- first item",
        "- second item",
        "He said (it was true.)",
        "Then it rained.",
    ]
