"""Render questions as neutral replies (pure: question in, Reply out)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.chat import ActionId, Button, ButtonStyle, Reply, ReplyField
from question_bank import Level, Question

LEVEL_LABELS = {Level.SDE1: "SDE I", Level.SDE2: "SDE II", Level.SDE3: "SDE III"}


def level_label(levels: Sequence[Level]) -> str:
    """The levels as people say them (`SDE II, SDE III`), lowest first."""
    return ", ".join(LEVEL_LABELS[level] for level in sorted(levels))


def question_card(question: Question, *, heading: str | None = None) -> Reply:
    """The card a candidate reads: the prompt, level and tags; hints stay behind a button."""
    title = f"{heading} · {question.title}" if heading else question.title
    return Reply(
        title=title,
        text=question.prompt,
        fields=(
            ReplyField("Level", level_label(question.levels), inline=True),
            ReplyField("Asked", question.frequency.value, inline=True),
            ReplyField("Tags", ", ".join(question.tags), inline=True),
        ),
        buttons=(
            Button("Show hints", ActionId("question", "hints", question.id), ButtonStyle.PRIMARY),
            Button("Interviewer's answers", ActionId("question", "clarify", question.id)),
        ),
        footer=f"id: {question.id}",
    )


def hints_reply(question: Question) -> Reply:
    """The question's hints, numbered, shown only to the one who asked."""
    lines = [f"{number}. {hint}" for number, hint in enumerate(question.hints, start=1)]
    return Reply(title=f"Hints · {question.title}", text="\n".join(lines), ephemeral=True)


def clarifications_reply(question: Question) -> Reply:
    """What the interviewer would answer to the clarifying questions (for solo practice)."""
    lines = [f"**Q:** {item.ask}\n**A:** {item.answer}" for item in question.clarifications]
    return Reply(
        title=f"Clarifying questions · {question.title}",
        text="Ask these yourself first; here is what the interviewer would say.\n\n" + "\n\n".join(lines),
        ephemeral=True,
    )


def bank_listing(questions: Sequence[Question], *, heading: str) -> Reply:
    """One line per question (id, title, levels, how often asked) under `heading`."""
    lines = [
        f"`{question.id}` · {question.title} · {level_label(question.levels)} · {question.frequency.value}"
        for question in questions
    ]
    return Reply(
        title=f"{heading} ({len(questions)})",
        text="\n".join(lines),
        footer="Open one with /question <id>",
    )
