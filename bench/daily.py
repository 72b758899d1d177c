"""10,000 channels whose daily question drops in the same minute.

    python -m bench.daily [--channels 10000] [--json]

The real drop path runs on a real Redis (REDIS_URL, or a private redis-server): deadline
claims, settings, rotation, history, threads. The chat is a stand-in that models a platform's
limits in virtual time (one message per second per channel, 50 requests per second overall),
so the run measures how long the platform would take to receive everything against the
minimum its limits allow, plus the scheduler's own CPU per drop and the event loop's longest
stall, without sleeping through minutes of rate limits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import peak_rss_mb, redis_for_bench, watch_stalls
from bot.app import build_app
from bot.chat import ChannelRef, MessageRef, Place, Platform, Reply, ThreadRef, UserRef, channel_of
from bot.clock import SystemClock
from bot.config import load_settings
from bot.store import open_store
from handlers.daily.service import DailyService
from handlers.daily.state import DailyConfig, DailyStore

PER_CHANNEL_GAP = 1.0  # seconds between two messages in one channel
OVERALL_PER_SECOND = 50.0


class PacedChat:
    """Accepts every call at once but books it on a virtual timeline that obeys the limits."""

    platform = Platform.CONSOLE

    def __init__(self) -> None:
        self.channel_free: dict[str, float] = {}
        self.taken: set[int] = set()  # global slots (1/50 s each) already used
        self.first_free = 0
        self.requests = 0
        self.finished_at = 0.0
        self.started = time.perf_counter()  # reset when the drops begin

    def _book(self, channel_id: str) -> None:
        """The earliest overall slot that is free and no earlier than the channel allows."""
        # Never before the real moment the scheduler asked: a slow scheduler shows in the result.
        earliest = max(self.channel_free.get(channel_id, 0.0), time.perf_counter() - self.started)
        slot = max(self.first_free, int(earliest * OVERALL_PER_SECOND + 0.999999))
        while slot in self.taken:
            slot += 1
        self.taken.add(slot)
        while self.first_free in self.taken:
            self.first_free += 1
        at = slot / OVERALL_PER_SECOND
        self.channel_free[channel_id] = at + PER_CHANNEL_GAP
        self.finished_at = max(self.finished_at, at)
        self.requests += 1

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        channel = channel_of(place)
        self._book(channel.id)
        return MessageRef(place, f"m{self.requests}")

    async def open_thread(self, message: MessageRef, name: str, **_: object) -> ThreadRef:
        channel = channel_of(message.place)
        self._book(channel.id)
        return ThreadRef(channel, f"t{self.requests}", name)

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        return None

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        return None

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        return MessageRef(ChannelRef(Platform.CONSOLE, "bench", "dm"), "dm")

    def command_text(self, path: str) -> str:
        return f"/{path}"


async def run(redis_url: str, channels: int) -> dict[str, float]:
    store = await open_store(redis_url, prefix="benchdaily")
    await store.delete_namespace()
    app = await build_app(load_settings(env_file=None), SystemClock(), store=store)
    chat = PacedChat()
    app.attach(chat)  # type: ignore[arg-type]
    service = DailyService(app.services, chat)  # type: ignore[arg-type]
    daily = DailyStore(store)
    now = datetime.now(UTC)
    drop_at = (now + timedelta(seconds=5)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    for number in range(channels):
        config = DailyConfig(
            platform=Platform.CONSOLE, workspace="bench", channel_id=f"c{number}", time=f"{drop_at:%H:%M}", tz="UTC",
            days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), version=1,
        )  # fmt: skip
        await daily.save_config(config)
        await service.schedule(config, now)
    stop, longest = asyncio.Event(), [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, longest))
    while datetime.now(UTC) < drop_at - timedelta(seconds=1):
        await asyncio.sleep(0.2)
    cpu_before, started = time.process_time(), time.perf_counter()
    chat.started = started
    app.start_polling()
    expected = channels * 2  # the card and its thread
    while chat.requests < expected and time.perf_counter() - started < 600:
        await asyncio.sleep(0.1)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    stop.set()
    await watcher
    await store.delete_namespace()
    await app.close()
    minimum = (expected - 1) / OVERALL_PER_SECOND
    return {
        "channels": channels,
        "posted": chat.requests // 2,
        "platform_time_s": round(chat.finished_at, 1),
        "platform_minimum_s": round(minimum, 1),
        "ratio_to_minimum": round(chat.finished_at / minimum, 3) if minimum else 1.0,
        "scheduler_wall_s": round(elapsed, 2),
        "scheduler_cpu_ms_per_drop": round(cpu * 1000 / max(channels, 1), 3),
        "longest_stall_ms": round(longest[0] * 1000, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "skipped: already running" is expected
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    redis_url, server = redis_for_bench()
    try:
        result = asyncio.run(run(redis_url, args.channels))
    finally:
        if server is not None:
            server.terminate()
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['channels']} channels dropping in the same minute (limits: 1 msg/s per channel, 50 req/s overall)")
    print(
        f"  the platform receives everything after {result['platform_time_s']} s; its limits allow "
        f"{result['platform_minimum_s']} s at best (x{result['ratio_to_minimum']})"
    )
    print(
        f"  scheduler: {result['scheduler_wall_s']} s wall, {result['scheduler_cpu_ms_per_drop']} ms CPU per drop, "
        f"longest event-loop stall {result['longest_stall_ms']} ms, peak RSS {result['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
