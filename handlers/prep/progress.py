"""What someone did with the bot this week, counted as it happens (mocks, answers, stories)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.chat import UserRef
from bot.store import Scoped, Store
from handlers.prep.plan import Targets

KINDS = ("daily_answers", "mocks", "interrupted_mocks", "stories", "drills")
KEPT = timedelta(weeks=12)  # longer than any plan (8 weeks at most); refreshed by every write


def week_of(day: date) -> str:
    """The ISO week of `day`, e.g. `2026-W10`: progress counts per such week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _key(store: Store, scope: Scoped, user_id: str, day: date) -> str:
    return store.key(scope, "user", user_id, "progress", week_of(day))


async def record(store: Store, user: UserRef, kind: str, when: datetime) -> None:
    """Count one `kind` of practice (one of `KINDS`) for `user` in the week of `when`."""
    assert kind in KINDS, kind
    key = _key(store, user, user.id, when.date())
    await store.redis.hincrby(key, kind, 1)
    await store.redis.expire(key, KEPT)


async def done_in_week(store: Store, user: UserRef, day: date) -> Targets:
    """What `user` did in the week of `day`, counted like a week's targets."""
    counts = await store.redis.hgetall(_key(store, user, user.id, day))
    return Targets(**{kind: int(counts.get(kind, 0)) for kind in KINDS})


def _phases_key(store: Store, user: UserRef) -> str:
    return store.key(user, "user", user.id, "phases-practised")


async def record_phases(store: Store, user: UserRef, phases: list[str]) -> None:
    """Phases of a finished mock that really ran, counted per phase over the whole plan."""
    for phase in phases:
        await store.redis.hincrby(_phases_key(store, user), phase, 1)
    await store.redis.expire(_phases_key(store, user), KEPT)


async def phases_practised(store: Store, user: UserRef) -> dict[str, int]:
    """How many times `user` practised each mock phase, by phase."""
    return {str(phase): int(count) for phase, count in (await store.redis.hgetall(_phases_key(store, user))).items()}


def _topics_key(store: Store, user: UserRef) -> str:
    return store.key(user, "user", user.id, "topics-done")


async def add_topic(store: Store, user: UserRef, topic: str) -> None:
    """Remember a topic `user` studied outside the bot (case does not matter)."""
    await store.redis.sadd(_topics_key(store, user), topic.strip().lower())
    await store.redis.expire(_topics_key(store, user), KEPT)


async def topics_done(store: Store, user: UserRef) -> set[str]:
    """The topics `user` studied outside the bot, lower-cased."""
    return {str(t) for t in await store.redis.smembers(_topics_key(store, user))}


async def forget(store: Store, user: UserRef) -> None:
    """/forget-me: the topics someone typed and the phases they practised."""
    await store.redis.delete(_topics_key(store, user), _phases_key(store, user))
