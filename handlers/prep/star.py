"""STAR stories (pure): the four parts, and feedback on what a story or a spoken answer is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import BadOption
from bot.user_text import quote_input
from question_bank import LeadershipPrinciple

_MEASURE = re.compile(
    r"\d[\d,.]*\s*(%|percent|x\b|ms\b|s\b|seconds|minutes|hours|days|weeks|k\b|m\b|users|customers|\$)|\$\s*\d", re.I
)
_SITUATION = re.compile(
    r"\b(when|while|at my|our team|we had|last (year|quarter|month)|in 20\d\d|the project|situation)\b", re.I
)
_TASK = re.compile(
    r"\b(i was (responsible|asked|tasked)|my (goal|job|task|role)|i had to|i needed to|i owned|task)\b", re.I
)
_FIRST_PERSON = re.compile(r"\bI\b")
_TEAM = re.compile(r"\bwe\b", re.I)

LP = LeadershipPrinciple
# Drill questions: "Tell me about a time " + the moment asked for.
DRILL_MOMENTS = {
    LP.CUSTOMER_OBSESSION: "you changed a design because of what customers would experience.",
    LP.OWNERSHIP: "you owned a problem that was not strictly yours to fix.",
    LP.INVENT_AND_SIMPLIFY: "you replaced a complicated system with a simpler one.",
    LP.BIAS_FOR_ACTION: "you traded speed for quality, or quality for speed.",
    LP.FRUGALITY: "you did more with less: a cheaper design that still met the goal.",
    LP.EARN_TRUST: "you admitted a weakness in your own design.",
    LP.DIVE_DEEP: "a metric looked fine but something was wrong underneath.",
    LP.HAVE_BACKBONE: "you disagreed with a technical decision and then committed to it.",
    LP.DELIVER_RESULTS: "you delivered under a hard deadline.",
    LP.THINK_BIG: "you designed for ten times today's scale.",
}  # fmt: skip


@dataclass(frozen=True)
class StarCheck:
    situation: bool
    task: bool
    own_actions: bool  # says what *you* did, not only the team
    measurable_result: bool

    @property
    def missing(self) -> list[str]:
        gaps = []
        if not self.situation:
            gaps.append("the situation: where and when, in a sentence or two")
        if not self.task:
            gaps.append("your task: what you were responsible for")
        if not self.own_actions:
            gaps.append('your own actions: say "I did", not only "we did"')
        if not self.measurable_result:
            gaps.append("a measurable result: a number (%, time, money, users) and what changed")
        return gaps


def check_answer(text: str) -> StarCheck:
    """A spoken (typed) answer to a drill question."""
    mine, ours = len(_FIRST_PERSON.findall(text)), len(_TEAM.findall(text))
    return StarCheck(
        situation=bool(_SITUATION.search(text)),
        task=bool(_TASK.search(text)),
        own_actions=mine >= 2 and mine >= ours,
        measurable_result=bool(_MEASURE.search(text)),
    )


def check_story(situation: str, task: str, action: str, result: str) -> StarCheck:
    """A written story: each part filled in, actions in the first person, a number in the result."""
    mine, ours = len(_FIRST_PERSON.findall(action)), len(_TEAM.findall(action))
    return StarCheck(
        situation=len(situation.split()) >= 5,
        task=len(task.split()) >= 3,
        own_actions=mine >= 1 and mine >= ours,
        measurable_result=bool(_MEASURE.search(result)),
    )


def feedback(check: StarCheck) -> str:
    if not check.missing:
        return "A complete STAR answer: situation, task, your own actions and a measurable result."
    return "Missing: " + "; ".join(check.missing) + "."


def drill_question(principle: LeadershipPrinciple) -> str:
    return "Tell me about a time " + DRILL_MOMENTS[principle]


def parse_principle(text: str) -> LeadershipPrinciple:
    wanted = re.sub(r"[^a-z]", "", text.lower())
    for principle in LeadershipPrinciple:
        if re.sub(r"[^a-z]", "", principle.value.lower()).startswith(wanted) and wanted:
            return principle
    names = ", ".join(p.value for p in LeadershipPrinciple)
    raise BadOption(f"lp must be a Leadership Principle: {names} (got '{quote_input(text)}').")
