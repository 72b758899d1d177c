import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BadOption, NotFound
from handlers.question_picking import filter_questions, find_question, pick_unseen, question_suggestions
from question_bank import Level, QuestionBank


def test_find_question_by_id_ignores_case_and_spaces(bank: QuestionBank) -> None:
    assert find_question(bank, " URL-Shortener ").id == "url-shortener"


def test_unknown_id_is_friendly_and_suggests_a_close_one(bank: QuestionBank) -> None:
    with pytest.raises(NotFound, match="no question 'url-shortner' - try /questions.*Did you mean url-shortener"):
        find_question(bank, "url-shortner")


def test_unknown_tag_lists_the_tags(bank: QuestionBank) -> None:
    with pytest.raises(BadOption, match="No question is tagged 'knitting'. Tags: .*caching"):
        filter_questions(bank, None, "knitting")


def test_filter_combines_level_and_tag(bank: QuestionBank) -> None:
    chosen = filter_questions(bank, Level.SDE3, "caching")
    assert chosen
    assert all(Level.SDE3 in q.levels and "caching" in q.tags for q in chosen)


@given(st.sets(st.integers(min_value=0, max_value=19)), st.integers())
def test_pick_unseen_prefers_unseen_questions(bank: QuestionBank, seen_indexes: set[int], seed: int) -> None:
    candidates = list(bank)
    seen = {candidates[i].id for i in seen_indexes if i < len(candidates)}
    chosen = pick_unseen(candidates, seen, random.Random(seed))
    if len(seen) < len(candidates):
        assert chosen.id not in seen
    assert chosen in candidates


def test_pick_unseen_needs_candidates() -> None:
    with pytest.raises(ValueError, match="no candidates"):
        pick_unseen([], set(), random.Random(1))


def test_suggestions_match_id_or_title_and_put_prefix_matches_first(bank: QuestionBank) -> None:
    values = [value for _, value in question_suggestions(bank, "r")]
    assert values[0].startswith("r")
    assert any(not value.startswith("r") for value in values)
    assert {value for _, value in question_suggestions(bank, "URL")} == {"url-shortener"}
    assert len(question_suggestions(bank, "")) == min(25, len(bank))
    assert all(len(label) <= 100 for label, _ in question_suggestions(bank, ""))
