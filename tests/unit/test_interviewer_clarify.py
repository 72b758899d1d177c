"""The interviewer's replies to a candidate's clarifying questions in the requirements phase."""

from __future__ import annotations

import re

import pytest

from bench.clarify_eval import evaluate
from bench.clarify_split import read_rows, recorded_split, seeded_split
from handlers.interviewer.clarify import ClarifyReply, ReplyKind, answer_clarification, looks_like_question
from question_bank import Question, QuestionBank

# The record of earlier held-out measurements (tests/data/interviewer/README.md): clarify_fresh2.tsv, measured
# once after tuning on clarify.tsv + clarify_fresh.tsv, gave 0.855 correct (171 of 200) and 0.025 wrong (5 of
# 200); the test held those floors until clarify_fresh2.tsv became tuning data. The held-out set now is
# clarify_fresh3.tsv, measured once after this round's tuning (measurement 5): 0.815 correct (163 of 200) and
# 0.015 wrong (3 of 200) - the target (0.9 correct) is missed; the test holds what was reached.
# Tune = clarify.tsv + clarify_fresh.tsv + clarify_fresh2.tsv (661 rows): before this round's tuning the
# engine scored 0.917 (606) correct and 0.017 (11) wrong on them; after it, the floors below.
TUNE_CASES = 661
TUNE_CORRECT_FLOOR = 0.952  # 629 of 661
TUNE_WRONG_CEILING = 0.017  # 11 of 661
HELDOUT_CORRECT_FLOOR = 0.815  # 163 of 200
HELDOUT_WRONG_CEILING = 0.015  # 3 of 200


@pytest.fixture
def shortener(bank: QuestionBank) -> Question:
    question = bank.get("url-shortener")
    assert question is not None
    return question


@pytest.mark.parametrize(
    ("utterance", "index"),
    [
        ("how many clicks do the links get a month", 0),
        ("what p99 do redirects need", 1),
        ("do the short links ever expire?", 2),
        ("do owners get click stats for their links", 3),
        ("can people pick their own alias like amzn.to/sale", 3),
    ],
)
def test_a_paraphrased_question_gets_the_banks_answer(shortener: Question, utterance: str, index: int) -> None:
    reply = answer_clarification(shortener, utterance)
    assert reply == ClarifyReply(ReplyKind.ANSWER, index, shortener.clarifications[index].answer)


def test_the_answer_keeps_the_banks_numbers(shortener: Question) -> None:
    reply = answer_clarification(shortener, "how many new links per month, and what's the read ratio?")
    assert reply.kind is ReplyKind.ANSWER
    assert re.findall(r"\d+", reply.text) == re.findall(r"\d+", shortener.clarifications[0].answer)


@pytest.mark.parametrize(
    "utterance",
    ["do we need to generate QR codes for each link?", "should the dashboard support dark mode", "what about SSO"],
)
def test_an_unknown_requirement_asks_for_an_assumption_and_invents_no_number(
    shortener: Question, utterance: str
) -> None:
    reply = answer_clarification(shortener, utterance)
    assert reply.kind is ReplyKind.ASSUME
    assert reply.index is None
    assert "state an assumption" in reply.text
    assert not re.search(r"\d", reply.text)


@pytest.mark.parametrize(
    "utterance",
    [
        "what database should I use?",
        "should I cache the hot links in redis",
        "would you shard by short code?",
        "is dynamodb right for the mapping table",
        "301 or 302?",
        "what would you use for the mapping store",
        "do you want me to use kafka for the click events",
        "is postgres the right call here",
        "push or pull for the analytics?",
        "should I go with a relational model",
        "would you rather I precompute the codes",
    ],
)
def test_a_design_choice_gets_the_counter_question(shortener: Question, utterance: str) -> None:
    reply = answer_clarification(shortener, utterance)
    assert reply.kind is ReplyKind.DESIGN
    assert reply.index is None
    assert "What would you choose, and why?" in reply.text
    assert all(item.answer not in reply.text for item in shortener.clarifications)


def test_a_requirement_phrased_as_is_it_ok_is_not_a_design_choice(shortener: Question) -> None:
    assert answer_clarification(shortener, "is it ok if codes are guessable in sequence?").kind is ReplyKind.ANSWER


@pytest.mark.parametrize(
    "utterance",
    [
        "should I assume most links are clicked in the first week?",
        "should I worry about abuse like phishing links",
        "how many clicks per month would you expect",
        "what would you say the peak redirect rate is",
        "is it ok for users to see click stats a few minutes late",
    ],
)
def test_a_scoping_or_figure_question_to_the_interviewer_is_not_a_design_choice(
    shortener: Question, utterance: str
) -> None:
    assert answer_clarification(shortener, utterance).kind is not ReplyKind.DESIGN


def test_a_clarification_that_never_speaks_of_the_asked_attribute_does_not_answer(shortener: Question) -> None:
    # Clarification 4 covers custom aliases but says nothing of their size: the candidate states an assumption.
    assert answer_clarification(shortener, "what size can a custom alias be").kind is ReplyKind.ASSUME


@pytest.mark.parametrize(
    "utterance",
    [
        # Clarification 1 counts links created, but names no limit per user.
        "what's the max number of links one user can create",
        "is there a cap on how many aliases one owner gets",
        # Clarification 3 keeps links, not click logs; no clarification retains logs.
        "how long are the click logs retained",
    ],
)
def test_a_limit_or_retention_the_bank_never_states_asks_for_an_assumption(shortener: Question, utterance: str) -> None:
    assert answer_clarification(shortener, utterance).kind is ReplyKind.ASSUME


def test_keeping_data_is_answered_by_the_clarification_that_keeps_it(shortener: Question) -> None:
    assert answer_clarification(shortener, "how long do we keep the links") == ClarifyReply(
        ReplyKind.ANSWER, 2, shortener.clarifications[2].answer
    )


def test_the_first_attribute_named_is_the_one_asked_about(shortener: Question) -> None:
    # "big deal" is an idiom, not a size: the question is about redirect latency.
    reply = answer_clarification(shortener, "is it a big deal if a redirect is slow now and then")
    assert (reply.kind, reply.index) == (ReplyKind.ANSWER, 1)


def test_asking_whether_a_technical_plan_sounds_right_is_a_design_choice(shortener: Question) -> None:
    reply = answer_clarification(shortener, "I'd hash into base62 codes, does that sound right?")
    assert reply.kind is ReplyKind.DESIGN


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how many users do we have", True),
        ("what's the read:write ratio", True),
        ("Which regions?", True),
        ("do we need analytics", True),
        ("should links expire", True),
        ("is it global", True),
        ("are there limits on alias length", True),
        ("can links be edited", True),
        ("peak traffic?", True),
        ("ok, I'll start with the API", False),
        ("I will use a hash of the URL", False),
        ("sounds good", False),
        ("", False),
    ],
)
def test_a_line_that_asks_something_looks_like_a_question(text: str, asks: bool) -> None:
    assert looks_like_question(text) is asks


def test_the_former_split_on_record_is_the_seeded_third_per_question() -> None:
    rows = read_rows()
    assert recorded_split() == seeded_split(rows)
    for question_id in {row[0] for row in rows}:
        mine = [split for row, split in zip(rows, recorded_split(), strict=True) if row[0] == question_id]
        assert mine.count("heldout") == len(mine) // 3


def test_the_evaluation_holds_the_figures_it_reached_on_the_tune_rows() -> None:
    tune = evaluate(only=("tune",))["tune"]
    assert tune["cases"] == TUNE_CASES
    assert tune["correct"] >= TUNE_CORRECT_FLOOR
    assert tune["wrong_clarification"] <= TUNE_WRONG_CEILING


def test_the_evaluation_holds_the_figures_it_reached_on_the_fresh_held_out_rows() -> None:
    held = evaluate(only=("heldout",))["heldout"]
    assert held["cases"] == 200
    assert held["correct"] >= HELDOUT_CORRECT_FLOOR
    assert held["wrong_clarification"] <= HELDOUT_WRONG_CEILING
