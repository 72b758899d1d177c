import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text_split import split_text, truncate


def test_short_text_is_one_piece() -> None:
    assert split_text("hello", 2000) == ["hello"]
    assert split_text("", 10) == [""]


def test_splits_at_paragraphs_first() -> None:
    text = "a" * 60 + "\n\n" + "b" * 60
    assert split_text(text, 100) == ["a" * 60, "b" * 60]


def test_splits_at_words_when_there_are_no_lines() -> None:
    pieces = split_text("word " * 100, 42)
    assert all(len(piece) <= 42 for piece in pieces)
    assert all(not piece.startswith(" ") and not piece.endswith("wor") for piece in pieces)


def test_a_single_huge_word_is_cut_hard() -> None:
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=1, max_value=500))
def test_pieces_fit_and_keep_every_visible_character(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


@pytest.mark.parametrize(("text", "limit", "expected"), [("abcdef", 4, "abc…"), ("abc", 4, "abc")])
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected
