"""Starting a mock: pick the question, open the thread, post the card and status, brief the interviewer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from bot.chat import MessageRef, Reply, ThreadRef, UserRef
from bot.context import CommandContext
from bot.errors import UserError
from bot.store import Workspace
from bot.text_split import truncate
from handlers.mock.plan import PHASES
from handlers.mock.render import interviewer_guide, status_card
from handlers.mock.service import MockService, new_session_id
from handlers.mock.session import MockSession, Participant
from handlers.mock.timeline import clock_text, phase_bounds
from handlers.question_cards import question_card
from handlers.question_picking import filter_questions, find_question, pick_unseen
from handlers.seen_questions import mark_seen, seen_ids
from handlers.transcripts import track_thread
from question_bank import BarLevel, Level, Question


async def choose_question(
    context: CommandContext, question_id: str | None, candidate: UserRef | None, level: Level | None
) -> Question:
    """The question asked for, or one the candidate has not seen (at `level`, if given)."""
    if question_id:
        return find_question(context.services.bank, question_id)
    candidates = filter_questions(context.services.bank, level, None)
    seen = await seen_ids(context.services.store, candidate) if candidate else set()
    return pick_unseen(candidates, seen, context.services.rng)


def scope_of(context: CommandContext) -> Workspace:
    """The workspace a command was typed in."""
    return Workspace(context.channel.platform.value, context.channel.workspace)


async def refuse_if_running(service: MockService, context: CommandContext, thread_id: str) -> None:
    """Refuse a second mock in a thread, pointing at the running one (a claim whose mock is over is freed)."""
    scope = scope_of(context)
    holder = await service.running.holder(scope, thread_id)
    if holder is None:
        return
    session = await service.sessions.load(scope, holder)
    if session is None:
        raise UserError(f"A mock is starting in this thread right now (session {holder}). Follow it here.")
    if session.over:  # its end was said but the claim outlived it: free the thread
        await service.running.release_thread(scope, thread_id, holder)
        return
    now = context.services.clock.now()
    index = session.phase_index(now)
    where = "it is ending"
    if index is not None:
        left = phase_bounds(session.durations)[index][1] - session.clockwork.elapsed(now)
        paused = ", paused" if session.paused_at is not None else ""
        where = f"phase {index + 1}/{len(session.durations)} · {PHASES[index].label}, {clock_text(left)} left{paused}"
    raise UserError(
        f"A mock is already running in this thread ({where}; session {session.id}). "
        "Use its buttons or /mock status here; /mock end ends it before you start another."
    )


async def claim_thread(service: MockService, context: CommandContext, thread_id: str, session_id: str) -> None:
    """Claim the thread for a new mock, atomically across processes, or refuse pointing at its mock."""
    for _ in range(2):  # a claim left by a mock that is over is freed, then claimed again
        if await service.running.claim_thread(scope_of(context), thread_id, session_id) is None:
            return
        await refuse_if_running(service, context, thread_id)
    raise UserError("Another mock is starting in this thread right now. Follow it here.")


async def open_mock_thread(
    context: CommandContext, intro: Reply, name: str, partner: UserRef | None, in_thread: ThreadRef | None
) -> ThreadRef:
    """The pair's own thread (intro posted in it), or a new thread under the intro in the channel."""
    if in_thread is not None:
        await context.chat.post(in_thread, intro)
        await context.respond(Reply(text="Mock started in this thread.", ephemeral=True))
        return in_thread
    message: MessageRef | None
    if context.thread is None:
        message = await context.respond(intro) or await context.chat.post(context.channel, intro)
    else:  # threads cannot hold threads: start from the channel
        message = await context.chat.post(context.channel, intro)
        note = f"Your mock starts in #{context.channel.name or 'the channel'}."
        await context.respond(Reply(text=note, ephemeral=True))
    members = (context.user, partner) if partner is not None else ()
    return await context.chat.open_thread(message, name, private=partner is not None, members=members)


def intro_reply(starter: UserRef, question: Question, plan_minutes: Sequence[int], *people: UserRef | None) -> Reply:
    """The channel message that opens a mock: who started it, and who plays which role."""
    roles = zip(("Candidate", "Interviewer"), people, strict=True)
    named = " · ".join(f"{label}: {user.mention}" for label, user in roles if user)
    return Reply(
        title=f"Mock · {question.title}",
        text=f"{starter.mention} started a {sum(plan_minutes)}-minute mock. {named}\nFollow it in the thread.",
    )


async def start_mock(
    context: CommandContext,
    question_id: str | None,
    partner: UserRef | None,
    plan_minutes: Sequence[int],
    level: BarLevel | None,
    role: Literal["candidate", "interviewer"],
    barraiser: bool = False,
    *,
    interruptions: bool = False,
    in_thread: ThreadRef | None = None,
    ai_interviewer: bool = False,
) -> MockSession:
    """Open the thread, start the clock and brief the interviewer; one mock per thread across processes."""
    candidate, interviewer = (context.user, partner) if role == "candidate" else (partner, context.user)
    service = MockService(context.services, context.chat)
    if context.thread is not None and in_thread is None:
        await refuse_if_running(service, context, context.thread.id)
    question = await choose_question(context, question_id, candidate, level)
    session_id = new_session_id()
    if in_thread is not None:  # one mock per thread, however many clicks and processes race for it
        await claim_thread(service, context, in_thread.id, session_id)
    try:
        intro = intro_reply(context.user, question, plan_minutes, candidate, interviewer)
        name = truncate(f"Mock {session_id} · {question.title}", 100)
        thread = await open_mock_thread(context, intro, name, partner, in_thread)
        if in_thread is None:
            await claim_thread(service, context, thread.id, session_id)
        now = context.services.clock.now()
        seconds = [float(minutes * 60) for minutes in plan_minutes]
        session = MockSession(
            id=session_id,
            platform=context.channel.platform,
            workspace=context.channel.workspace,
            channel_id=thread.channel.id,
            channel_name=thread.channel.name,
            thread_id=thread.id,
            thread_name=thread.name,
            thread_private=thread.private,
            question_id=question.id,
            level=level,
            candidate=Participant.of(candidate) if candidate else None,
            interviewer=Participant.of(interviewer) if interviewer else None,
            starter=Participant.of(context.user),
            planned=seconds,
            durations=list(seconds),
            started_at=now,
            barraiser=barraiser,
            interruptions=interruptions,
            ai_interviewer=ai_interviewer,
        )
        # Saved before anything is posted in the thread, so a command typed there at once finds it.
        await service.sessions.create(session)
    except BaseException:
        if in_thread is not None:  # nothing was saved: the pair may press again at once
            await service.running.release_thread(scope_of(context), in_thread.id, session_id)
        raise
    await service.running.hold_thread(session.scope, thread.id, session.id)
    await track_thread(context.services.store, thread, "mock")
    await context.chat.post(thread, question_card(question, heading="Your question"))
    status = await context.chat.post(thread, status_card(session, question, now))
    session = (
        await service.sessions.update(
            session.scope, session.id, lambda current: current.model_copy(update={"status_message_id": status.id})
        )
        or session
    )
    if candidate is not None:
        await mark_seen(context.services.store, candidate, question.id)
    if interviewer is not None:
        await context.chat.send_dm(interviewer, interviewer_guide(question, session.durations))
    await service.advance(session.scope, session.id, now)
    return session
