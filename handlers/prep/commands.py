"""/prep: a personal plan to the interview with weekly check-ins; /star: STAR stories and drills."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from bot.chat import ActionId, ChatPort, Form, FormField, IncomingMessage, Reply, ThreadRef, UserRef
from bot.commands import CommandOptions, CommandRegistry, NoOptions
from bot.context import CommandContext, Services
from bot.deadlines import Deadline
from bot.errors import BadOption, NotFound
from bot.store import Store
from bot.user_text import defuse_mentions, quote_input
from handlers.daily.schedule import next_drop, parse_time, parse_zone
from handlers.prep import progress
from handlers.prep.plan import DEFAULT_WEEKS, Targets, Week, behind, current_week, make_plan, weeks_until
from handlers.prep.review import review
from handlers.prep.star import DRILL_MOMENTS, check_story, drill_question, feedback, parse_principle
from handlers.seen_questions import seen_ids
from question_bank import LeadershipPrinciple, Phase

CHECKIN_KIND = "prep-checkin"


class PrepState(BaseModel):
    platform: str
    workspace: str
    user_id: str
    name: str = ""
    starts: date
    weeks: int
    level: Literal["sde2", "sde3"]
    interview: date | None = None
    checkin_day: str = "sun"
    checkin_time: str = "18:00"
    tz: str = "UTC"
    version: int = 1

    def plan(self) -> list[Week]:
        return make_plan(self.starts, self.weeks, self.level)


class StartOptions(CommandOptions):
    interview_date: str | None = Field(default=None, description="your interview date, YYYY-MM-DD", max_length=10)
    level: Literal["sde2", "sde3"] = Field(default="sde2", description="the level you interview for")
    weeks: int | None = Field(
        default=None, ge=1, le=8, description="plan length in weeks (1-8); default: to the date, or 4"
    )
    checkin: str = Field(default="sun 18:00", description="weekly check-in, like 'sun 18:00'", max_length=20)
    tz: str = Field(default="UTC", description="your time zone", max_length=64)


class DoneOptions(CommandOptions):
    topic: str = Field(description="what you studied outside the bot, e.g. consistent hashing", max_length=80)


class StarAddOptions(CommandOptions):
    lp: str = Field(description="the Leadership Principle, e.g. Ownership", max_length=60)


def _prep_key(store: Store, user: UserRef) -> str:
    return store.key(user, "user", user.id, "prep")


def _stories_key(store: Store, user: UserRef) -> str:
    return store.key(user, "user", user.id, "stories")


def _drill_key(store: Store, thread: ThreadRef) -> str:
    return store.key(thread, "star-drill", thread.id)


async def load_state(store: Store, user: UserRef) -> PrepState | None:
    raw = await store.redis.get(_prep_key(store, user))
    return PrepState.model_validate_json(raw) if raw else None


def week_summary(week: Week, done: Targets) -> str:
    gaps = behind(week.targets, done)
    status = "on track" if not gaps else "behind: " + ", ".join(gaps)
    topics = f"\nStudy: {', '.join(week.topics)}" if week.topics else ""
    return f"Week {week.number} · {week.focus}{topics}\nThis week: {status}."


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


async def schedule_checkin(services: Services, chat: ChatPort, state: PrepState, after: datetime) -> None:
    due = next_drop(after, parse_time(state.checkin_time), ZoneInfo(state.tz), (state.checkin_day,))
    payload = {"ws": state.workspace, "uid": state.user_id, "v": state.version, "due": due.isoformat()}
    await services.queue_for(chat.platform.value).schedule(CHECKIN_KIND, payload, due)


def register(registry: CommandRegistry) -> None:
    @registry.command("prep", subcommand="start", help="A plan from today to your interview", options=StartOptions)
    async def start(context: CommandContext, options: StartOptions) -> None:
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
        day, _, at = options.checkin.strip().lower().partition(" ")
        if day[:3] not in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            got = quote_input(options.checkin)
            raise BadOption(f"checkin must be a day and a time, like 'sun 18:00' (got '{got}').")
        parse_time(at or "18:00")
        zone = parse_zone(options.tz)
        previous = await load_state(context.services.store, context.user)
        state = PrepState(
            platform=context.user.platform.value, workspace=context.user.workspace, user_id=context.user.id,
            name=context.user.display, starts=today, weeks=weeks, level=options.level, interview=interview,
            checkin_day=day[:3], checkin_time=at or "18:00", tz=zone.key,
            version=(previous.version + 1) if previous else 1,
        )  # fmt: skip
        await context.services.store.redis.set(_prep_key(context.services.store, context.user), state.model_dump_json())
        await schedule_checkin(context.services, context.chat, state, context.services.clock.now())
        lines = [f"Week {week.number} ({week.starts:%d %b}): {week.focus}" for week in state.plan()]
        await context.respond(Reply(title=f"Your {weeks}-week plan", text="\n".join(lines), ephemeral=True))

    @registry.command("prep", subcommand="status", help="Your plan: what is done and what is behind")
    async def status(context: CommandContext, options: NoOptions) -> None:
        state = await load_state(context.services.store, context.user)
        if state is None:
            raise NotFound("You have no plan. Start one with /prep start.")
        today = context.services.clock.now().date()
        week = current_week(state.plan(), today)
        if week is None:
            await context.respond(Reply(text="Your plan is over. Good luck in the interview!", ephemeral=True))
            return
        done = await progress.done_in_week(context.services.store, context.user, today)
        topics = await progress.topics_done(context.services.store, context.user)
        studied = f"\nStudied: {defuse_mentions(', '.join(sorted(topics)))}" if topics else ""
        phases = await progress.phases_practised(context.services.store, context.user)
        coverage = ", ".join(f"{phase.label} {phases.get(phase.value, 0)}" for phase in Phase) if phases else ""
        practised = f"\nMock phases practised: {coverage}" if coverage else ""
        await context.respond(
            Reply(title="Your plan", text=week_summary(week, done) + studied + practised, ephemeral=True)
        )

    @registry.command("prep", subcommand="stop", help="Stop your plan and its check-ins")
    async def stop(context: CommandContext, options: NoOptions) -> None:
        removed = await context.services.store.redis.delete(_prep_key(context.services.store, context.user))
        await context.respond(Reply(text="Plan stopped." if removed else "You have no plan.", ephemeral=True))

    @registry.command(
        "prep",
        subcommand="done",
        help="Note a topic you studied outside the bot",
        options=DoneOptions,
        positional=("topic",),
    )
    async def done(context: CommandContext, options: DoneOptions) -> None:
        await progress.add_topic(context.services.store, context.user, options.topic)
        await context.respond(Reply(text=f"Noted: {defuse_mentions(options.topic)}.", ephemeral=True))

    @registry.command(
        "star",
        subcommand="add",
        help="Write a STAR story for a Leadership Principle",
        options=StarAddOptions,
        positional=("lp",),
    )
    async def star_add(context: CommandContext, options: StarAddOptions) -> None:
        principle = parse_principle(options.lp)
        fields = tuple(
            FormField(part.lower(), part, multiline=True) for part in ("Situation", "Task", "Action", "Result")
        )
        await context.open_form(
            Form(ActionId("star", "add", principle.name.lower()), f"STAR · {principle.value}"[:45], fields)
        )

    @registry.form("star", "add")
    async def star_saved(context: CommandContext, principle_name: str, values: Mapping[str, str]) -> None:
        principle = LeadershipPrinciple.__members__.get(principle_name.upper())
        if principle is None:
            raise NotFound("That form is no longer accepted. Start again with /star add.")
        parts = {part: values.get(part, "").strip() for part in ("situation", "task", "action", "result")}
        story = {"id": secrets.token_hex(3), "lp": principle.value, **parts}
        await context.services.store.redis.rpush(_stories_key(context.services.store, context.user), json.dumps(story))
        await progress.record(context.services.store, context.user, "stories", context.services.clock.now())
        check = check_story(parts["situation"], parts["task"], parts["action"], parts["result"])
        await context.respond(Reply(text=f"Saved (only you can see it). {feedback(check)}", ephemeral=True))

    @registry.command("star", subcommand="list", help="Your STAR stories (only you see them)")
    async def star_list(context: CommandContext, options: NoOptions) -> None:
        raw = await context.services.store.redis.lrange(_stories_key(context.services.store, context.user), 0, -1)
        stories = [json.loads(item) for item in raw]
        lines = [f"{story['lp']}: {defuse_mentions(story['situation'][:80])}" for story in stories] or [
            "No stories yet: /star add lp:Ownership"
        ]
        await context.respond(Reply(title="Your STAR stories", text="\n".join(lines), ephemeral=True))

    @registry.command("star", subcommand="drill", help="Answer a Leadership Principle question as in an interview")
    async def star_drill(context: CommandContext, options: NoOptions) -> None:
        principle = context.services.rng.choice(sorted(DRILL_MOMENTS, key=lambda p: p.value))
        question = drill_question(principle)
        message = await context.respond(
            Reply(title=f"STAR drill · {principle.value}", text=question)
        ) or await context.chat.post(context.channel, Reply(title=f"STAR drill · {principle.value}", text=question))
        thread = await context.chat.open_thread(
            message, f"STAR drill · {principle.value}", private=True, members=(context.user,)
        )
        await context.chat.post(thread, Reply(text="Answer here in one message, as you would out loud (STAR)."))
        await expect_star_answer(context.services, thread, context.user.id)

    @registry.on_message
    async def drill_answer(services: Services, chat: ChatPort, message: IncomingMessage) -> None:
        thread = message.message.place
        if not isinstance(thread, ThreadRef):
            return
        owner = await services.store.redis.get(_drill_key(services.store, thread))
        if owner is None or str(owner) != message.author.id:
            return
        await services.store.redis.delete(_drill_key(services.store, thread))
        await progress.record(services.store, message.author, "drills", services.clock.now())
        text, engine = await review(services, message.text)
        await chat.post(thread, Reply(title="Feedback on your answer", text=text, footer=engine))

    @registry.deadline(CHECKIN_KIND)
    async def checkin(services: Services, chat: ChatPort, deadline: Deadline, now: object) -> None:
        user = UserRef(chat.platform, str(deadline.payload["ws"]), str(deadline.payload["uid"]))
        state = await load_state(services.store, user)
        if state is None or state.version != deadline.payload["v"]:
            return  # stopped or restarted: quiet
        claim = services.store.key(user, "prep-checkin-sent", user.id, str(deadline.payload["due"]))
        if await services.store.claim_once(claim, 14 * 86_400):
            today = services.clock.now().date()
            week = current_week(state.plan(), today)
            if week is not None:
                done = await progress.done_in_week(services.store, user, today - timedelta(days=1))
                tip = await suggestion(services, user)
                await chat.send_dm(
                    user, Reply(title="Your weekly check-in", text=f"{week_summary(week, done)}\nNext: {tip}")
                )
        due = datetime.fromisoformat(str(deadline.payload["due"]))
        if current_week(state.plan(), (due + timedelta(days=1)).date()) is not None:
            await schedule_checkin(services, chat, state, due)


async def expect_star_answer(services: Services, thread: ThreadRef, user_id: str) -> None:
    """The next message of `user_id` in `thread` is a STAR answer: it gets feedback and counts as a drill."""
    await services.store.redis.set(_drill_key(services.store, thread), user_id, ex=7 * 86_400)


async def forget_user_prep(store: Store, user: UserRef) -> None:
    await store.redis.delete(_prep_key(store, user), _stories_key(store, user))
