"""The interviewer's replies to a candidate's clarifying questions in the requirements phase."""

from __future__ import annotations

import re

import pytest

from bench.clarify_eval import evaluate
from bench.clarify_split import read_rows, recorded_split, seeded_split
from handlers.interviewer.clarify import (
    ClarifyReply,
    ReplyKind,
    answer_clarification,
    looks_like_question,
    prepare_clarifications,
)
from question_bank import Question, QuestionBank
from question_bank.asked import AskedLines

NO_LINES = AskedLines({})  # the matcher's own rules, with no learned lines

# The record of every measurement is tests/data/interviewer/README.md. Round 6: tune = the 2,461 lines of
# question_bank/asked/, each file answered leave-one-file-out (the matcher learns from the other files);
# held-out = clarify_fresh4.tsv + clarify_fresh5.tsv (240 rows by two new authors), measured once at the end.
TUNE_CASES = 2461
TUNE_CORRECT_FLOOR = 0.928  # 2,284 of 2,461
TUNE_WRONG_CEILING = 0.028  # 69 of 2,461
HELDOUT_CORRECT_FLOOR = 0.921  # 221 of 240, measured once after tuning ended (5bcc8aa)
HELDOUT_WRONG_CEILING = 0.017  # 4 of 240


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


@pytest.mark.parametrize(
    "utterance",
    [
        "push the codes out of a counter or hash the url? you decide",
        "what would u use for the code generator, just pick one for me",
        "base62 counter vs random ids - your preference?",
        "I'd keep the mapping in dynamodb - sound good to you?",
        "is it ok if I use redis for the click counters?",
    ],
)
def test_handing_the_choice_over_in_chat_words_gets_the_counter_question(shortener: Question, utterance: str) -> None:
    assert answer_clarification(shortener, utterance).kind is ReplyKind.DESIGN


@pytest.mark.parametrize(
    ("utterance", "kind"),
    [
        # A figure put up for confirmation asks for the bank's figure.
        ("I'll assume about 100M new links a month, sound right?", ReplyKind.ANSWER),
        # How long a user waits, and what a failure may lose, are requirements, not design choices.
        ("after I click a short link, how long should I wait before the page opens?", ReplyKind.ASSUME),
        ("if a node dies, do we lose click counts or can we rebuild them from the db?", ReplyKind.ASSUME),
    ],
)
def test_a_confirmation_or_a_failure_question_is_not_a_design_choice(
    shortener: Question, utterance: str, kind: ReplyKind
) -> None:
    assert answer_clarification(shortener, utterance).kind is kind


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
    # The rule alone: with the shipped learned lines this one is answered wrongly (clarification 1 has lines
    # that speak of sizes and aliases) - a trade the leave-one-file-out figures chose (data README, round 6).
    assert answer_clarification(shortener, "what size can a custom alias be", NO_LINES).kind is ReplyKind.ASSUME


@pytest.mark.parametrize(
    "utterance",
    [
        # Clarification 1 counts links created, but names no limit per user.
        "what's the max number of links one user can create",
        "is there a cap on how many aliases one owner gets",
        # (Round 6 lowered the coverage floor: "how long are the click logs retained" now gets clarification 3's
        # retention of links, a near miss logged in tests/data/interviewer/README.md.)
    ],
)
def test_a_limit_or_retention_the_bank_never_states_asks_for_an_assumption(shortener: Question, utterance: str) -> None:
    # The rule alone (see above): with the learned lines, "click logs retained" gets the links' retention.
    assert answer_clarification(shortener, utterance, NO_LINES).kind is ReplyKind.ASSUME


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
    assert held["cases"] == 240
    assert held["correct"] >= HELDOUT_CORRECT_FLOOR
    assert held["wrong_clarification"] <= HELDOUT_WRONG_CEILING


def test_preparing_at_start_up_leaves_every_reply_the_same(bank: QuestionBank, shortener: Question) -> None:
    before = answer_clarification(shortener, "how many clicks do the links get a month")
    prepare_clarifications(bank)
    assert answer_clarification(shortener, "how many clicks do the links get a month") == before
    assert before.index == 0
