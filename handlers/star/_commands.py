"""/star: STAR stories (private to their author) and drills answered in a private thread."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from pydantic import Field

from bot.chat import ActionId, ChatPort, Form, FormField, IncomingMessage, MessageRef, Reply, ThreadRef, UserRef
from bot.commands import CommandOptions, NoOptions
from bot.context import CommandContext, Services
from bot.errors import NotFound
from bot.feature import Feature
from bot.store import Store
from bot.user_text import defuse_mentions
from handlers import progress
from handlers.star._charts import coverage
from handlers.star._review import review
from handlers.star._stories import DRILL_MOMENTS, StarStory, check_story, drill_question, feedback, parse_principle
from question_bank import LeadershipPrinciple

feature = Feature()
register = feature.register

FORM_TITLE_LIMIT = 45  # the shortest form title any platform allows (Discord's modal title)


class StarAddOptions(CommandOptions):
    """The options of /star add."""

    lp: str = Field(description="the Leadership Principle, e.g. Ownership", max_length=60)


def stories_key(store: Store, user: UserRef) -> str:
    """Where `user`'s STAR stories are kept."""
    return store.key(user, "user", user.id, "stories")


async def forget_stories(store: Store, user: UserRef) -> None:
    """/forget-me: the STAR stories someone wrote."""
    await store.redis.delete(stories_key(store, user))


def _drill_key(store: Store, thread: ThreadRef) -> str:
    return store.key(thread, "star-drill", thread.id)


async def expect_star_answer(
    services: Services, thread: ThreadRef, user_id: str, principle: LeadershipPrinciple | None = None
) -> None:
    """The next message of `user_id` in `thread` is a STAR answer: it gets feedback and counts as a drill.

    With the principle that was asked, the feedback also says whether the story fits it.
    """
    expected = f"{user_id}|{principle.name}" if principle else user_id
    await services.store.redis.set(_drill_key(services.store, thread), expected, ex=7 * 86_400)


async def star_answer_expected(services: Services, thread: ThreadRef, user_id: str) -> bool:
    """True if `user_id`'s next message in `thread` answers an interruption or a drill (it is not design talk)."""
    expected = await services.store.redis.get(_drill_key(services.store, thread))
    return expected is not None and str(expected).partition("|")[0] == user_id


@feature.command(
    "star",
    subcommand="add",
    help="Write a STAR story for a Leadership Principle",
    options=StarAddOptions,
    positional=("lp",),
)
async def star_add(context: CommandContext, options: StarAddOptions) -> None:
    """/star add: open the STAR form for a Leadership Principle."""
    principle = parse_principle(options.lp)
    fields = tuple(FormField(part.lower(), part, multiline=True) for part in ("Situation", "Task", "Action", "Result"))
    title = f"STAR · {principle.value}"
    # A form title holds 45 characters: the longest principles show whole, without the prefix.
    title = title if len(title) <= FORM_TITLE_LIMIT else principle.value
    await context.open_form(Form(ActionId("star", "add", principle.name.lower()), title, fields))


@feature.form("star", "add")
async def star_saved(context: CommandContext, principle_name: str, values: Mapping[str, str]) -> None:
    """The STAR form was submitted: save the story privately and check its structure."""
    principle = LeadershipPrinciple.__members__.get(principle_name.upper())
    if principle is None:
        raise NotFound(f"That form is no longer accepted. Start again with {context.chat.command_text('star add')}.")
    parts = {part: values.get(part, "").strip() for part in ("situation", "task", "action", "result")}
    story = StarStory(id=secrets.token_hex(3), lp=principle.value, **parts)
    await context.services.store.redis.rpush(stories_key(context.services.store, context.user), story.model_dump_json())
    await progress.record(context.services.store, context.user, "stories", context.services.clock.now())
    check = check_story(parts["situation"], parts["task"], parts["action"], parts["result"])
    await context.respond(Reply(text=f"Saved (only you can see it). {feedback(check)}", ephemeral=True))


@feature.command("star", subcommand="list", help="Your STAR stories (only you see them)")
async def star_list(context: CommandContext, options: NoOptions) -> None:
    """/star list: your stories, only to you."""
    raw = await context.services.store.redis.lrange(stories_key(context.services.store, context.user), 0, -1)
    stories = [StarStory.model_validate_json(item) for item in raw]
    lines = [f"{story.lp}: {defuse_mentions(story.situation[:80])}" for story in stories] or [
        f"No stories yet: {context.chat.command_text('star add')} lp:Ownership"
    ]
    reply = Reply(title="Your STAR stories", text="\n".join(lines), ephemeral=True)
    today = context.services.clock.now().date()
    chart = await coverage(context.services.store, context.user, [story.lp for story in stories], today)
    await context.respond(await context.services.charts.attach(reply, chart, owner=context.user))


@feature.command("star", subcommand="drill", help="Answer a Leadership Principle question as in an interview")
async def star_drill(context: CommandContext, options: NoOptions) -> None:
    """/star drill: a Leadership Principle question in a private thread, answered there."""
    principle = context.services.rng.choice(sorted(DRILL_MOMENTS, key=lambda p: p.value))
    title = f"STAR drill · {principle.value}"
    # A private thread needs no starter message, only its channel: nothing of the drill shows publicly.
    thread = await context.chat.open_thread(
        MessageRef(context.channel, ""), title, private=True, members=(context.user,)
    )
    text = f"{drill_question(principle)}\nAnswer here in one message, as you would out loud (STAR)."
    await context.chat.post(thread, Reply(title=title, text=text))
    await expect_star_answer(context.services, thread, context.user.id, principle)
    await context.respond(Reply(text=f"Your STAR drill is in a private thread: {thread.name}.", ephemeral=True))


@feature.on_message
async def drill_answer(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    """The answer to a drill or an interruption: STAR feedback, counted as practice."""
    thread = message.message.place
    if not isinstance(thread, ThreadRef):
        return
    expected = await services.store.redis.get(_drill_key(services.store, thread))
    owner, _, principle_name = str(expected or "").partition("|")
    if expected is None or owner != message.author.id:
        return
    await services.store.redis.delete(_drill_key(services.store, thread))
    await progress.record(services.store, message.author, "drills", services.clock.now())
    principle = LeadershipPrinciple.__members__.get(principle_name) if principle_name else None
    text, engine = await review(services, message.text, principle)
    await chat.post(thread, Reply(title="Feedback on your answer", text=text, footer=engine))
