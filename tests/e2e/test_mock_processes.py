"""Whole bot processes on one real Redis: killed mid-mock and restarted, and two at once."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from tests.bot_redis import BotRedis

REPO = Path(__file__).resolve().parents[2]
HEADER = re.compile(r"^#general › Mock (?P<session>[0-9a-f]{8}) · .* · practice-partner$")
ANNOUNCEMENT = re.compile(r"^(Phase \d/5 · [^·]+·\s*\d+ min|⏳ One minute left in phase \d/5|Mock over)")
PHASE_STARTS = [f"Phase {n}/5" for n in range(1, 6)]


class ConsoleProcess:
    """`python -m bot console` with its input kept open. Its output and its log are read all the time, by tasks
    of their own: a pipe nobody reads fills up and stops the process at its next write."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self.log: list[str] = []
        self.arrived = asyncio.Event()
        assert process.stdout is not None and process.stderr is not None
        self._readers = [
            asyncio.create_task(self._collect(process.stdout, self.lines)),
            asyncio.create_task(self._collect(process.stderr, self.log)),
        ]

    @classmethod
    async def start(cls, redis: BotRedis, *args: str) -> ConsoleProcess:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
        env.update(redis.env())
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "console", *args, cwd=REPO, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        return cls(process)

    async def _collect(self, stream: asyncio.StreamReader, into: list[str]) -> None:
        async for raw in stream:
            into.append(raw.decode().rstrip("\n"))
            self.arrived.set()
        self.arrived.set()

    @property
    def output_ended(self) -> bool:
        return self._readers[0].done()

    def tail(self, log: int = 15) -> str:
        return "\n".join(["output:", *self.lines[-30:], "log:", *self.log[-log:]])

    async def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines).encode())
        await self.process.stdin.drain()

    async def read_until(self, predicate: str, *, count: int = 1, timeout: float = 60) -> None:  # noqa: ASYNC109
        """Wait until `predicate` has appeared in `count` lines of output."""
        if not await until(lambda: sum(predicate in line for line in self.lines) >= count, [self], timeout):
            raise TimeoutError(f"no {predicate!r} x{count} in:\n" + self.tail())

    async def finish(self) -> int:
        """End the input; the console exits by itself."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            await asyncio.wait_for(asyncio.gather(*self._readers), 60)
            return await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.send_signal(signal.SIGUSR1)  # the bot prints every thread's stack: where it is stuck
            await asyncio.sleep(2)
            stuck = self.tail(log=60)
            await self.kill()  # not left running past the test
            raise AssertionError("the console did not end after its input did:\n" + stuck) from None

    async def kill(self) -> None:
        self.process.kill()  # SIGKILL: no chance to clean up
        await self.process.wait()
        await asyncio.gather(*self._readers)


async def until(condition: Callable[[], bool], consoles: list[ConsoleProcess], timeout: float) -> bool:  # noqa: ASYNC109
    """Wait, as the consoles' output arrives, until `condition` holds (True) or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if any(console.output_ended for console in consoles):
            raise AssertionError("a console ended early:\n" + "\n".join(console.tail() for console in consoles))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        for console in consoles:
            console.arrived.clear()
        arrivals = [asyncio.create_task(console.arrived.wait()) for console in consoles]
        await asyncio.wait(arrivals, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
        for arrival in arrivals:
            arrival.cancel()
    return True


def announcements(lines: list[str]) -> list[tuple[str, str]]:
    """(session id, announcement) pairs in the order a console printed them."""
    said = []
    for header, body in itertools.pairwise(lines):
        match = HEADER.match(header)
        found = ANNOUNCEMENT.match(body.strip()) if match else None
        if match and found:
            said.append((match.group("session"), found.group(1).split(" · ")[0].strip()))
    return said


def timeline(speed: int) -> list[str]:
    return ["--speed", str(speed), "--start", "2026-03-02T09:00", "--clock-anchor", str(time.time())]


async def test_sigusr1_prints_every_threads_stack_and_the_console_goes_on(bot_redis: BotRedis) -> None:
    console = await ConsoleProcess.start(bot_redis, *timeline(speed=1))
    await console.send("/help")
    await console.read_until("/mock")
    console.process.send_signal(signal.SIGUSR1)

    def main_thread_in_the_bot() -> bool:
        return any('File "' in line and "bot/cli.py" in line for line in console.log)

    assert await until(main_thread_in_the_bot, [console], 30), console.tail(log=60)
    assert any("most recent call first" in line for line in console.log)
    await console.send("/help")
    await console.read_until("/mock", count=2)  # still answering
    assert await console.finish() == 0


async def test_a_console_killed_mid_mock_shows_the_rest_after_a_restart(bot_redis: BotRedis) -> None:
    args = timeline(speed=300)
    first = await ConsoleProcess.start(bot_redis, *args)
    await first.send("/mock start url-shortener")
    await first.read_until("Phase 3/5", timeout=60)
    await first.kill()
    second = await ConsoleProcess.start(bot_redis, *args)  # same workspace, same simulated timeline
    await second.read_until("Mock over · ", timeout=60)  # the summary, not the status card saying so
    assert await second.finish() == 0

    before, after = announcements(first.lines), announcements(second.lines)
    assert {session for session, _ in before + after} == {before[0][0]}
    starts_before = [line for _, line in before if line.startswith("Phase")]
    starts_after = [line for _, line in after if line.startswith("Phase")]
    assert starts_before == PHASE_STARTS[:3]
    assert starts_after == PHASE_STARTS[3:]  # the phases still to come, once each, nothing repeated
    assert [line for _, line in after][-1] == "Mock over"
    said = Counter(line for _, line in before + after)
    assert all(times == 1 for times in said.values()), said


async def test_two_processes_on_one_redis_announce_60_mocks_exactly_once(bot_redis: BotRedis) -> None:
    # The deadlines' claims between processes at scale are tested in process (tests/integration/
    # test_several_processes.py); here two whole processes, each with its own event loop and connections.
    mocks = 60
    args = timeline(speed=300)
    creator = await ConsoleProcess.start(bot_redis, *args)
    helper = await ConsoleProcess.start(bot_redis, *args)
    opening = ("/mock start url-shortener interviewer:none", "/leave")
    await creator.send(*[line for _ in range(mocks) for line in opening])
    await creator.read_until("thread opened", count=mocks, timeout=120)

    def total_ended() -> int:
        return sum(line == "Mock over" for _, line in announcements(creator.lines) + announcements(helper.lines))

    await until(lambda: total_ended() >= mocks, [creator, helper], timeout=180)
    assert await asyncio.gather(creator.finish(), helper.finish()) == [0, 0]

    by_session: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for session, line in announcements(creator.lines) + announcements(helper.lines):
        by_session[session][line] += 1
    assert len(by_session) == mocks
    for session, said in by_session.items():
        assert all(said[start] == 1 for start in PHASE_STARTS), (session, said)
        assert said["Mock over"] == 1, (session, said)
        assert all(times == 1 for times in said.values()), (session, said)  # nothing twice
    assert announcements(helper.lines), "the second process took no part"
