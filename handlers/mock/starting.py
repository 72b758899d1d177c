"""Starting a mock: pick the question, open the thread, post the card and status, brief the interviewer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from bot.chat import Reply, ThreadRef, UserRef
from bot.context import CommandContext
from bot.text_split import truncate
from handlers.mock.render import interviewer_guide, status_card
from handlers.mock.service import MockService, new_session_id
from handlers.mock.session import MockSession, Person
from handlers.question_cards import question_card
from handlers.question_picking import filter_questions, find_question, pick_unseen
from handlers.seen_questions import mark_seen, seen_ids
from handlers.transcripts import track_thread
from question_bank import Level, Question


async def choose_question(
    context: CommandContext, question_id: str | None, candidate: UserRef | None, level: Level | None
) -> Question:
    if question_id:
        return find_question(context.services.bank, question_id)
    candidates = filter_questions(context.services.bank, level, None)
    seen = await seen_ids(context.services.store, candidate) if candidate else set()
    return pick_unseen(candidates, seen, context.services.rng)


async def start_mock(
    context: CommandContext,
    question_id: str | None,
    partner: UserRef | None,
    plan_minutes: Sequence[int],
    level_name: Literal["sde2", "sde3"] | None,
    role: Literal["candidate", "interviewer"],
    barraiser: bool = False,
    *,
    interruptions: bool = False,
    in_thread: ThreadRef | None = None,
) -> MockSession:
    level = Level(level_name) if level_name else None
    candidate, interviewer = (context.user, partner) if role == "candidate" else (partner, context.user)
    question = await choose_question(context, question_id, candidate, level)
    service = MockService(context.services, context.chat)
    session_id = new_session_id()
    people = " · ".join(
        f"{label}: {user.mention}" for label, user in (("Candidate", candidate), ("Interviewer", interviewer)) if user
    )
    intro = Reply(
        title=f"Mock · {question.title}",
        text=f"{context.user.mention} started a {sum(plan_minutes)}-minute mock. {people}\nFollow it in the thread.",
    )
    if in_thread is not None:  # a pair's own private thread
        thread = in_thread
        await context.chat.post(thread, intro)
        await context.respond(Reply(text="Mock started in this thread.", ephemeral=True))
    else:
        if context.thread is None:
            message = await context.respond(intro) or await context.chat.post(context.channel, intro)
        else:  # threads cannot hold threads: start from the channel
            message = await context.chat.post(context.channel, intro)
            note = f"Your mock starts in #{context.channel.name or 'the channel'}."
            await context.respond(Reply(text=note, ephemeral=True))
        members = (context.user, partner) if partner is not None else ()
        name = truncate(f"Mock {session_id} · {question.title}", 100)
        thread = await context.chat.open_thread(message, name, private=partner is not None, members=members)
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
        candidate=Person.of(candidate) if candidate else None,
        interviewer=Person.of(interviewer) if interviewer else None,
        starter=Person.of(context.user),
        planned=seconds,
        durations=list(seconds),
        started_at=now,
        barraiser=barraiser,
        interruptions=interruptions,
    )
    # Saved before anything is posted in the thread, so a command typed there at once finds it.
    await service.sessions.create(session)
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
