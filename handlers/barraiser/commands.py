"""/barraiser [focus | scorecard] in a mock thread."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bot.charts.mock import scorecard_chart
from bot.chat import ChatPort, Reply
from bot.commands import CommandOptions
from bot.context import CommandContext, Services
from bot.deadlines import Deadline
from bot.errors import NotFound
from bot.feature import Feature
from bot.store import Workspace
from handlers import transcripts
from handlers.barraiser.drawings import load_diagram
from handlers.barraiser.models import BarRaiserRequest, Line
from handlers.barraiser.render import NO_TRANSCRIPT, probes_reply, scorecard_bars, scorecard_reply
from handlers.barraiser.service import BarRaiser
from handlers.mock.charts import chart_owner
from handlers.mock.plan import PHASES
from handlers.mock.service import BarRaiserTurn
from handlers.mock.session import SESSION_TTL, MockSession, SessionStore
from handlers.star import expect_star_answer
from question_bank import Level

feature = Feature()
register = feature.register

SCORECARD = "scorecard"


class BarRaiserOptions(CommandOptions):
    """The options of /barraiser: a focus, or `scorecard`."""

    focus: str | None = Field(
        default=None, max_length=200, description="a topic to press on (e.g. failure modes), or: scorecard"
    )


def _asked_key(services: Services, session: MockSession) -> str:
    return services.store.key(session.scope, "barraiser-asked", session.id)


async def build_request(services: Services, session: MockSession, focus: str | None) -> BarRaiserRequest:
    """What the engines read: the mock's question, level, phase, transcript and probes already asked."""
    question = services.bank.get(session.question_id)
    if question is None:
        raise NotFound(f"The question '{session.question_id}' is no longer in the bank.")
    candidate = session.candidate.id if session.candidate else None
    entries = await transcripts.load(services.store, session.scope, session.thread_id)
    lines = tuple(Line(entry["n"], entry["t"], candidate is None or entry["u"] == candidate) for entry in entries)
    index = session.phase_index(services.clock.now())
    asked = {str(text) for text in await services.store.redis.smembers(_asked_key(services, session))}
    return BarRaiserRequest(
        question=question,
        phase=PHASES[index if index is not None else len(PHASES) - 1],
        level=session.level or Level.SDE2,
        transcript=lines,
        asked=frozenset(asked),
        focus=focus,
        probes_asked_before=len(asked),
        diagram=await load_diagram(services.store, session),
    )


async def ask(services: Services, session: MockSession, focus: str | None, user_id: str) -> Reply:
    """Probes for the mock as it stands, from the LLM or the rubric engine (the reply says which)."""
    request = await build_request(services, session, focus)
    answer = await BarRaiser(services).probes(request, session.scope, user_id)
    await remember_asked(services, session, [probe.text for probe in answer.probes])
    return probes_reply(answer.probes, answer.engine, request.phase)


async def remember_asked(services: Services, session: MockSession, texts: list[str]) -> None:
    """Probes put to the candidate in this mock, so none is asked twice."""
    if not texts:
        return
    key = _asked_key(services, session)
    pipe = services.store.redis.pipeline(transaction=True)
    pipe.sadd(key, *texts)
    pipe.expire(key, int(SESSION_TTL.total_seconds()))  # useless once the mock itself is gone
    await pipe.execute()


async def score(services: Services, session: MockSession, user_id: str) -> Reply:
    """The scorecard for the mock as it stands, from the LLM or the rubric engine (the reply says which)."""
    request = await build_request(services, session, None)
    scored = await BarRaiser(services).scorecard(request, session.scope, user_id)
    if scored.scorecard is None:
        return Reply(text=NO_TRANSCRIPT)
    reply = scorecard_reply(scored.scorecard, request.question, request.level, scored.engine)
    chart = scorecard_chart(scorecard_bars(scored.scorecard, request.level))
    return await services.charts.attach(reply, chart, owner=chart_owner(session))


async def interrupt(services: Services, session: MockSession) -> Reply:
    """A Leadership Principle question mid-design, as interviewers do; the answer is a STAR drill."""
    question = services.bank.get(session.question_id)
    if question is None or session.candidate is None:
        raise NotFound("This mock's question is no longer in the bank.")
    probe = services.rng.choice(question.lp_probes)
    await expect_star_answer(services, session.thread, session.candidate.id)
    text = f"{session.candidate.mention} Let me stop you for a moment. {probe.question} (answer with a STAR story)"
    return Reply(title=f"Interruption · {probe.lp.value}", text=text)


# Every message in a mock thread goes into its transcript, which /barraiser and the scorecard read.
feature.on_message(transcripts.capture)


@feature.command(
    "barraiser",
    help="In a mock thread: follow-up probes a Bar Raiser would ask (or: scorecard)",
    options=BarRaiserOptions,
    positional=("focus",),
    slow=True,
)
async def barraiser(context: CommandContext, options: BarRaiserOptions) -> None:
    """/barraiser: probes in a mock thread, or its scorecard."""
    scope = Workspace(context.channel.platform.value, context.channel.workspace)
    session = (
        await SessionStore(context.services.store).for_thread(scope, context.thread.id) if context.thread else None
    )
    if session is None:
        raise NotFound("Use /barraiser inside a mock's thread (start one with /mock start).")
    focus = (options.focus or "").strip()
    if focus.lower() == SCORECARD:
        await context.respond(await score(context.services, session, context.user.id))
    else:
        await context.respond(await ask(context.services, session, focus or None, context.user.id))


@feature.deadline(BarRaiserTurn)
async def interject(services: Services, chat: ChatPort, deadline: Deadline[BarRaiserTurn], now: datetime) -> None:
    """`/mock start barraiser:on`: probes early in the deep dive and in trade-offs, a scorecard at the end."""
    turn = deadline.payload
    scope = Workspace(chat.platform.value, turn.workspace)
    session = await SessionStore(services.store).load(scope, turn.session_id)
    if session is None:
        return
    claim = services.store.key(scope, "barraiser-interjected", session.id, turn.what)
    if not await services.store.claim_once(claim, 7 * 86_400):
        return
    if turn.what == "lp":
        if session.over or session.paused_at is not None or session.candidate is None:
            return
        reply = await interrupt(services, session)
    elif turn.what == SCORECARD:
        reply = await score(services, session, session.starter.id)
    elif session.over or session.paused_at is not None:
        return
    else:
        reply = await ask(services, session, None, session.starter.id)
    await chat.post(session.thread, reply)
