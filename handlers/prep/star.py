"""STAR stories (pure): the four parts, and feedback on what a story or a spoken answer is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import BadOption
from bot.stored import StoredModel
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


class StarStory(StoredModel):
    """A story someone wrote with /star add (kept until /forget-me)."""

    id: str
    lp: str  # the Leadership Principle's name, as shown
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


# What a story for each drilled principle talks about (generous: telling someone a fitting story
# does not fit is worse than missing a weak link), and how to make the link when it does not.
THEMES = {
    LP.CUSTOMER_OBSESSION: (
        r"customer|user|client|shopper|buyer|seller|people|experience|complain|churn|support ticket|satisf|NPS",
        "what customers saw or felt, and how your choice changed it",
    ),
    LP.OWNERSHIP: (
        r"\bown(ed|er|ership)?\b|not (strictly )?(my|mine)|wasn't (my|mine)|another team|other team|nobody|no one|"
        r"stepped (up|in)|took (it )?on|took charge|on-?call|paged|runbook|responsib|long[- ]term|end[- ]to[- ]end",
        "that it was not yours to fix, and how you took it on for the long term",
    ),
    LP.INVENT_AND_SIMPLIFY: (
        r"simpl|replac|complicat|complex|remov|delet|fewer|consolidat|merg|automat|rewr[io]te|invent|easier|"
        r"new (way|approach|idea)|prototype",
        "what was complicated, and the simpler thing you put in its place",
    ),
    LP.BIAS_FOR_ACTION: (
        r"speed|quick|fast|immediate|right away|same day|without waiting|risk|reversible|two-way door|quality|"
        r"trade[- ]?off|roll ?back|iterat|mvp|decided to (ship|launch|go|act)",
        "the trade between speed and quality, and why acting then was right",
    ),
    LP.FRUGALITY: (
        r"cost|cheap|budget|sav(e|ed|ing)|spend|\$|money|frugal|bill|reus|license|headcount|hardware|"
        r"servers|machines|instances|resources|efficien",
        "what it cost, and how you met the goal with less",
    ),
    LP.EARN_TRUST: (
        r"admit|mistake|weak|wrong|honest|trust|apolog|flaw|blind spot|my (error|fault)|owned up|transparen|"
        r"feedback|vulnerab|limitation|shortcoming|point of failure|\btold\b|open about",
        "the weakness you admitted openly, and what it did for trust",
    ),
    LP.DIVE_DEEP: (
        r"metric|dashboard|log|root cause|dig|investigat|anomal|underneath|trace|debug|data|percentile|p99|sampl",
        "the number that looked fine, and how you dug under it to the real cause",
    ),
    LP.HAVE_BACKBONE: (
        r"disagree|push(ed)? back|argu|object|challeng|concern|escalat|overrul|commit|convinc|persuad|stood",
        "what you disagreed with, how you said so, and how you then committed",
    ),
    LP.DELIVER_RESULTS: (
        r"deadline|on time|deliver|launch|ship|milestone|despite|blocker|due date|cut scope|goal|target|schedule",
        "the deadline, what stood in the way, and how you still delivered",
    ),
    LP.THINK_BIG: (
        r"scale|\d+ ?x\b|ten times|grow|future|vision|long[- ]term|million|billion|roadmap|platform|expan|"
        r"ambiti|multi[- ]region|international|whole company|across teams",
        "the bigger future you designed for, beyond today's needs",
    ),
}


@dataclass(frozen=True)
class StarCheck:
    """Which parts of a STAR answer are there."""

    situation: bool
    task: bool
    own_actions: bool  # says what *you* did, not only the team
    measurable_result: bool

    @property
    def missing(self) -> list[str]:
        """What the answer still lacks, each said as advice."""
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
    """One line on a STAR answer: complete, or what is missing."""
    if not check.missing:
        return "A complete STAR answer: situation, task, your own actions and a measurable result."
    return "Missing: " + "; ".join(check.missing) + "."


def principle_fit(text: str, principle: LeadershipPrinciple) -> str:
    """A sentence when the story does not show the principle asked for; empty when it does (or is unknown)."""
    if principle not in THEMES:
        return ""
    pattern, link = THEMES[principle]
    if re.search(pattern, text, re.I):
        return ""
    return (
        f"This story does not yet show {principle.value}, which the question asked for: "
        f"make the link plain ({link}), or pick a story that fits it better."
    )


def drill_question(principle: LeadershipPrinciple) -> str:
    """The drill question for a Leadership Principle ("Tell me about a time ...")."""
    return "Tell me about a time " + DRILL_MOMENTS[principle]


def parse_principle(text: str) -> LeadershipPrinciple:
    """The Leadership Principle a name or its start names; anything else is a `BadOption`."""
    wanted = re.sub(r"[^a-z]", "", text.lower())
    for principle in LeadershipPrinciple:
        if re.sub(r"[^a-z]", "", principle.value.lower()).startswith(wanted) and wanted:
            return principle
    names = ", ".join(p.value for p in LeadershipPrinciple)
    raise BadOption(f"lp must be a Leadership Principle: {names} (got '{quote_input(text)}').")
