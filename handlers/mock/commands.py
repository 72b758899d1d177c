"""/mock: start a timed mock in a thread, control it by command or button, review it afterwards."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from bot.charts.history import history_chart
from bot.chat import ChatPort, Reply, parse_user_mention
from bot.commands import Autocomplete, CommandOptions, NoOptions, Permission, UserOption
from bot.context import CommandContext, Services
from bot.deadlines import Deadline
from bot.errors import BadOption, NotFound
from bot.feature import Feature
from bot.store import Workspace
from bot.user_text import quote_input
from handlers.mock.charts import history_data
from handlers.mock.feedback import register_feedback
from handlers.mock.plan import PHASES, STANDARD_PLAN, parse_plan, plan_for
from handlers.mock.render import EXTEND_BUTTON_MINUTES, history, resume_button, status_card, summary
from handlers.mock.service import MockDue, MockService
from handlers.mock.session import MockSession
from handlers.mock.starting import start_mock
from handlers.mock.timer_batch import TimerBatch
from question_bank import BarLevel

feature = Feature()
register = feature.register


class StartOptions(CommandOptions):
    """The options of /mock start."""

    question: Annotated[str | None, Autocomplete("question")] = Field(
        default=None, description="question id (default: one you have not had yet)", max_length=60
    )
    partner: Annotated[str | None, UserOption()] = Field(default=None, description="who practises with you")
    minutes: int | None = Field(default=None, ge=20, le=90, description="20-90 minutes (45 is the standard round)")
    level: BarLevel | None = Field(default=None, description="the bar to practise against")
    role: Literal["candidate", "interviewer"] = Field(default="candidate", description="your role in this mock")
    barraiser: bool = Field(
        default=False, description="on: the bar raiser probes in the deep dive and scores at the end"
    )
    interruptions: bool = Field(
        default=False, description="on: a Leadership Principle question during high-level design"
    )
    interviewer: Literal["bot", "none"] | None = Field(
        default=None, description="bot: the bot interviews you (the default alone); none: a silent timer"
    )


class ExtendOptions(CommandOptions):
    """The options of /mock extend."""

    minutes: int = Field(default=5, ge=1, le=30, description="minutes to add to the current phase (1-30)")


class PlanOptions(CommandOptions):
    """The options of /mock plan."""

    plan: str | None = Field(
        default=None, description="five minutes per phase like 7,5,13,13,7, or reset", max_length=60
    )


def workspace_of(context: CommandContext) -> Workspace:
    """The workspace a command was given in: the scope of its mocks."""
    return Workspace(context.channel.platform.value, context.channel.workspace)


def plan_key(context: CommandContext) -> str:
    """Where this workspace's own phase plan is kept."""
    return context.services.store.key(workspace_of(context), "mock-plan")


async def session_here(context: CommandContext, service: MockService) -> MockSession:
    """The mock of the thread the command was typed in, else the user's running mock."""
    scope = workspace_of(context)
    if context.thread is not None:
        session = await service.sessions.for_thread(scope, context.thread.id)
        if session is not None:
            return session
    session = await service.sessions.active_for(scope, context.user.id)
    if session is None:
        raise NotFound("There is no mock here. Use this in a mock's thread, or start one with /mock start.")
    return session


_VERBS = {"pause": "pause", "resume": "resume", "extend": "extend", "next": "skip a phase of", "end": "end"}


async def _control(context: CommandContext, session: MockSession, action: str, minutes: int = 0) -> None:
    """Pause, resume, extend, skip or end `session` for whoever may, with a notice in its thread."""
    service = MockService(context.services, context.chat)
    service.check_participant(session, context.user, context.is_admin, _VERBS[action])
    who = context.user.mention
    changes = {
        "pause": (service.pause, f"⏸ Paused by {who}. /mock resume to continue."),
        "resume": (service.resume, f"▶ Resumed by {who}."),
        "extend": (service.extender(minutes), f"⏩ {who} added {minutes} min to this phase."),
        "next": (service.skip, f"⏭ {who} moved on to the next phase."),
        "end": (service.finish, f"⏹ {who} ended the mock."),
    }
    change, notice = changes[action]
    # The pause notice carries Resume: the status message's own button only changes by an edit,
    # which not every front-end can show (the console prints one line per edit).
    buttons = (resume_button(session),) if action == "pause" else ()
    await service.control(session, change, Reply(text=notice, buttons=buttons))
    await context.respond(Reply(text=f"Done: {action}.", ephemeral=True))


async def _by_command(context: CommandContext, action: str) -> None:
    service = MockService(context.services, context.chat)
    await _control(context, await session_here(context, service), action)


async def _by_button(context: CommandContext, session_id: str, action: str) -> None:
    service = MockService(context.services, context.chat)
    await _control(context, await service.load(workspace_of(context), session_id), action)


@feature.command(
    "mock",
    subcommand="start",
    help="Start a timed 45-minute mock in a thread (question, partner, minutes, level, role)",
    options=StartOptions,
    positional=("question",),
)
async def start(context: CommandContext, options: StartOptions) -> None:
    """/mock start: a timed mock in a thread of its own (private with a partner); one per thread."""
    saved = await context.services.store.redis.get(plan_key(context))
    base = parse_plan(str(saved)) if saved else None
    minutes = options.minutes or (sum(base) if base else sum(STANDARD_PLAN))
    partner = None
    if options.partner:
        partner = parse_user_mention(options.partner, context.user.platform, context.user.workspace)
        if partner is None:
            raise BadOption(f"partner must be a person, like @name (got '{quote_input(options.partner)}').")
        if partner.id == context.user.id:
            raise BadOption("Your partner must be someone else. Leave partner out to practise alone.")
    if options.interviewer == "bot" and partner is not None:
        raise BadOption(
            "With a partner, your partner interviews and the bot keeps time. "
            "Leave interviewer out (or add barraiser:on for the bot's probes)."
        )
    ai_interviewer = partner is None and options.interviewer != "none" and options.role == "candidate"
    await start_mock(
        context, options.question, partner, plan_for(minutes, base), options.level, options.role, options.barraiser,
        interruptions=options.interruptions, ai_interviewer=ai_interviewer,
    )  # fmt: skip


@feature.command("mock", subcommand="pause", help="Pause the mock of this thread")
async def pause(context: CommandContext, options: NoOptions) -> None:
    """/mock pause: stop the clock of this thread's mock."""
    await _by_command(context, "pause")


@feature.action("mock", "pause")
async def pause_button(context: CommandContext, session_id: str) -> None:
    """The Pause button."""
    await _by_button(context, session_id, "pause")


@feature.command("mock", subcommand="resume", help="Resume a paused mock")
async def resume(context: CommandContext, options: NoOptions) -> None:
    """/mock resume: start the clock again where it stopped."""
    await _by_command(context, "resume")


@feature.action("mock", "resume")
async def resume_button_pressed(context: CommandContext, session_id: str) -> None:
    """The Resume button."""
    await _by_button(context, session_id, "resume")


@feature.command("mock", subcommand="next", help="Skip to the next phase")
async def next_phase(context: CommandContext, options: NoOptions) -> None:
    """/mock next: move on from the phase the clock says you are in."""
    await _by_command(context, "next")


@feature.action("mock", "next")
async def next_button(context: CommandContext, session_id: str) -> None:
    """The Next phase button."""
    await _by_button(context, session_id, "next")


@feature.command("mock", subcommand="end", help="End the mock now")
async def end(context: CommandContext, options: NoOptions) -> None:
    """/mock end: end the mock now, with its summary."""
    await _by_command(context, "end")


@feature.action("mock", "end")
async def end_button(context: CommandContext, session_id: str) -> None:
    """The End button."""
    await _by_button(context, session_id, "end")


@feature.command(
    "mock", subcommand="extend", help="Add 1-30 minutes to the current phase", options=ExtendOptions,
    positional=("minutes",),
)  # fmt: skip
async def extend_command(context: CommandContext, options: ExtendOptions) -> None:
    """/mock extend: more minutes for the current phase."""
    service = MockService(context.services, context.chat)
    await _control(context, await session_here(context, service), "extend", options.minutes)


@feature.action("mock", "extend")
async def extend_button(context: CommandContext, session_id: str) -> None:
    """The +5 min button."""
    service = MockService(context.services, context.chat)
    await _control(context, await service.load(workspace_of(context), session_id), "extend", EXTEND_BUTTON_MINUTES)


@feature.command("mock", subcommand="status", help="Show where the mock of this thread stands")
async def status(context: CommandContext, options: NoOptions) -> None:
    """/mock status: the live status card (or the summary of a mock that is over), only to you."""
    service = MockService(context.services, context.chat)
    session = await session_here(context, service)
    question = service.question(session)
    now = context.services.clock.now()
    card = summary(session, question) if session.over else status_card(session, question, now)
    await context.respond(replace(card, buttons=(), ping=None, ephemeral=True))


@feature.command("mock", subcommand="history", help="Your past mocks: questions, time, feedback")
async def show_history(context: CommandContext, options: NoOptions) -> None:
    """/mock history: your past mocks with their times and feedback."""
    service = MockService(context.services, context.chat)
    sessions = await service.sessions.history(workspace_of(context), context.user.id)
    titles = {question.id: question.title for question in context.services.bank}
    data = history_data(sessions)
    chart = history_chart(data) if data is not None else None
    reply = history(sessions, titles, context.user.id)
    await context.respond(await context.services.charts.attach(reply, chart, owner=context.user))


@feature.command(
    "mock", subcommand="plan", help="Show or set this workspace's phase plan", options=PlanOptions,
    permission=Permission.ADMIN, positional=("plan",),
)  # fmt: skip
async def plan(context: CommandContext, options: PlanOptions) -> None:
    """/mock plan: show the phase plan, or set (or reset) this workspace's."""
    key = plan_key(context)
    if options.plan and options.plan.strip().lower() == "reset":
        await context.services.store.redis.delete(key)
    elif options.plan:
        await context.services.store.redis.set(key, ",".join(str(m) for m in parse_plan(options.plan)))
    saved = await context.services.store.redis.get(key)
    minutes = parse_plan(str(saved)) if saved else STANDARD_PLAN
    lines = [f"{phase.label}: {value} min" for phase, value in zip(PHASES, minutes, strict=True)]
    origin = "this workspace's plan" if saved else "the standard 45-minute framework"
    text = f"Using {origin}.\n" + "\n".join(lines)
    await context.respond(Reply(title=f"Mock plan · {sum(minutes)} min", text=text, ephemeral=True))


feature.include(register_feedback)


async def on_deadlines(
    services: Services, chat: ChatPort, deadlines: list[Deadline[MockDue]], now: datetime
) -> list[Exception | None]:
    """Many mocks' announcements and status refreshes due together: each said once, sharing Redis round trips."""
    return await TimerBatch(MockService(services, chat)).run(deadlines, now)


@feature.deadline(MockDue, batch=on_deadlines)
async def on_deadline(services: Services, chat: ChatPort, deadline: Deadline[MockDue], now: datetime) -> None:
    """A mock's announcement or status refresh is due: said once, across every process."""
    await MockService(services, chat).on_deadline(deadline, now)
