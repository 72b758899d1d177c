"""Phase-announcement timers at scale: the Redis deadline queue vs one APScheduler job per announcement.

    python -m bench.timers [--sessions 10000] [--window 20] [--json]

Each variant runs in its own process on a real Redis (REDIS_URL, or a private redis-server):
N mock sessions whose next phase falls due spread over `window` seconds. "ours" polls the
deadline queue and runs the real announcer (load, send-once guard, post, record, status edit,
schedule the next event); "naive" stores one APScheduler RedisJobStore date job per
announcement. Printed: p50/p99 lateness, the event loop's longest stall, peak RSS, and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import peak_rss_mb, redis_for_bench, watch_stalls
from bot.chat import ChannelRef, MessageRef, Place, Platform, Reply, ThreadRef, UserRef
from bot.clock import SystemClock

LATENESS: list[float] = []  # seconds, one per announcement
POSTED: dict[str, float] = {}


class BenchChat:
    """A chat that only notes when each announcement was posted."""

    platform = Platform.CONSOLE

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        POSTED[f"{place.id}|{reply.text.splitlines()[0] if reply.text else ''}"] = time.time()
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


async def run_ours(redis_url: str, sessions: int, window: float) -> dict[str, float]:
    from bot.app import build_app
    from bot.config import load_settings
    from bot.store import open_store
    from handlers.mock.service import MockDue
    from handlers.mock.session import MockSession, Participant, SessionStore

    store = await open_store(redis_url, prefix=f"bench{os.getpid()}")
    app = await build_app(load_settings(env_file=None), SystemClock(), store=store)
    queue = app.attach(BenchChat())  # type: ignore[arg-type]
    sessions_store = SessionStore(store)
    now = datetime.now(UTC)
    due: dict[str, float] = {}
    for number in range(sessions):
        in_seconds = 5 + random.random() * window
        started = now - timedelta(seconds=7 * 60 - in_seconds)  # phase 2 starts `in_seconds` from now
        session = MockSession(
            id=f"s{number}",
            platform=Platform.CONSOLE,
            workspace="bench",
            channel_id="general",
            thread_id=f"t{number}",
            thread_name="bench",
            question_id="url-shortener",
            starter=Participant(id=f"u{number}"),
            candidate=Participant(id=f"u{number}"),
            planned=[420.0, 300.0, 780.0, 780.0, 420.0],
            durations=[420.0, 300.0, 780.0, 780.0, 420.0],
            started_at=started,
            announced=["start:0", "warn:0"],
            status_message_id="m",
        )
        await sessions_store.create(session)
        await queue.schedule(MockDue.of(session, "start:1"), now + timedelta(seconds=in_seconds))
        due[f"t{number}|Phase 2/5 · Capacity estimation · 5 min"] = (now + timedelta(seconds=in_seconds)).timestamp()
    stop, longest = asyncio.Event(), [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, longest))
    app.start_polling()
    deadline = time.time() + window + 30
    while len(POSTED) < sessions and time.time() < deadline:
        await asyncio.sleep(0.5)
    stop.set()
    await watcher
    LATENESS.extend(POSTED[key] - due[key] for key in due if key in POSTED)
    await store.delete_namespace()
    await app.close()
    return {"announced": len(LATENESS), "longest_stall_ms": longest[0] * 1000}


def naive_announce(session_id: str, due_at: float) -> None:
    LATENESS.append(time.time() - due_at)


async def run_naive(redis_url: str, sessions: int, window: float) -> dict[str, float]:
    from apscheduler.jobstores.redis import RedisJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from redis import Redis

    host, port = redis_url.split("//")[1].split("/")[0].split(":")
    prefix = f"benchnaive{os.getpid()}"
    jobstore = RedisJobStore(host=host, port=int(port), jobs_key=f"{prefix}.jobs", run_times_key=f"{prefix}.run_times")
    scheduler = AsyncIOScheduler(jobstores={"default": jobstore})
    stop, longest = asyncio.Event(), [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, longest))
    scheduler.start()
    now = time.time()
    for number in range(sessions):
        due_at = now + 5 + random.random() * window
        scheduler.add_job(
            naive_announce,
            "date",
            run_date=datetime.fromtimestamp(due_at, UTC),
            args=[f"s{number}", due_at],
            id=f"s{number}",
            misfire_grace_time=None,
        )
    deadline = time.time() + window + 30
    while len(LATENESS) < sessions and time.time() < deadline:
        await asyncio.sleep(0.5)
    stop.set()
    await watcher
    scheduler.shutdown(wait=False)
    Redis(host=host, port=int(port)).delete(f"{prefix}.jobs", f"{prefix}.run_times")
    return {"announced": len(LATENESS), "longest_stall_ms": longest[0] * 1000}


def summary(extra: dict[str, float]) -> dict[str, float]:
    ordered = sorted(LATENESS) or [float("nan")]
    return {
        **extra,
        "lateness_p50_ms": statistics.median(ordered) * 1000,
        "lateness_p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "peak_rss_mb": peak_rss_mb(),
    }


def one_variant(variant: str, redis_url: str, sessions: int, window: float) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.timers", "--variant", variant, "--redis", redis_url]
    command += ["--sessions", str(sessions), "--window", str(window)]
    repo = Path(__file__).resolve().parents[1]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, cwd=repo).stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=20.0, help="seconds over which announcements fall due")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--variant", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--redis", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        runner = run_ours if args.variant == "ours" else run_naive
        extra = asyncio.run(runner(args.redis, args.sessions, args.window))
        print(json.dumps(summary(extra)))
        return
    redis_url, server = redis_for_bench()
    try:
        ours = one_variant("ours", redis_url, args.sessions, args.window)
        naive = one_variant("naive", redis_url, args.sessions, args.window)
    finally:
        if server is not None:
            server.terminate()
    result = {
        "sessions": args.sessions,
        "ours": ours,
        "naive_apscheduler_redisjobstore": naive,
        "ratio_lateness_p99": naive["lateness_p99_ms"] / max(ours["lateness_p99_ms"], 0.001),
        "ratio_longest_stall": naive["longest_stall_ms"] / max(ours["longest_stall_ms"], 0.001),
        "ratio_peak_rss": naive["peak_rss_mb"] / max(ours["peak_rss_mb"], 0.001),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.sessions} concurrent mock sessions, announcements due over {args.window:.0f} s")
    for name, figures in (("deadline queue (ours)", ours), ("APScheduler RedisJobStore", naive)):
        print(
            f"  {name:28} announced {figures['announced']:>6.0f}  lateness p50 {figures['lateness_p50_ms']:8.1f} ms"
            f"  p99 {figures['lateness_p99_ms']:8.1f} ms  longest stall {figures['longest_stall_ms']:7.1f} ms"
            f"  peak RSS {figures['peak_rss_mb']:6.1f} MB"
        )
    print(
        f"  naive / ours: p99 lateness x{result['ratio_lateness_p99']:.1f}, "
        f"longest stall x{result['ratio_longest_stall']:.1f}, peak RSS x{result['ratio_peak_rss']:.2f}"
    )


if __name__ == "__main__":
    main()
