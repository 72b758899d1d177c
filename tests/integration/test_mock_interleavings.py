"""A property over random interleavings of the timer and the controls (issue 14, item 2).

Whatever the order of due times (on time, or late by up to two minutes: shorter than any phase)
and of Next, Pause, Resume, Extend and End, every phase that had time is announced exactly once,
in order, nothing is said twice, and the summary's times add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.chat import ThreadRef
from bot.clock import FakeClock
from handlers.mock.session import MockSession, SessionStore
from tests.fakes.chat import channel
from tests.integration.mock_harness import MockHarness

PHASE = re.compile(r"^Phase (\d)/5 · ")
SUMMARY_LINE = re.compile(r"^[^:]+: (\d+):(\d\d) of \d+:\d\d")

Op = tuple[str, int]
OPS = st.one_of(
    st.tuples(st.just("wait"), st.integers(1, 900)),  # time passes; the timer fires at every due time
    st.tuples(st.just("reach"), st.just(0)),  # the clock reaches the next due time; the timer has not fired
    st.tuples(st.just("lag"), st.integers(1, 120)),  # time passes; the timer is late (a busy or slow poller)
    st.tuples(st.just("poll"), st.just(0)),  # the timer fires
    st.tuples(st.sampled_from(["next", "pause", "resume", "end"]), st.just(0)),
    st.tuples(st.just("extend"), st.integers(1, 5)),
)


@dataclass
class Run:
    mock: MockHarness
    thread: ThreadRef
    said: list[str] = field(default_factory=list)

    async def next_due(self, *, announcements_only: bool = False) -> float | None:
        """When the next deadline falls due (with `announcements_only`, leaving out status refreshes)."""
        queue = self.mock.queue
        pending = await queue.store.redis.zrange(queue.queue_key, 0, -1, withscores=True)
        due = [score for member, score in pending if not announcements_only or '"e":"status"' not in member]
        return float(due[0]) / 1000 if due else None

    async def live(self, seconds: float) -> None:
        """Let time pass as a live bot sees it: the timer fires at each due time."""
        clock = self.mock.clock
        target = clock.now().timestamp() + seconds
        while (due := await self.next_due()) is not None and due <= target:
            clock.advance(max(due - clock.now().timestamp(), 0.0))
            await self.mock.queue.run_due()
        clock.advance(max(target - clock.now().timestamp(), 0.0))

    async def apply(self, op: Op) -> None:
        kind, amount = op
        if kind == "wait":
            await self.live(amount)
        elif kind == "reach":
            due = await self.next_due(announcements_only=True)
            if due is not None:
                self.mock.clock.advance(max(due - self.mock.clock.now().timestamp(), 0.0))
        elif kind == "lag":
            self.mock.clock.advance(amount)
        elif kind == "poll":
            await self.mock.queue.run_due()
        else:
            command = f"/mock extend {amount}" if kind == "extend" else f"/mock {kind}"
            await self.mock.run(command, thread=self.thread)

    async def session(self) -> MockSession:
        session = await SessionStore(self.mock.app.services.store).for_thread(channel(), self.thread.id)
        assert session is not None
        return session

    async def finish(self) -> MockSession:
        """Let the mock run out (resumed if paused)."""
        for _ in range(30):
            session = await self.session()
            if session.over:
                return session
            if session.paused_at is not None:
                await self.mock.run("/mock resume", thread=self.thread)
            await self.live(600)
        raise AssertionError("the mock never ended")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, max_size=25))
async def test_every_phase_that_ran_is_announced_once_in_order_and_the_summary_adds_up(
    app: App, clock: FakeClock, ops: list[Op]
) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    run = Run(mock, mock.thread)
    for op in ops:
        await run.apply(op)
    session = await run.finish()

    said = mock.announcements()
    assert len(said) == len(set(said)), said  # nothing twice
    phases = [int(match.group(1)) - 1 for line in said if (match := PHASE.match(line))]
    assert phases == sorted(phases), said  # in order
    ran = [index for index, seconds in enumerate(session.durations) if seconds > 0]
    assert set(ran) <= set(phases), (said, session.durations)  # every phase that had time
    assert [line for line in said if line.startswith("Mock over")] == [said[-1]]

    summary = next(reply.text for reply in mock.posts() if reply.text.startswith("Mock over"))
    times = [SUMMARY_LINE.match(line) for line in summary.splitlines()[1:]]
    taken = sum(int(match.group(1)) * 60 + int(match.group(2)) for match in times if match)
    assert session.ended_at is not None
    active = (session.ended_at - session.started_at).total_seconds() - session.paused_seconds
    assert taken == round(active) == round(sum(session.durations)), (summary, session.durations, active)
