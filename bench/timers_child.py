"""The processes of bench/timers.py: one design (ours or the naive baseline) timed in one bot process.

Started by `python -m bench.timers --variant ...`; each writes its figures to a file for the parent to merge.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench._common import peak_rss_mb, watch_stalls
from bot.chat import ChannelRef, MessageRef, Place, Platform, Reply, ThreadRef, UserRef
from bot.cli import run_event_loop
from bot.clock import SystemClock

LATENESS: list[float] = []  # seconds, one per announcement
POSTED: dict[str, float] = {}  # thread -> when the send call returned (phase 2 announcements only)
SETUP_CHUNK = 40  # the Redis pool holds 100 connections; the poller needs some
SCHEDULE_CHUNK = 200


class BenchChat:
    """A chat whose post returns after an await, noting when it returned: what the user sees."""

    platform = Platform.CONSOLE

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        await asyncio.sleep(0)  # the platform call; the announcement is out when it returns
        if reply.text and reply.text.startswith("Phase 2/5"):
            POSTED[place.id] = time.time()
        return MessageRef(place, "m")

    async def open_thread(self, message: MessageRef, name: str, **_: object) -> ThreadRef:
        raise NotImplementedError

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        return None

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        return None

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        return MessageRef(ChannelRef(Platform.CONSOLE, "bench", "dm"), "m")

    def command_text(self, path: str) -> str:
        return f"/{path}"


def due_times(sessions: range, base: float, window: float) -> dict[int, float]:
    """Each session's announcement time: spread over `window` seconds from `base` (the same in every process)."""
    spread = random.Random(7)
    times = [base + spread.random() * window for _ in range(sessions.stop)]
    return {number: times[number] for number in sessions}


async def in_chunks(calls: list[Any]) -> None:
    for start in range(0, len(calls), SETUP_CHUNK):
        await asyncio.gather(*(call() for call in calls[start : start + SETUP_CHUNK]))


async def ready() -> float:
    """Tell the parent that set-up is done; the base time it answers with (the same in every process)."""
    print("ready", flush=True)
    return float(await asyncio.to_thread(sys.stdin.readline))


def mock(number: int, phase_two_at: datetime) -> Any:
    """Mock `number`, in phase 2 since `phase_two_at` (its next announcement is due later)."""
    from handlers.mock.session import MockSession, Participant

    return MockSession(
        id=f"s{number}", platform=Platform.CONSOLE, workspace="bench", channel_id="general",
        thread_id=f"t{number}", thread_name="bench", question_id="url-shortener",
        starter=Participant(id=f"u{number}"), candidate=Participant(id=f"u{number}"),
        planned=[420.0, 300.0, 780.0, 780.0, 420.0], durations=[420.0, 300.0, 780.0, 780.0, 420.0],
        started_at=phase_two_at - timedelta(seconds=420), announced=["start:0", "warn:0"], status_message_id="m",
    )  # fmt: skip


async def bot_with_mocks(redis_url: str, sessions: range, prefix: str) -> tuple[Any, datetime]:
    """The bot (app, bank, store) on the bench chat, with these mocks stored: the same for both designs."""
    from bot.app import build_app
    from bot.config import load_settings
    from bot.store import open_store
    from handlers.mock.session import SessionStore

    store = await open_store(redis_url, prefix=prefix)
    app = await build_app(load_settings(env_file=None), SystemClock(), store=store)
    app.attach(BenchChat())
    phase_two_at = datetime.now(UTC)
    sessions_store = SessionStore(store)

    async def create(number: int) -> None:
        await sessions_store.create(mock(number, phase_two_at))

    await in_chunks([partial(create, number) for number in sessions])
    return app, phase_two_at


async def watched_until_posted(
    sessions: range, due: dict[int, float], deadline: float, then: Callable[[], Awaitable[None]] | None = None
) -> float:
    """Watch the event loop until every mock of `sessions` is posted (or `deadline`), and `then` is done; note
    each post's lateness; the longest stall, in seconds."""
    stop, longest = asyncio.Event(), [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, longest))
    while len(POSTED) < len(sessions) and time.time() < deadline:
        await asyncio.sleep(0.1)
    if then is not None:
        await then()
    stop.set()
    await watcher
    LATENESS.extend(POSTED[f"t{number}"] - due[number] for number in due if f"t{number}" in POSTED)
    return longest[0]


async def run_ours(redis_url: str, sessions: range, window: float, prefix: str) -> dict[str, Any]:
    from handlers.mock.service import MockDue

    app, _ = await bot_with_mocks(redis_url, sessions, prefix)
    queue = app.services.queue_for(Platform.CONSOLE.value)

    def entry(number: int) -> tuple[MockDue, datetime]:
        # The payload `MockDue.of` makes from the stored mock, without building one here (the naive side does not).
        payload = MockDue(workspace="bench", session_id=f"s{number}", version=0, event="start:1")
        return payload, datetime.fromtimestamp(due[number], UTC)

    app.start_polling()  # sleeping already: each deadline queued below may wake it
    base = await ready()
    due = due_times(sessions, base, window)
    numbers = list(sessions)
    for start in range(0, len(numbers), SCHEDULE_CHUNK):  # queued as the bot queues many: a round trip a chunk
        await queue.schedule_all([entry(number) for number in numbers[start : start + SCHEDULE_CHUNK]])
    setup_overran = max(0.0, time.time() - base)
    deadline = base + window + 30

    async def bookkept() -> None:
        if len(sessions) != sessions.stop:  # one of several processes: the others may still post
            await asyncio.sleep(max(0.0, base + window + 2 - time.time()))
        while queue.rooms.started and time.time() < deadline:  # stalls count until the bookkeeping is done too
            await asyncio.sleep(0.1)

    longest = await watched_until_posted(sessions, due, deadline, bookkept)
    await app.close()
    return {
        "announced": len(POSTED),
        "longest_stall_ms": longest * 1000,
        "setup_overran_ms": setup_overran * 1000,
        "posted": sorted(POSTED),
    }


def naive_announce(thread_id: str, due_at: float) -> None:
    POSTED[thread_id] = time.time()  # recorded as ours records its posts: the bench's own records weigh the same


async def run_naive(redis_url: str, sessions: range, window: float, prefix: str) -> dict[str, Any]:
    from apscheduler.jobstores.redis import RedisJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from redis import Redis

    # The same bot and mocks around it, without its deadline poller: peak RSS compares the timer designs.
    app, _ = await bot_with_mocks(redis_url, sessions, prefix)
    app.warm_up()  # what starting to poll does besides polling
    host, port = redis_url.split("//")[1].split("/")[0].split(":")
    jobstore = RedisJobStore(host=host, port=int(port), jobs_key=f"{prefix}.jobs", run_times_key=f"{prefix}.run_times")
    scheduler = AsyncIOScheduler(jobstores={"default": jobstore})
    scheduler.start()
    base = await ready()
    due = due_times(sessions, base, window)
    for number, due_at in due.items():
        scheduler.add_job(
            naive_announce,
            "date",
            run_date=datetime.fromtimestamp(due_at, UTC),
            args=[f"t{number}", due_at],
            id=f"s{number}",
            misfire_grace_time=None,
        )
    setup_overran = max(0.0, time.time() - base)
    longest = await watched_until_posted(sessions, due, base + window + 30)
    scheduler.shutdown(wait=False)
    Redis(host=host, port=int(port)).delete(f"{prefix}.jobs", f"{prefix}.run_times")
    await app.close()
    return {"announced": len(POSTED), "longest_stall_ms": longest * 1000, "setup_overran_ms": setup_overran * 1000}


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def summary(extra: dict[str, Any]) -> dict[str, Any]:
    ordered = sorted(LATENESS)
    return {
        **extra,
        "lateness_p50_ms": percentile(ordered, 0.5) * 1000,
        "lateness_p99_ms": percentile(ordered, 0.99) * 1000,
        "lateness_max_ms": percentile(ordered, 1.0) * 1000,
        "lateness_ms": [round(value * 1000, 2) for value in ordered],
        "peak_rss_mb": peak_rss_mb(),
    }


def child(args: argparse.Namespace) -> None:
    index, count = (int(part) for part in args.part.split("/"))
    mine = range(index, args.sessions, count)
    runner = run_ours if args.variant == "ours" else run_naive
    extra = run_event_loop(runner(args.redis, mine, args.window, args.prefix))  # the loop the bot runs on
    Path(args.out).write_text(json.dumps(summary(extra)))
