"""The AI interviewer at work in a mock thread: it hears the candidate, and speaks when its turn is due.

Every time-driven step is a deadline (bot/deadlines.py) claimed by one process: the answer to a burst
(after a pause, or at once for a direct question), the words at a phase's start, the nudge after a
silence, the scorecard at the end. The LLM voices a turn when configured and within limits; the
offline interviewer answers otherwise or when the LLM fails, and both keep the same state, so a
failure mid-interview loses nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from bot import metrics
from bot.chat import ChatPort, IncomingMessage, Reply, ThreadRef
from bot.context import Services
from bot.llm import LlmUnavailable
from bot.store import Workspace
from handlers import transcripts
from handlers.barraiser.commands import score
from handlers.interviewer.llm import CALLS_PER_MOCK, LlmInterviewer
from handlers.interviewer.moments import key_moments
from handlers.interviewer.offline import Answer, Turn, offline_reply
from handlers.interviewer.openings import NUDGE, phase_opening
from handlers.interviewer.pace import NUDGES, SILENCE, answer_at, ready
from handlers.interviewer.state import Heard, InterviewState, InterviewStore, heard, take_burst
from handlers.mock.payloads import InterviewerTurn
from handlers.mock.plan import PHASES
from handlers.mock.session import MockSession, SessionStore
from handlers.mock.timeline import phase_bounds
from handlers.star import star_answer_expected
from question_bank import Phase

AI = "AI interviewer"
OFFLINE = "offline interviewer"
FELL_BACK = "offline interviewer: the AI interviewer is unavailable right now"
PLACEHOLDER_AFTER_SECONDS = 0.5  # an AI answer slower than this shows a placeholder first (seen within 1 s)
PLACEHOLDER = "_The interviewer is thinking…_"
CLAIM_TTL = 7 * 86_400


def interviewer_reply(text: str, engine: str) -> Reply:
    """A message from the interviewer, saying which engine wrote it."""
    return Reply(text=text, footer=f"Interviewer · {engine}")


class Interviewer:
    """Hears the candidate's lines and takes the interviewer's turns of the mocks it runs."""

    def __init__(self, services: Services, chat: ChatPort) -> None:
        self.services = services
        self.chat = chat
        self.sessions = SessionStore(services.store)
        self.states = InterviewStore(services.store)
        self.queue = services.queue_for(chat.platform)
        self.llm = LlmInterviewer(services.llm) if services.llm is not None else None

    # -- hearing ---------------------------------------------------------------------------------

    async def hear(self, message: IncomingMessage) -> None:
        """Keep a candidate's line for the next answer and schedule that answer (once per message)."""
        place = message.message.place
        if not isinstance(place, ThreadRef):
            return
        scope = Workspace(place.platform.value, place.channel.workspace)
        session = await self.sessions.for_thread(scope, place.id)
        if session is None or not session.ai_interviewer or session.over or session.candidate is None:
            return
        if message.author.id != session.candidate.id or not message.text.strip():
            return
        if await star_answer_expected(self.services, place, message.author.id):
            return  # the answer to an interruption's LP question: the STAR drill replies, the interview resumes after
        now = self.services.clock.now()
        await self.states.create(scope, session.id)
        line = Heard(id=message.message.id, text=message.text, at=now)
        new = await self.states.update(scope, session.id, lambda state: heard(state, line))
        if not new:
            return
        state = await self.states.load(scope, session.id)
        due = answer_at(state.pending) if state is not None else None
        if due is not None:
            await self.queue.schedule(self._turn(session, "reply"), due)
        if session.phase_index(now) == PHASES.index(Phase.HIGH_LEVEL):
            await self.queue.schedule(self._turn(session, "silence"), now + SILENCE)

    @staticmethod
    def _turn(session: MockSession, what: str, phase: int = 0) -> InterviewerTurn:
        return InterviewerTurn.model_validate({"ws": session.workspace, "sid": session.id, "what": what, "p": phase})

    # -- speaking --------------------------------------------------------------------------------

    async def take_turn(self, turn: InterviewerTurn, now: datetime) -> None:
        """The interviewer's turn that fell due: said by the one process that claims it."""
        scope = Workspace(self.chat.platform.value, turn.workspace)
        session = await self.sessions.load(scope, turn.session_id)
        if session is None or not session.ai_interviewer:
            return
        await self.states.create(scope, session.id)  # the first turn starts the interview's memory
        if turn.what == "end":
            if await self._claim(session, "end"):
                await self._end(session)
            return
        if session.over or session.paused_at is not None:
            return
        if turn.what == "phase":
            if await self._claim(session, f"phase-{turn.phase}"):
                await self._open_phase(session, PHASES[turn.phase], now)
        elif turn.what == "reply":
            await self._answer(session, now)
        else:
            await self._nudge(session, now)

    async def _claim(self, session: MockSession, what: str) -> bool:
        key = self.services.store.key(session.scope, "interviewer-said", session.id, what)
        return await self.services.store.claim_once(key, CLAIM_TTL)

    async def _said(self, session: MockSession, burst: Sequence[str] = ()) -> tuple[str, ...]:
        """Every line the candidate wrote in the mock so far (the burst last, even if not captured yet)."""
        entries = await transcripts.load(self.services.store, session.scope, session.thread_id)
        candidate = session.candidate.id if session.candidate else None
        lines = [entry["t"] for entry in entries if entry["u"] == candidate]
        missing = [line for line in burst if line not in lines]
        return (*lines, *missing)

    async def _open_phase(self, session: MockSession, phase: Phase, now: datetime) -> None:
        state = await self.states.load(session.scope, session.id)
        if state is None:
            return
        question = self.services.bank.get(session.question_id)
        if question is None:
            return
        said = await self._said(session)
        answer = phase_opening(question, phase, said, state)
        turn = Turn(question, phase, (), said, state)
        await self._speak(session, turn, answer, now)

    async def _answer(self, session: MockSession, now: datetime) -> None:
        burst = await self.states.update(session.scope, session.id, lambda s: take_burst(s, lambda p: ready(p, now)))
        if not burst:
            return
        state = await self.states.load(session.scope, session.id)
        question = self.services.bank.get(session.question_id)
        index = session.phase_index(now)
        if state is None or question is None or index is None:
            return
        texts = tuple(line.text for line in burst)
        turn = Turn(question, PHASES[index], texts, await self._said(session, texts), state)
        await self._speak(session, turn, offline_reply(turn), now)

    async def _nudge(self, session: MockSession, now: datetime) -> None:
        if session.phase_index(now) != PHASES.index(Phase.HIGH_LEVEL):
            return

        def nudge(state: InterviewState) -> tuple[InterviewState, bool]:
            quiet_since = state.last_heard_at or session.started_at
            if state.nudges >= NUDGES or quiet_since + SILENCE > now:
                return state, False
            return state.model_copy(update={"nudges": state.nudges + 1}), True

        if await self.states.update(session.scope, session.id, nudge):
            await self.chat.post(session.thread, interviewer_reply(NUDGE, OFFLINE))
            await self.queue.schedule(self._turn(session, "silence"), now + SILENCE)

    async def _speak(self, session: MockSession, turn: Turn, answer: Answer, now: datetime) -> None:
        """Say the answer, voiced by the LLM when it may; keep the interviewer's memory either way."""
        text, engine, posted = answer.text, OFFLINE, False
        calls = 0
        if self.llm is not None and session.candidate is not None and turn.state.llm_calls < CALLS_PER_MOCK:
            if await self.llm.client.take_allowance(session.scope, session.candidate.id):
                calls = 1
                text, engine, posted = await self._voiced(session, turn, answer, now)
            else:
                engine = f"{OFFLINE}: today's AI allowance is used up"

        def remember(state: InterviewState) -> tuple[InterviewState, None]:
            keep = answer.state.model_dump(exclude={"pending", "answered", "last_heard_at", "nudges", "llm_calls"})
            merged = state.model_copy(update={**keep, "llm_calls": state.llm_calls + calls, "engine": engine})
            return merged, None

        await self.states.update(session.scope, session.id, remember)
        if text and not posted:
            await self.chat.post(session.thread, interviewer_reply(text, engine))

    async def _voiced(
        self, session: MockSession, turn: Turn, answer: Answer, now: datetime
    ) -> tuple[str | None, str, bool]:
        """The LLM's words for this turn (a placeholder first if it is slow, then edited into the answer),
        or the offline ones; and whether the answer is already posted."""
        assert self.llm is not None
        facts = f"OFFLINE INTERVIEWER WOULD SAY: {answer.text or '(nothing: keep listening)'}"
        task = asyncio.ensure_future(self.llm.reply(turn, facts, self._minutes_left(session, now)))
        done, _ = await asyncio.wait({task}, timeout=PLACEHOLDER_AFTER_SECONDS)
        placeholder = None if done else await self.chat.post(session.thread, Reply(text=PLACEHOLDER))
        try:
            text, engine = await task, AI
        except LlmUnavailable:
            metrics.LLM_FALLBACKS.labels("failure").inc()
            text, engine = answer.text, FELL_BACK
        if placeholder is None:
            return text, engine, False
        await self.chat.edit(placeholder, interviewer_reply(text or "Go on.", engine))
        return text, engine, True

    def _minutes_left(self, session: MockSession, now: datetime) -> float | None:
        index = session.phase_index(now)
        if index is None:
            return None
        return (phase_bounds(session.durations)[index][1] - session.clockwork.elapsed(now)) / 60

    async def _end(self, session: MockSession) -> None:
        """The scorecard, and the three moments that moved the lean most."""
        starter = session.candidate.id if session.candidate else session.starter.id
        await self.chat.post(session.thread, await score(self.services, session, starter))
        moments = key_moments(await self._said(session))
        if moments:
            lines = "\n".join(f"{number}. {moment.line()}" for number, moment in enumerate(moments, start=1))
            await self.chat.post(
                session.thread, interviewer_reply(f"Three moments that moved the lean most:\n{lines}", OFFLINE)
            )
