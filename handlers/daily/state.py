"""A channel's daily-question settings and history, and where they live in Redis."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.chat import ChannelRef, Platform, ThreadRef
from bot.store import Store
from bot.stored import StoredModel
from question_bank import Level

THREAD_MEMORY = timedelta(days=30)  # answers in a drop's thread count (and get a probe) this long


class DailyConfig(StoredModel):
    """A channel's daily drop setup; `version` tells stale deadlines from current ones."""

    platform: Platform
    workspace: str
    channel_id: str
    channel_name: str = ""
    time: str  # HH:MM local
    tz: str
    days: tuple[str, ...]
    level: Level | None = None
    tag: str | None = None
    mention: str | None = None
    skip_next: bool = False
    version: int = 0

    @property
    def channel(self) -> ChannelRef:
        """The channel the drops go to."""
        return ChannelRef(self.platform, self.workspace, self.channel_id, self.channel_name)

    @property
    def zone(self) -> ZoneInfo:
        """The channel's time zone."""
        return ZoneInfo(self.tz)

    @property
    def at(self) -> dt.time:
        """The local time of the drop."""
        hours, minutes = self.time.split(":")
        return dt.time(int(hours), int(minutes))


class Drop(StoredModel):
    """One posted drop: its date, question and thread."""

    local_date: date
    question_id: str
    thread_id: str
    thread_name: str
    previous_date: date | None = None  # the drop before, for streaks

    def thread(self, channel: ChannelRef) -> ThreadRef:
        """The drop's thread in `channel`."""
        return ThreadRef(channel, self.thread_id, self.thread_name)


class DailyHistory(StoredModel):
    """The questions a channel has had this cycle, and its last drop."""

    used: list[str] = Field(default_factory=list)  # this cycle's questions, no repeats until all are used
    last: Drop | None = None


class Streak(StoredModel):
    """One person's run of consecutive drops answered, with their best."""

    name: str = ""
    last: date | None = None
    current: int = 0
    best: int = 0


def next_question(candidates: Sequence[str], used: Sequence[str], rng: random.Random) -> tuple[str, list[str]]:
    """A question not used in this cycle; once all are used, a new reshuffled cycle starts."""
    remaining = [question for question in candidates if question not in used]
    cycle = list(used)
    if not remaining:
        cycle = []
        # Do not open the new cycle with the question that closed the old one.
        remaining = [question for question in candidates if not used or question != used[-1]] or list(candidates)
    choice = rng.choice(remaining)
    return choice, [*cycle, choice]


def next_streak(streak: Streak, drop: Drop, name: str) -> Streak:
    """Answering on a drop's date counts once; consecutive drops extend the streak."""
    if streak.last == drop.local_date:
        return streak
    current = streak.current + 1 if streak.last is not None and streak.last == drop.previous_date else 1
    return Streak(name=name or streak.name, last=drop.local_date, current=current, best=max(streak.best, current))


class DailyStore:
    """The daily state of channels in Redis."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def config_key(self, channel: ChannelRef) -> str:
        """Where a channel's setup is kept."""
        return self.store.key(channel, "daily", channel.id, "config")

    def history_key(self, channel: ChannelRef) -> str:
        """Where a channel's drop history is kept."""
        return self.store.key(channel, "daily", channel.id, "history")

    def streaks_key(self, channel: ChannelRef) -> str:
        """Where a channel's streaks are kept."""
        return self.store.key(channel, "daily", channel.id, "streaks")

    def posted_key(self, channel: ChannelRef, day: date) -> str:
        """The marker that the channel had its drop on `day`."""
        return self.store.key(channel, "daily", channel.id, "posted", day.isoformat())

    def thread_key(self, thread: ThreadRef) -> str:
        """Where the drop a thread belongs to is kept."""
        return self.store.key(thread, "daily-thread", thread.id)

    def probed_key(self, thread: ThreadRef) -> str:
        """Who has had their probe in a drop's thread."""
        return self.store.key(thread, "daily-probed", thread.id)

    async def config(self, channel: ChannelRef) -> DailyConfig | None:
        """The channel's setup; `None` when it has none."""
        raw = await self.store.redis.get(self.config_key(channel))
        return DailyConfig.model_validate_json(raw) if raw else None

    async def save_config(self, config: DailyConfig) -> None:
        """Save a channel's setup."""
        await self.store.redis.set(self.config_key(config.channel), config.model_dump_json())

    async def history(self, channel: ChannelRef) -> DailyHistory:
        """The channel's drop history (empty when it has none)."""
        raw = await self.store.redis.get(self.history_key(channel))
        return DailyHistory.model_validate_json(raw) if raw else DailyHistory()

    async def save_history(self, channel: ChannelRef, history: DailyHistory) -> None:
        """Save a channel's drop history."""
        await self.store.redis.set(self.history_key(channel), history.model_dump_json())

    async def drop_of_thread(self, thread: ThreadRef) -> tuple[ChannelRef, Drop] | None:
        """The channel and drop of a drop's thread; `None` for other threads or forgotten ones."""
        raw = await self.store.redis.get(self.thread_key(thread))
        if not raw:
            return None
        data = json.loads(raw)
        return thread.channel, Drop.model_validate(data)

    async def remember_thread(self, thread: ThreadRef, drop: Drop) -> None:
        """Know the thread as `drop`'s for a while (answers there count)."""
        await self.store.redis.set(self.thread_key(thread), drop.model_dump_json(), ex=THREAD_MEMORY)

    async def mark_probed(self, thread: ThreadRef, user_id: str) -> bool:
        """True the first time `user_id` answers in this drop's thread."""
        pipe = self.store.redis.pipeline(transaction=True)
        pipe.sadd(self.probed_key(thread), user_id)
        pipe.expire(self.probed_key(thread), THREAD_MEMORY)
        added, _ = await pipe.execute()
        return bool(added)

    async def streaks(self, channel: ChannelRef) -> dict[str, Streak]:
        """Every streak in the channel, by user id."""
        raw = await self.store.redis.hgetall(self.streaks_key(channel))
        return {str(user): Streak.model_validate_json(value) for user, value in raw.items()}

    async def save_streak(self, channel: ChannelRef, user_id: str, streak: Streak) -> None:
        """Save one person's streak in the channel."""
        await self.store.redis.hset(self.streaks_key(channel), user_id, streak.model_dump_json())
