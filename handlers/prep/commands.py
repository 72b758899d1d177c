"""/prep: a personal plan to the interview (planned backwards when it is far off) with weekly check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.chat import ChatPort, Reply, UserRef
from bot.commands import CommandOptions, NoOptions
from bot.context import CommandContext, Services
from bot.deadlines import Deadline, DeadlinePayload, IsoTime
from bot.errors import BadOption, NotFound
from bot.feature import Feature
from bot.store import Store
from bot.stored import StoredModel
from bot.user_text import defuse_mentions, quote_input
from handlers import progress
from handlers.daily.schedule import next_drop
from handlers.prep.charts import burnup
from handlers.prep.plan import (
    DEFAULT_WEEKS,
    MAINTENANCE_TARGETS,
    Week,
    achieved,
    behind,
    current_week,
    day_text,
    intense_start,
    maintenance_week,
    make_plan,
    weeks_until,
)
from handlers.progress import Targets
from handlers.seen_questions import seen_ids
from handlers.time_words import parse_day_and_time, parse_time, parse_zone, time_text
from question_bank import BarLevel, Level, Phase

feature = Feature()
register = feature.register

__all__ = ["forget_plan", "register"]


class CheckinDue(DeadlinePayload):
    """Someone's weekly check-in, under the plan version it was scheduled with."""

    KIND: ClassVar[str] = "prep-checkin"
    workspace: str = Field(alias="ws")
    user_id: str = Field(alias="uid")
    version: int = Field(alias="v")
    due: IsoTime


class PrepState(StoredModel):
    """Someone's prep plan: its dates, level, check-in time and zone (stored)."""

    platform: str
    workspace: str
    user_id: str
    name: str = ""
    starts: date
    weeks: int
    level: BarLevel
    interview: date | None = None
    intense_starts: date | None = None  # later than `starts` when the interview is further off than the plan
    checkin_day: str = "sun"
    checkin_time: str = "18:00"
    tz: str = "UTC"
    version: int = 1

    def plan(self) -> list[Week]:
        """The plan's weeks, from the intense weeks' start when the interview is far off."""
        return make_plan(self.intense_starts or self.starts, self.weeks, self.level)

    def week_on(self, day: date) -> Week | None:
        """The plan's week holding `day`: a maintenance week before the intense ones; None once it is over."""
        if self.intense_starts is not None and day < self.intense_starts:
            return maintenance_week(day, self.intense_starts)
        return current_week(self.plan(), day)


class StartOptions(CommandOptions):
    """The options of /prep start."""

    interview_date: str | None = Field(default=None, description="your interview date, YYYY-MM-DD", max_length=10)
    level: BarLevel = Field(default=Level.SDE2, description="the level you interview for")
    weeks: int | None = Field(
        default=None, ge=1, le=8, description="plan length in weeks (1-8); default: to the date, or 4"
    )
    checkin: str = Field(default="sun 18:00", description="weekly check-in, like 'sun 18:00'", max_length=20)
    tz: str = Field(default="UTC", description="your time zone", max_length=64)


class DoneOptions(CommandOptions):
    """The options of /prep done."""

    topic: str = Field(description="what you studied outside the bot, e.g. consistent hashing", max_length=80)


def _prep_key(store: Store, user: UserRef) -> str:
    return store.key(user, "user", user.id, "prep")


async def load_state(store: Store, user: UserRef) -> PrepState | None:
    """`user`'s prep plan; `None` when they have none."""
    raw = await store.redis.get(_prep_key(store, user))
    return PrepState.model_validate_json(raw) if raw else None


def week_summary(week: Week, done: Targets) -> str:
    """A week's focus and topics, and whether its targets are met so far."""
    gaps = behind(week.targets, done)
    status = "on track" if not gaps else "behind: " + ", ".join(gaps)
    topics = f"\nStudy: {', '.join(week.topics)}" if week.topics else ""
    return f"{week.name} · {week.focus}{topics}\nThis week: {status}."


def plan_text(state: PrepState, today: date) -> str:
    """The reply to /prep start: any maintenance rhythm first, then the intense weeks."""
    lines = []
    if state.intense_starts is not None and state.interview is not None:
        rhythm = ", ".join(behind(MAINTENANCE_TARGETS, Targets())).replace("more ", "")
        lines.append(
            f"Your interview on {day_text(state.interview)} is further off than {state.weeks} weeks, so the plan "
            f"works back from it. Until {day_text(state.intense_starts)}: a light maintenance rhythm, "
            f"each week {rhythm}. Then the intense weeks, right before the interview:"
        )
    for week in state.plan():
        starts = f"{week.starts:%d %b}" + (f" {week.starts:%Y}" if week.starts.year != today.year else "")
        lines.append(f"Week {week.number} ({starts}): {week.focus}")
    return "\n".join(lines)


async def suggestion(services: Services, user: UserRef) -> str:
    """One concrete next step: a frequent question they have not practised."""
    seen = await seen_ids(services.store, user)
    fresh = [q for q in services.bank if q.id not in seen and q.frequency.value == "high"] or [
        q for q in services.bank if q.id not in seen
    ]
    if not fresh:
        return "You have seen every question: run a timed mock on your weakest one with /mock start."
    question = fresh[0]
    return f"You have not yet practised a question with {question.tags[0]} - try /mock start {question.id}"


async def checkin_reply(services: Services, user: UserRef, week: Week, today: date) -> Reply:
    """What was done in the week just ending, what is behind, and one concrete next step."""
    # Counted per calendar week; a Monday check-in looks back at the week that just ended.
    looked_at = today - timedelta(days=1)
    done = await progress.done_in_week(services.store, user, looked_at)
    which = "this week" if progress.week_of(looked_at) == progress.week_of(today) else "last week"
    tip = await suggestion(services, user)
    text = f"Done {which}: {achieved(done)}.\n{week_summary(week, done)}\nNext: {tip}"
    return Reply(title="Your weekly check-in", text=text)


async def schedule_checkin(services: Services, chat: ChatPort, state: PrepState, after: datetime) -> None:
    """Queue the plan's next weekly check-in after `after`, in the person's zone."""
    due = next_drop(after, parse_time(state.checkin_time), ZoneInfo(state.tz), (state.checkin_day,))
    payload = CheckinDue(workspace=state.workspace, user_id=state.user_id, version=state.version, due=due)
    await services.queue_for(chat.platform.value).schedule(payload, due)


@feature.command("prep", subcommand="start", help="A plan from today to your interview", options=StartOptions)
async def start(context: CommandContext, options: StartOptions) -> None:
    """/prep start: a plan to the interview (intense weeks right before it), with weekly check-ins."""
    today = context.services.clock.now().date()
    interview = None
    if options.interview_date:
        try:
            interview = date.fromisoformat(options.interview_date)
        except ValueError:
            raise BadOption(
                f"interview_date must be a date like 2026-12-24 (got '{quote_input(options.interview_date)}')."
            ) from None
    weeks = options.weeks or (weeks_until(today, interview) if interview else DEFAULT_WEEKS)
    starts = intense_start(today, interview, weeks)
    day, at = parse_day_and_time(options.checkin)
    zone = parse_zone(options.tz)
    previous = await load_state(context.services.store, context.user)
    state = PrepState(
        platform=context.user.platform.value, workspace=context.user.workspace, user_id=context.user.id,
        name=context.user.display, starts=today, weeks=weeks, level=options.level, interview=interview,
        intense_starts=starts if starts > today else None,
        checkin_day=day, checkin_time=time_text(at), tz=zone.key,
        version=(previous.version + 1) if previous else 1,
    )  # fmt: skip
    await context.services.store.redis.set(_prep_key(context.services.store, context.user), state.model_dump_json())
    await schedule_checkin(context.services, context.chat, state, context.services.clock.now())
    await context.respond(Reply(title=f"Your {weeks}-week plan", text=plan_text(state, today), ephemeral=True))


@feature.command("prep", subcommand="status", help="Your plan: what is done and what is behind")
async def status(context: CommandContext, options: NoOptions) -> None:
    """/prep status: this week's targets against what was done, topics studied and mock phases practised."""
    state = await load_state(context.services.store, context.user)
    if state is None:
        raise NotFound("You have no plan. Start one with /prep start.")
    today = context.services.clock.now().date()
    week = state.week_on(today)
    if week is None:
        await context.respond(Reply(text="Your plan is over. Good luck in the interview!", ephemeral=True))
        return
    done = await progress.done_in_week(context.services.store, context.user, today)
    topics = await progress.topics_done(context.services.store, context.user)
    studied = f"\nStudied: {defuse_mentions(', '.join(sorted(topics)))}" if topics else ""
    phases = await progress.phases_practised(context.services.store, context.user)
    coverage = ", ".join(f"{phase.label} {phases.get(phase.value, 0)}" for phase in Phase) if phases else ""
    practised = f"\nMock phases practised: {coverage}" if coverage else ""
    reply = Reply(title="Your plan", text=week_summary(week, done) + studied + practised, ephemeral=True)
    chart = await burnup(context.services.store, context.user, state.plan(), today)
    await context.respond(await context.services.charts.attach(reply, chart, owner=context.user))


@feature.command("prep", subcommand="stop", help="Stop your plan and its check-ins")
async def stop(context: CommandContext, options: NoOptions) -> None:
    """/prep stop: end the plan and its check-ins."""
    removed = await context.services.store.redis.delete(_prep_key(context.services.store, context.user))
    await context.respond(Reply(text="Plan stopped." if removed else "You have no plan.", ephemeral=True))


@feature.command(
    "prep",
    subcommand="done",
    help="Note a topic you studied outside the bot",
    options=DoneOptions,
    positional=("topic",),
)
async def done(context: CommandContext, options: DoneOptions) -> None:
    """/prep done: note a topic studied outside the bot."""
    await progress.add_topic(context.services.store, context.user, options.topic)
    await context.respond(Reply(text=f"Noted: {defuse_mentions(options.topic)}.", ephemeral=True))


@feature.deadline(CheckinDue)
async def checkin(services: Services, chat: ChatPort, deadline: Deadline[CheckinDue], now: datetime) -> None:
    """A weekly check-in is due: DM what was done and what is next, once, then schedule the next."""
    user = UserRef(chat.platform, deadline.payload.workspace, deadline.payload.user_id)
    state = await load_state(services.store, user)
    if state is None or state.version != deadline.payload.version:
        return  # stopped or restarted: quiet
    due = deadline.payload.due
    claim = services.store.key(user, "prep-checkin-sent", user.id, due.isoformat())
    if await services.store.claim_once(claim, 14 * 86_400):
        today = now.date()
        week = state.week_on(today)
        if week is not None:
            await chat.send_dm(user, await checkin_reply(services, user, week, today))
    if state.week_on((due + timedelta(days=1)).date()) is not None:
        await schedule_checkin(services, chat, state, due)


async def forget_plan(store: Store, user: UserRef) -> None:
    """/forget-me: someone's plan (its check-ins then find nothing and stay quiet)."""
    await store.redis.delete(_prep_key(store, user))
