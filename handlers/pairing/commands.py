"""/pair: join the pool, get matched for peer mocks, and follow up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.chat import ActionId, ChatPort, Form, FormField, MessageRef, Reply, parse_user_mention
from bot.commands import CommandOptions, NoOptions, Permission, UserOption
from bot.context import CommandContext, Services
from bot.deadlines import Deadline
from bot.errors import BadOption, NotAllowed, NotFound
from bot.feature import Feature
from bot.user_text import defuse_mentions, quote_input
from handlers.mock.plan import STANDARD_PLAN
from handlers.mock.starting import start_mock
from handlers.pairing.service import (
    PairFollowUp,
    PairingService,
    PairNowExpired,
    PairRoundDue,
    channel_of_payload,
)
from handlers.pairing.state import Member, PairingStore, RoundConfig
from handlers.time_words import parse_time, parse_windows, parse_zone, time_text

feature = Feature()
register = feature.register

KEPT_ON_REJOIN = {
    "candidate_turns",
    "interviewer_turns",
    "candidate_seats",
    "interviewer_seats",
    "last_interviewed",
    "blocked",
}
JOIN_HELP = "Join the peer mock pool: level, time zone, role and weekly availability"


class JoinOptions(CommandOptions):
    """The options of /pair join; without availability, a form asks for it."""

    level: Literal["sde1", "sde2", "sde3"] = Field(default="sde2", description="your level")
    tz: str = Field(default="UTC", description="your time zone, like Europe/Berlin", max_length=64)
    role: Literal["candidate", "interviewer", "either"] = Field(default="either", description="the role you want")
    availability: str | None = Field(
        default=None, description="weekly windows: 'weekday evenings', 'sat 10-14'", max_length=200
    )


class SetupOptions(CommandOptions):
    """The options of /pair setup."""

    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = Field(description="the day rounds run")
    time: str = Field(description="local time of the round, HH:MM", max_length=8)
    tz: str = Field(description="time zone, like Europe/Berlin", max_length=64)
    cadence: Literal["weekly", "fortnightly"] = Field(default="weekly", description="every week or every two weeks")


class PauseOptions(CommandOptions):
    """The options of /pair pause."""

    days: int = Field(ge=1, le=90, description="days to sit out (1-90)")


class BlockOptions(CommandOptions):
    """The options of /pair block."""

    user: Annotated[str, UserOption()] = Field(description="someone you never want to be paired with")


def join_form(options: JoinOptions) -> Form:
    """The /pair join form, prefilled with the options given."""
    return Form(
        ActionId("pair", "join"),
        "Join the practice pool",
        (
            FormField("availability", "When can you practise each week?", "weekday evenings; sat 10-14"),
            FormField("tz", "Your time zone", "Europe/Berlin", default=options.tz),
            FormField("level", "Your level: sde1, sde2 or sde3", default=options.level),
            FormField("role", "Role: candidate, interviewer or either", default=options.role),
        ),
    )


async def join(context: CommandContext, level: str, tz: str, role: str, availability: str) -> None:
    """Join (or rejoin) the channel's pool; turns, seats and blocks survive a rejoin, bad answers change nothing."""
    zone = parse_zone(tz)
    if level not in ("sde1", "sde2", "sde3"):
        raise BadOption(f"level must be one of sde1, sde2, sde3 (got '{quote_input(level)}').")
    if role not in ("candidate", "interviewer", "either"):
        raise BadOption(f"role must be one of candidate, interviewer, either (got '{quote_input(role)}').")
    local_hours = parse_windows(availability)
    pool = PairingStore(context.services.store)
    previous = await pool.member(context.channel, context.user.id)
    # Joining again changes the answers; turns taken, the seats that decide the next roles and blocks stay.
    kept = previous.model_dump(include=KEPT_ON_REJOIN) if previous else {}
    member = Member(
        id=context.user.id, name=context.user.display, level=level, tz=zone.key, wish=role,
        availability=availability, local_hours=sorted(local_hours), **kept,
    )  # fmt: skip
    await pool.save_member(context.channel, member)
    joined = f"You are in the pool: {level}, {zone.key}, {role}, {defuse_mentions(availability)}."
    await context.respond(Reply(text=joined, ephemeral=True))


def until_text(until: datetime, tz: str) -> str:
    """When a pause ends, on the member's own clock: the day alone would still read as paused later that day."""
    return f"{until.astimezone(ZoneInfo(tz)):%a %d %b %H:%M} ({tz})"


async def _answered(context: CommandContext, pair_id: str, outcome: str) -> None:
    """A follow-up button: how the pair's meeting went (met, rescheduled, noshow)."""
    service = PairingService(context.services, context.chat)
    note = await service.record_outcome(context.channel, pair_id, context.user.id, outcome)
    await context.respond(Reply(text=note, ephemeral=True))


@feature.command("pair", subcommand="join", help=JOIN_HELP, options=JoinOptions, positional=("availability",))
async def join_command(context: CommandContext, options: JoinOptions) -> None:
    """/pair join: join with the options given, or open the form when availability is left out."""
    if options.availability is None:
        await context.open_form(join_form(options))
        return
    await join(context, options.level, options.tz, options.role, options.availability)


@feature.form("pair", "join")
async def join_submitted(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
    """The join form was submitted: join with what it says."""
    await join(
        context, values.get("level", "sde2").strip().lower(), values.get("tz", "UTC"),
        values.get("role", "either").strip().lower(), values.get("availability", ""),
    )  # fmt: skip


@feature.command("pair", subcommand="leave", help="Leave the peer mock pool")
async def leave(context: CommandContext, options: NoOptions) -> None:
    """/pair leave: leave this channel's pool."""
    removed = await PairingStore(context.services.store).remove_member(context.channel, context.user.id)
    await context.respond(Reply(text="You left the pool." if removed else "You were not in the pool.", ephemeral=True))


@feature.command("pair", subcommand="pause", help="Sit out for some days", options=PauseOptions, positional=("days",))
async def pause(context: CommandContext, options: PauseOptions) -> None:
    """/pair pause: sit out of rounds for some days."""
    pool = PairingStore(context.services.store)
    member = await pool.member(context.channel, context.user.id)
    if member is None:
        raise NotFound("You are not in the pool. /pair join first.")
    until = context.services.clock.now() + timedelta(days=options.days)
    await pool.save_member(context.channel, member.model_copy(update={"paused_until": until}))
    await context.respond(Reply(text=f"Paused until {until_text(until, member.tz)}.", ephemeral=True))


@feature.command("pair", subcommand="status", help="Your place in the pool")
async def status(context: CommandContext, options: NoOptions) -> None:
    """/pair status: your answers, any pause still running, and the turns you took."""
    member = await PairingStore(context.services.store).member(context.channel, context.user.id)
    if member is None:
        raise NotFound("You are not in the pool. /pair join first.")
    paused = ""
    if member.paused_until and member.paused_until > context.services.clock.now():  # an ended pause is not news
        paused = f" · paused until {until_text(member.paused_until, member.tz)}"
    turns = f"{member.candidate_turns} as candidate, {member.interviewer_turns} as interviewer"
    availability = defuse_mentions(member.availability)
    text = f"{member.level}, {member.tz}, {member.wish}, {availability}{paused}\nSo far: {turns}."
    await context.respond(Reply(title="Your pairing", text=text, ephemeral=True))


@feature.command("pair", subcommand="history", help="Your past practice partners")
async def history(context: CommandContext, options: NoOptions) -> None:
    """/pair history: your last partners, roles and outcomes."""
    pairs = await PairingStore(context.services.store).history(context.channel, context.user.id)
    lines = []
    for pair in pairs:
        partners = " and ".join(f"<@{partner}>" for partner in pair.partners_of(context.user.id))
        role = pair.role_of(context.user.id)
        lines.append(f"{pair.made_at:%Y-%m-%d} · with {partners} · {role} · {pair.outcome}")
    await context.respond(Reply(title="Your pairs", text="\n".join(lines) or "No pairs yet.", ephemeral=True))


@feature.command(
    "pair",
    subcommand="block",
    help="Never be paired with someone (private)",
    options=BlockOptions,
    positional=("user",),
)
async def block(context: CommandContext, options: BlockOptions) -> None:
    """/pair block: never be paired with someone; nobody else is told."""
    other = parse_user_mention(options.user, context.user.platform, context.user.workspace)
    if other is None or other.id == context.user.id:
        raise BadOption("user must be someone else, like @name.")
    pool = PairingStore(context.services.store)
    member = await pool.member(context.channel, context.user.id)
    if member is None:
        raise NotFound("You are not in the pool. /pair join first.")
    blocked = sorted({*member.blocked, other.id})
    await pool.save_member(context.channel, member.model_copy(update={"blocked": blocked}))
    await context.respond(Reply(text="Done. Nobody else is told.", ephemeral=True))


@feature.command("pair", subcommand="now", help="Find a partner who is free right now (waits up to 15 min)")
async def now(context: CommandContext, options: NoOptions) -> None:
    """/pair now: pair with someone waiting now, or wait up to 15 minutes."""
    service = PairingService(context.services, context.chat)

    async def announce() -> MessageRef:
        looking = Reply(text=f"{context.user.mention} is looking for a practice partner now.")
        return await context.chat.post(context.channel, looking)

    answer = await service.pair_now(context.channel, context.user, announce)
    await context.respond(Reply(text=answer, ephemeral=True))


@feature.command(
    "pair", subcommand="setup", help="How often this channel's pairing rounds run", options=SetupOptions,
    permission=Permission.ADMIN, positional=("day", "time", "tz"),
)  # fmt: skip
async def setup(context: CommandContext, options: SetupOptions) -> None:
    """/pair setup: when this channel's rounds run (weekly or fortnightly, in its zone)."""
    at, zone = parse_time(options.time), parse_zone(options.tz)
    pool = PairingStore(context.services.store)
    previous = await context.services.store.redis.get(pool.config_key(context.channel))
    version = RoundConfig.model_validate_json(previous).version + 1 if previous else 1
    now = context.services.clock.now()
    config = RoundConfig(
        cadence=options.cadence, day=options.day, time=time_text(at), tz=zone.key,
        first_week=now.isocalendar().week, version=version,
    )  # fmt: skip
    service = PairingService(context.services, context.chat)
    due = await service.schedule_round(context.channel, config, now)
    if not config.runs_in_week_of(due):  # fortnightly: the first round is the next scheduled one
        config = config.model_copy(update={"first_week": due.isocalendar().week})
    await context.services.store.redis.set(pool.config_key(context.channel), config.model_dump_json())
    local = due.astimezone(zone)
    first = f"{local:%a} {local.day} {local:%b at %H:%M} ({zone.key})"
    await context.respond(Reply(text=f"Pairing rounds {options.cadence}; the first on {first}.", ephemeral=True))


@feature.command("pair", subcommand="round", help="Run a pairing round now", permission=Permission.ADMIN)
async def round_now(context: CommandContext, options: NoOptions) -> None:
    """/pair round: run a pairing round now."""
    await context.respond(await PairingService(context.services, context.chat).run_round(context.channel))


@feature.action("pair", "mock")
async def start_pair_mock(context: CommandContext, pair_id: str) -> None:
    """Start the mock: run the pair's mock in the place the pair lives, roles set."""
    record = await PairingStore(context.services.store).pair(context.channel, pair_id, pool=context.channel)
    if record is None:
        raise NotFound("This pair no longer exists.")
    if context.user.id not in record.people:
        raise NotAllowed("Only this pair can start its mock.")
    is_candidate = context.user.id == record.candidate
    partner_id = record.interviewer if is_candidate else record.candidate
    partner = parse_user_mention(f"<@{partner_id}>", context.user.platform, context.user.workspace)
    await start_mock(
        context, record.question_id, partner, STANDARD_PLAN, None, "candidate" if is_candidate else "interviewer",
        in_thread=record.thread(context.channel),
    )  # fmt: skip


@feature.action("pair", "met")
async def met(context: CommandContext, pair_id: str) -> None:
    """The pair met: each partner's turn counts once."""
    await _answered(context, pair_id, "met")


@feature.action("pair", "rescheduled")
async def rescheduled(context: CommandContext, pair_id: str) -> None:
    """The pair moved the meeting: nothing counts yet."""
    await _answered(context, pair_id, "rescheduled")


@feature.action("pair", "noshow")
async def noshow(context: CommandContext, pair_id: str) -> None:
    """A partner did not show: noted against them, no turn counted."""
    await _answered(context, pair_id, "noshow")


@feature.deadline(PairRoundDue)
async def round_due(services: Services, chat: ChatPort, deadline: Deadline[PairRoundDue], now: object) -> None:
    """A scheduled round is due: pair the pool once and schedule the next."""
    channel = channel_of_payload(chat.platform, deadline.payload)
    await PairingService(services, chat).round_due(channel, deadline.payload, services.clock.now())


@feature.deadline(PairFollowUp)
async def follow_up(services: Services, chat: ChatPort, deadline: Deadline[PairFollowUp], now: object) -> None:
    """A day after pairing: ask the pair whether they met."""
    channel = channel_of_payload(chat.platform, deadline.payload)
    await PairingService(services, chat).follow_up(channel, deadline.payload.pair_id)


@feature.deadline(PairNowExpired)
async def now_expired(services: Services, chat: ChatPort, deadline: Deadline[PairNowExpired], now: object) -> None:
    """Fifteen minutes of waiting ran out: tell the person nobody came."""
    channel = channel_of_payload(chat.platform, deadline.payload)
    await PairingService(services, chat).now_expired(channel, deadline.payload.user_id, services.clock.now())
