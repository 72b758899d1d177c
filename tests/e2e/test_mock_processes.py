"""Whole bot processes on one real Redis: killed mid-mock and restarted, and two at once."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from tests.bot_redis import BotRedis

REPO = Path(__file__).resolve().parents[2]
HEADER = re.compile(r"^#general › Mock (?P<session>[0-9a-f]{8}) · .* · practice-partner$")
ANNOUNCEMENT = re.compile(r"^(Phase \d/5 · [^·]+·\s*\d+ min|⏳ One minute left in phase \d/5|Mock over)")
PHASE_STARTS = [f"Phase {n}/5" for n in range(1, 6)]


class ConsoleProcess:
    """`python -m bot console` with its input kept open, read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []

    @classmethod
    async def start(cls, redis: BotRedis, *args: str) -> ConsoleProcess:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
        env.update(redis.env())
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "console", *args, cwd=REPO, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        return cls(process)

    async def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines).encode())
        await self.process.stdin.drain()

    async def read_until(self, predicate: str | None = None, *, count: int = 1, timeout: float = 60) -> None:  # noqa: ASYNC109
        """Read output until `predicate` appeared `count` times (or, with None, until the end)."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while predicate is None or sum(predicate in line for line in self.lines) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {predicate!r} x{count} in:\n" + "\n".join(self.lines[-30:]))
            raw = await asyncio.wait_for(self.process.stdout.readline(), remaining)
            if not raw:
                if predicate is None:
                    return
                raise AssertionError("the console ended early:\n" + "\n".join(self.lines[-30:]))
            self.lines.append(raw.decode().rstrip("\n"))

    async def finish(self) -> int:
        """End the input; the console exits by itself."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.read_until(None, timeout=30)
        return await asyncio.wait_for(self.process.wait(), 30)

    async def kill(self) -> None:
        self.process.kill()  # SIGKILL: no chance to clean up
        await self.process.wait()


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


async def test_two_processes_on_one_redis_announce_200_mocks_exactly_once(bot_redis: BotRedis) -> None:
    args = timeline(speed=300)
    creator = await ConsoleProcess.start(bot_redis, *args)
    helper = await ConsoleProcess.start(bot_redis, *args)
    await creator.send(*[line for _ in range(200) for line in ("/mock start url-shortener interviewer:none", "/leave")])
    await creator.read_until("thread opened", count=200, timeout=120)

    async def total_ended() -> int:
        return sum(line == "Mock over" for _, line in announcements(creator.lines) + announcements(helper.lines))

    deadline = time.monotonic() + 180
    while await total_ended() < 200 and time.monotonic() < deadline:
        for console in (creator, helper):
            with contextlib.suppress(TimeoutError):
                await console.read_until("\x00", timeout=0.5)  # read whatever arrived
    assert await creator.finish() == 0
    assert await helper.finish() == 0

    by_session: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for session, line in announcements(creator.lines) + announcements(helper.lines):
        by_session[session][line] += 1
    assert len(by_session) == 200
    for session, said in by_session.items():
        assert all(said[start] == 1 for start in PHASE_STARTS), (session, said)
        assert said["Mock over"] == 1, (session, said)
        assert all(times == 1 for times in said.values()), (session, said)  # nothing twice
    assert announcements(helper.lines), "the second process took no part"
