"""/question and /questions, and the buttons on a question card."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from pydantic import Field

from bot.commands import Autocomplete, CommandOptions
from bot.context import CommandContext, Services
from bot.feature import Feature
from bot.plural import plural
from handlers.question_cards import bank_listing, clarifications_reply, hints_reply, question_card
from handlers.question_picking import filter_questions, find_question, pick_unseen, question_suggestions
from handlers.seen_questions import mark_seen, seen_ids, seen_key
from question_bank import Level

feature = Feature()
register = feature.register

RANDOM = "random"


class QuestionOptions(CommandOptions):
    """The options of /question."""

    id: Annotated[str, Autocomplete("question")] = Field(
        default=RANDOM, description="question id (see /questions), or random", max_length=60
    )
    level: Level | None = Field(default=None, description="only questions for this level (random pick)")
    tag: str | None = Field(default=None, description="only questions with this tag (random pick)")


class QuestionsOptions(CommandOptions):
    """The options of /questions."""

    level: Level | None = Field(default=None, description="only questions for this level")
    tag: str | None = Field(default=None, description="only questions with this tag")


def _matching(options: QuestionOptions) -> str:
    """What the random pick was limited to, as the end of "all 3 questions ..."."""
    limits = [f"for {options.level.value}" if options.level else "", f"tagged {options.tag}" if options.tag else ""]
    return "".join(f" {limit}" for limit in limits if limit)


@feature.command(
    "question",
    help="Show a system design question: by id, or a random one you have not seen",
    options=QuestionOptions,
    positional=("id", "level", "tag"),
)
async def question(context: CommandContext, options: QuestionOptions) -> None:
    """/question: a question card by id, or a random one you have not seen (saying when a new round starts)."""
    bank = context.services.bank
    if options.id.lower() != RANDOM:
        await context.respond(question_card(find_question(bank, options.id)))
        return
    candidates = filter_questions(bank, options.level, options.tag)
    store = context.services.store
    seen = await seen_ids(store, context.user)
    new_round = all(candidate.id in seen for candidate in candidates)
    if new_round:
        # Every matching question has been seen: start a new cycle, and say so.
        await store.redis.srem(seen_key(store, context.user), *(candidate.id for candidate in candidates))
        seen.clear()
    chosen = pick_unseen(candidates, seen, context.services.rng)
    await mark_seen(store, context.user, chosen.id)
    card = question_card(chosen)
    if new_round:
        note = f"You've seen all {plural(len(candidates), 'question')}{_matching(options)}; starting a new round."
        card = replace(card, text=f"{note}\n\n{card.text}")
    await context.respond(card)


@feature.command(
    "questions",
    help="List the question bank, filtered by level or tag",
    options=QuestionsOptions,
    positional=("level", "tag"),
)
async def questions(context: CommandContext, options: QuestionsOptions) -> None:
    """/questions: the bank, filtered by level or tag."""
    matching = filter_questions(context.services.bank, options.level, options.tag)
    filters = [
        f"level {options.level.value}" if options.level else "",
        f"tag {options.tag}" if options.tag else "",
    ]
    heading = "Questions" + (f" ({', '.join(f for f in filters if f)})" if any(filters) else "")
    await context.respond(bank_listing(matching, heading=heading))


@feature.completer("question")
async def suggest_questions(services: Services, typed: str) -> list[tuple[str, str]]:
    """Autocomplete for question ids."""
    return question_suggestions(services.bank, typed)


@feature.action("question", "hints")
async def show_hints(context: CommandContext, question_id: str) -> None:
    """The Show hints button: the question's hints, only to whoever pressed it."""
    await context.respond(hints_reply(find_question(context.services.bank, question_id)))


@feature.action("question", "clarify")
async def show_clarifications(context: CommandContext, question_id: str) -> None:
    """The Interviewer's answers button: the answers to clarifying questions."""
    await context.respond(clarifications_reply(find_question(context.services.bank, question_id)))
