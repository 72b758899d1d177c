"""/daily: a question every day at the channel's own time, with a thread to answer in."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bot.chat import ChatPort, IncomingMessage, Reply
from bot.commands import CommandOptions, NoOptions, Permission, RoleOption
from bot.context import CommandContext, Services
from bot.deadlines import Deadline
from bot.errors import NotFound, UserError
from bot.feature import Feature
from handlers.daily.service import DailyDue, DailyService
from handlers.daily.state import DailyConfig, DailyStore
from handlers.question_picking import filter_questions
from handlers.time_words import days_text, parse_days, parse_time, parse_zone, time_text
from question_bank import Level

feature = Feature()
register = feature.register

NOT_SET_UP = "Daily questions are not set up in this channel. An admin can run /daily setup."


class SetupOptions(CommandOptions):
    """The options of /daily setup."""

    time: str = Field(description="local time of the drop, HH:MM (24-hour)", max_length=8)
    tz: str = Field(description="time zone, like Europe/Berlin or America/New_York", max_length=64)
    days: str = Field(default="daily", description="daily, mon-fri, or days like mon,wed,fri", max_length=60)
    level: Literal["sde1", "sde2", "sde3"] | None = Field(default=None, description="only questions for this level")
    tag: str | None = Field(default=None, description="only questions with this tag", max_length=40)
    mention: Annotated[str | None, RoleOption()] = Field(default=None, description="a role to mention with each drop")


async def _when(config: DailyConfig, context: CommandContext) -> tuple[str, str]:
    """The next drop as the scheduler will post it, and why it is not today when today already had one."""
    service = DailyService(context.services, context.chat)
    due, passed_over = await service.next_due(config, context.services.clock.now())
    due = due.astimezone(config.zone)
    why = "today's question was already posted" if passed_over else ""
    return f"{due:%a} {due.day} {due:%b %Y} at {due:%H:%M} ({config.tz})", why


def _settings(config: DailyConfig) -> str:
    parts = [f"{config.time} {config.tz}, {days_text(config.days)}"]
    if config.level:
        parts.append(f"level {config.level.value}")
    if config.tag:
        parts.append(f"tag {config.tag}")
    if config.mention:
        parts.append(f"mentioning {config.mention}")
    return " · ".join(parts)


async def _config(context: CommandContext) -> DailyConfig:
    config = await DailyStore(context.services.store).config(context.channel)
    if config is None:
        raise NotFound(NOT_SET_UP)
    return config


@feature.command(
    "daily", subcommand="setup", help="Drop a question here every day at a local time",
    options=SetupOptions, permission=Permission.ADMIN, positional=("time", "tz", "days"),
)  # fmt: skip
async def setup(context: CommandContext, options: SetupOptions) -> None:
    """/daily setup: save this channel's drop time, zone, days and filters, and schedule the next drop."""
    at, zone, days = parse_time(options.time), parse_zone(options.tz), parse_days(options.days)
    level = Level(options.level) if options.level else None
    filter_questions(context.services.bank, level, options.tag)  # refuses an empty or unknown filter
    store = DailyStore(context.services.store)
    previous = await store.config(context.channel)
    config = DailyConfig(
        platform=context.channel.platform,
        workspace=context.channel.workspace,
        channel_id=context.channel.id,
        channel_name=context.channel.name,
        time=time_text(at),
        tz=zone.key,
        days=days,
        level=level,
        tag=options.tag.lower() if options.tag else None,
        mention=options.mention,
        version=(previous.version + 1) if previous else 1,
    )
    try:
        await context.chat.post(context.channel, Reply(text=f"Daily questions will drop here: {_settings(config)}."))
    except Exception:
        raise UserError(
            "I cannot post in this channel, so nothing was saved. Invite me (or let me send messages) and try again."
        ) from None
    await store.save_config(config)
    await DailyService(context.services, context.chat).schedule(config, context.services.clock.now())
    when, why = await _when(config, context)
    first = f"Saved. {why.capitalize()}, so the next drop: {when}." if why else f"Saved. The first drop: {when}."
    await context.respond(Reply(text=first, ephemeral=True))


@feature.command("daily", subcommand="off", help="Stop the daily question here", permission=Permission.ADMIN)
async def off(context: CommandContext, options: NoOptions) -> None:
    """/daily off: stop the drops in this channel."""
    await _config(context)
    await context.services.store.redis.delete(DailyStore(context.services.store).config_key(context.channel))
    await context.respond(Reply(text="Daily questions are off in this channel.", ephemeral=True))


@feature.command("daily", subcommand="status", help="The next drop here, and the settings")
async def status(context: CommandContext, options: NoOptions) -> None:
    """/daily status: when the next drop comes (and why, if a day is passed over), and the settings."""
    config = await _config(context)
    when, why = await _when(config, context)
    notes = [note for note in (why, "it will be skipped" if config.skip_next else "") if note]
    skipping = f" ({'; '.join(notes)})" if notes else ""
    text = f"Next drop: {when}{skipping}\nSettings: {_settings(config)}"
    await context.respond(Reply(title="Daily question", text=text, ephemeral=True))


@feature.command("daily", subcommand="now", help="Drop a question now", permission=Permission.ADMIN)
async def now(context: CommandContext, options: NoOptions) -> None:
    """/daily now: drop a question at once."""
    config = await _config(context)
    await DailyService(context.services, context.chat).drop(config, context.services.clock.now())
    await context.respond(Reply(text="Dropped.", ephemeral=True))


@feature.command("daily", subcommand="skip", help="Skip the next drop", permission=Permission.ADMIN)
async def skip(context: CommandContext, options: NoOptions) -> None:
    """/daily skip: the next scheduled drop is left out."""
    config = await _config(context)
    await DailyStore(context.services.store).save_config(config.model_copy(update={"skip_next": True}))
    await context.respond(
        Reply(text=f"The next drop, {(await _when(config, context))[0]}, will be skipped.", ephemeral=True)
    )


@feature.command("daily", subcommand="streaks", help="Who answered the most drops in a row")
async def streaks(context: CommandContext, options: NoOptions) -> None:
    """/daily streaks: the five longest answer streaks here, and yours."""
    await _config(context)
    all_streaks = await DailyStore(context.services.store).streaks(context.channel)
    top = sorted(all_streaks.items(), key=lambda item: (-item[1].current, -item[1].best, item[1].name))[:5]
    lines = [
        f"{n}. <@{user}> · {streak.current} in a row (best {streak.best})" for n, (user, streak) in enumerate(top, 1)
    ]
    mine = all_streaks.get(context.user.id)
    lines.append(f"You: {mine.current} in a row (best {mine.best})" if mine else "You: no answers yet")
    await context.respond(Reply(title="Daily streaks", text="\n".join(lines), ephemeral=True))


@feature.on_message
async def answer(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
    """A reply in a drop's thread counts toward streaks and may get one bar-raiser probe."""
    await DailyService(services, chat).on_answer(message)


@feature.deadline(DailyDue)
async def due(services: Services, chat: ChatPort, deadline: Deadline[DailyDue], now: object) -> None:
    """A scheduled drop is due: post it, once, across every process."""
    await DailyService(services, chat).on_deadline(deadline, services.clock.now())
