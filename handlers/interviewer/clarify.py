"""The interviewer's answer to a clarifying question in the requirements phase.

`answer_clarification(question, utterance)` finds the bank clarification the candidate is asking
about and gives its answer; a fair question the bank has no answer for gets "state an assumption"
(never an invented figure); a request to choose a technology or design gets a counter-question.
Matching (clarify_match) compares the utterance with each clarification's ask and phrasings (the
ways candidates ask for it), and checks that the clarification covers what was asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from handlers.interviewer.clarify_design import asks_for_design, looks_like_question
from handlers.interviewer.clarify_match import Closeness, closeness
from question_bank import Question
from question_bank.asked import AskedLines

__all__ = ["ClarifyReply", "ReplyKind", "answer_clarification", "looks_like_question", "prepare_clarifications"]

ASSUME_TEXT = "I don't have that detail - state an assumption and keep going."
DESIGN_TEXT = "That's your call. What would you choose, and why?"

# Below this weighted share of the utterance's words found in a clarification (ask, phrasings, learned lines
# and answer), the clarification does not answer it: the candidate asks about something the bank lacks.
# Chosen leave-one-file-out over the learned lines (0.4-0.45 flat: 0.45 answers as often, wrongly less; 0.5 before).
COVERAGE_FLOOR = 0.45
# The best clarification's score (similarity blended with coverage) must reach this; flat from 0.35 to 0.4.
SIMILARITY_FLOOR = 0.4
# Two clarifications about as close as each other: the question is ambiguous, so no answer is given.
MARGIN_FLOOR = 0.02
# An utterance that holds one weighty wording of a clarification (at least this share of its weight) scores
# CONTAINED_SCORE times that share, whatever else it says ("we print these on flyers - how many clicks a month?").
CONTAINED_FLOOR = 0.9
CONTAINED_SCORE = 0.5
# How much of the score is coverage rather than the closest wording's similarity.
COVERAGE_BLEND = 0.5


class ReplyKind(StrEnum):
    """What the interviewer does with a clarifying question."""

    ANSWER = "answer"  # give the bank clarification's answer
    ASSUME = "assume"  # the bank has no answer: ask the candidate to state an assumption
    DESIGN = "design"  # the candidate asks for a design choice: turn it back


@dataclass(frozen=True)
class ClarifyReply:
    """The interviewer's reply: its kind, the 0-based clarification answered (or None) and the text to say."""

    kind: ReplyKind
    index: int | None
    text: str


def _score(item: Closeness) -> float:
    """The closest wording's similarity, blended with coverage; 0 when the clarification cannot answer."""
    if not item.talks_about_attributes:
        return 0.0
    held = CONTAINED_SCORE * item.contained if item.contained >= CONTAINED_FLOOR else 0.0
    if item.coverage < COVERAGE_FLOOR:
        return held
    return max(held, (1 - COVERAGE_BLEND) * item.similarity + COVERAGE_BLEND * item.coverage)


def answer_clarification(question: Question, utterance: str, asked: AskedLines | None = None) -> ClarifyReply:
    """The interviewer's reply to a candidate's clarifying question about `question` (`asked`: the labelled lines
    the matcher learns from, the shipped ones by default)."""
    if asks_for_design(utterance):
        return ClarifyReply(ReplyKind.DESIGN, None, DESIGN_TEXT)
    scores = [_score(item) for item in closeness(question, utterance, asked)]
    ranked = sorted(range(len(scores)), key=lambda index: -scores[index])
    if not ranked:
        return ClarifyReply(ReplyKind.ASSUME, None, ASSUME_TEXT)
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] < SIMILARITY_FLOOR or scores[best] - runner_up < MARGIN_FLOOR:
        return ClarifyReply(ReplyKind.ASSUME, None, ASSUME_TEXT)
    return ClarifyReply(ReplyKind.ANSWER, best, question.clarifications[best].answer)


def prepare_clarifications(questions: Iterable[Question]) -> None:
    """Build each question's matching index now, at start-up: the first reply about a question would otherwise
    build it (~50 ms with the learned lines) on the event loop."""
    for question in questions:
        closeness(question, "")
