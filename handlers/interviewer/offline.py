"""The offline interviewer (pure): what it says to a burst of the candidate's lines, phase by phase.

Built on the question bank: clarifications answered from the bank, arithmetic checked, a component
without a reason questioned, the deep dive chosen from what the design lacks, "it depends" pushed
back on. It never gives the design away: a design question is turned back to the candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.interviewer.arithmetic import check_arithmetic, correction, is_off
from handlers.interviewer.clarify import ReplyKind, answer_clarification
from handlers.interviewer.clarify_design import asks_for_design, looks_like_question
from handlers.interviewer.deep_dive import choose_deep_dive
from handlers.interviewer.pushback import COUNTER, PICK_ONE, undecided, unexplained_components, why_question
from handlers.interviewer.state import InterviewState
from question_bank import Phase, Question

MEANING = "What do those numbers mean for the design? Which of them changes a decision?"
MEANING_WORDS = ("so we", "so i", "means", "which means", "so a single", "fits", "need", "enough", "shard", "cache")
ASSUME = "I don't have a figure for that - state an assumption and keep going."


@dataclass(frozen=True)
class Turn:
    """What the interviewer answers: the question, the phase, the burst, and everything said so far."""

    question: Question
    phase: Phase
    burst: tuple[str, ...]
    said: tuple[str, ...]  # every candidate line of the mock so far, the burst included
    state: InterviewState


@dataclass(frozen=True)
class Answer:
    """What the interviewer says (None: it keeps listening) and its memory afterwards."""

    text: str | None
    state: InterviewState


def _remember(state: InterviewState, **changes: object) -> InterviewState:
    return state.model_copy(update=changes)


def _requirements(turn: Turn) -> Answer:
    parts: list[str] = []
    clarified = list(turn.state.clarified)
    for line in turn.burst:
        if not looks_like_question(line) and not asks_for_design(line):
            continue
        reply = answer_clarification(turn.question, line)
        if reply.kind is ReplyKind.ANSWER and reply.index is not None:
            if reply.index in clarified and parts:
                continue  # asked twice in one burst: one answer is enough
            clarified.append(reply.index)
        if reply.text not in parts:
            parts.append(reply.text)
    if not parts:
        return Answer(None, turn.state)
    return Answer(" ".join(parts), _remember(turn.state, clarified=sorted(set(clarified))))


def _estimation(turn: Turn) -> Answer:
    checks = [check for line in turn.burst for check in check_arithmetic(line)]
    wrong = [check for check in checks if is_off(check)]
    if wrong:
        return Answer(" ".join(dict.fromkeys(correction(check) for check in wrong[:2])), turn.state)
    numbers = bool(checks)
    explained = any(word in line.lower() for line in turn.burst for word in MEANING_WORDS)
    if numbers and not explained and "meaning" not in turn.state.said:
        return Answer(MEANING, _remember(turn.state, said=[*turn.state.said, "meaning"]))
    return _design_question(turn)


def _design_question(turn: Turn) -> Answer:
    if any(asks_for_design(line) for line in turn.burst):
        return Answer(COUNTER, turn.state)
    return Answer(None, turn.state)


def _high_level(turn: Turn) -> Answer:
    if any(asks_for_design(line) for line in turn.burst):
        return Answer(COUNTER, turn.state)
    for line in turn.burst:
        for component in unexplained_components(line):
            topic = f"why:{component.lower()}"
            if topic not in turn.state.said:
                return Answer(why_question(component), _remember(turn.state, said=[*turn.state.said, topic]))
    return Answer(None, turn.state)


def deep_dive_opening(question: Question, said: Sequence[str], state: InterviewState) -> Answer:
    """Where the interviewer takes the deep dive next: the design's biggest lack not explored yet."""
    choice = choose_deep_dive(question, said, state.deep_dives)
    remembered = _remember(state, deep_dives=[*state.deep_dives, choice.area.value], follow_ups=list(choice.follow_ups))
    return Answer(choice.opening, remembered)


def _deep_dive(turn: Turn) -> Answer:
    if any(asks_for_design(line) for line in turn.burst):
        return Answer(COUNTER, turn.state)
    if turn.state.follow_ups:  # follow the answer up once or twice before moving on
        first, *rest = turn.state.follow_ups
        return Answer(first, _remember(turn.state, follow_ups=rest))
    if len(turn.state.deep_dives) >= 3:
        return Answer(None, turn.state)
    return deep_dive_opening(turn.question, turn.said, turn.state)


def _trade_offs(turn: Turn) -> Answer:
    if any(undecided(line) for line in turn.burst):
        return Answer(PICK_ONE, turn.state)
    if any(asks_for_design(line) for line in turn.burst):
        return Answer(COUNTER, turn.state)
    if turn.state.trade_off_asks:
        first, *rest = turn.state.trade_off_asks
        return Answer(first, _remember(turn.state, trade_off_asks=rest))
    return Answer(None, turn.state)


_BY_PHASE = {
    Phase.REQUIREMENTS: _requirements,
    Phase.ESTIMATION: _estimation,
    Phase.HIGH_LEVEL: _high_level,
    Phase.DEEP_DIVE: _deep_dive,
    Phase.TRADE_OFFS: _trade_offs,
}


def offline_reply(turn: Turn) -> Answer:
    """What the offline interviewer says to the burst, if anything, and its memory afterwards."""
    return _BY_PHASE[turn.phase](turn)
