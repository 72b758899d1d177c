"""Per channel and ISO week, what happened there: daily drops, daily answers, mocks run (for /stats).

Counted as it happens; weeks before the bot counted them read as zero, so /stats says since when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.chat import ChannelRef
from bot.store import Store
from handlers.progress import week_of

KINDS = ("drops", "daily_answers", "mocks")
KEPT = timedelta(weeks=13)  # /stats shows 12 weeks


def _key(store: Store, channel: ChannelRef, week: str) -> str:
    return store.key(channel, "channel-counts", channel.id, week)


def _since_key(store: Store, channel: ChannelRef) -> str:
    return store.key(channel, "channel-counts", channel.id, "since")


async def count(store: Store, channel: ChannelRef, kind: str, when: datetime) -> None:
    """Count one `kind` (one of `KINDS`) in `channel` in the week of `when`."""
    assert kind in KINDS, kind
    key = _key(store, channel, week_of(when.date()))
    pipe = store.redis.pipeline(transaction=True)
    pipe.hincrby(key, kind, 1)
    pipe.expire(key, KEPT)
    pipe.set(_since_key(store, channel), when.date().isoformat(), nx=True)
    pipe.expire(_since_key(store, channel), KEPT)  # a channel quiet for 13 weeks starts counting afresh
    await pipe.execute()


async def weekly(store: Store, channel: ChannelRef, days: list[date]) -> dict[str, list[int]]:
    """Each kind's count in the week of each of `days`."""
    counted = [await store.redis.hgetall(_key(store, channel, week_of(day))) for day in days]
    return {kind: [int(week.get(kind, 0)) for week in counted] for kind in KINDS}


async def counted_since(store: Store, channel: ChannelRef) -> date | None:
    """The first day anything was counted in `channel`; None when nothing was."""
    raw = await store.redis.get(_since_key(store, channel))
    return date.fromisoformat(str(raw)) if raw else None
