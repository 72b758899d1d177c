"""The pairing pool of a channel, its members, pairs and rounds, and where they live in Redis."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Literal

from pydantic import Field

from bot.chat import ChannelRef, ThreadRef
from bot.store import Store
from bot.stored import StoredModel
from handlers.pairing.matching import Person, RoleWish

ROUNDS_KEPT = 12
NO_SHOWS_TO_LEAVE = 3


class Member(StoredModel):
    id: str
    name: str = ""
    level: Literal["sde1", "sde2", "sde3"] = "sde2"
    tz: str = "UTC"
    wish: RoleWish = "either"
    availability: str
    hours: list[int]
    paused_until: datetime | None = None
    no_shows_in_a_row: int = 0
    candidate_turns: int = 0
    interviewer_turns: int = 0
    carried: bool = False
    blocked: list[str] = Field(default_factory=list)  # confidential: never shown to anyone

    def person(self, recent_partners: set[str]) -> Person:
        return Person(
            id=self.id,
            level=self.level,
            hours=frozenset(self.hours),
            wish=self.wish,
            interviewer_debt=self.candidate_turns - self.interviewer_turns,
            carried=self.carried,
            recent_partners=frozenset(recent_partners),
            blocked=frozenset(self.blocked),
        )


class RoundConfig(StoredModel):
    """A channel's pairing cadence: weekly or every two weeks, on a day, at a local time."""

    cadence: Literal["weekly", "fortnightly"] = "weekly"
    day: str
    time: str
    tz: str
    first_week: int  # ISO week number of the first round, for fortnightly cadence
    version: int = 1

    @property
    def at(self) -> dt_time:
        hours, minutes = self.time.split(":")
        return dt_time(int(hours), int(minutes))

    def runs_in_week_of(self, moment: datetime) -> bool:
        if self.cadence == "weekly":
            return True
        return (moment.isocalendar().week - self.first_week) % 2 == 0


class PairRecord(StoredModel):
    id: str
    channel_id: str
    candidate: str
    interviewer: str
    third: str | None = None  # the odd one out, when a pair became a trio
    question_id: str
    thread_id: str
    thread_name: str
    thread_private: bool = True
    made_at: datetime
    outcome: Literal["pending", "met", "rescheduled", "no-show"] = "pending"

    @property
    def people(self) -> list[str]:
        return [self.candidate, self.interviewer, *([self.third] if self.third else [])]

    def thread(self, channel: ChannelRef) -> ThreadRef:
        return ThreadRef(channel, self.thread_id, self.thread_name, self.thread_private)


class PairingStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _key(self, channel: ChannelRef, *parts: object) -> str:
        return self.store.key(channel, "pair", channel.id, *parts)

    async def member(self, channel: ChannelRef, user_id: str) -> Member | None:
        raw = await self.store.redis.hget(self._key(channel, "members"), user_id)
        return Member.model_validate_json(raw) if raw else None

    async def members(self, channel: ChannelRef) -> list[Member]:
        raw = await self.store.redis.hgetall(self._key(channel, "members"))
        return [Member.model_validate_json(value) for _, value in sorted(raw.items())]

    async def save_member(self, channel: ChannelRef, member: Member) -> None:
        await self.store.redis.hset(self._key(channel, "members"), member.id, member.model_dump_json())

    async def remove_member(self, channel: ChannelRef, user_id: str) -> bool:
        return bool(await self.store.redis.hdel(self._key(channel, "members"), user_id))

    async def recent_rounds(self, channel: ChannelRef, count: int) -> list[list[list[str]]]:
        if count <= 0:  # LRANGE 0 -1 would mean every round
            return []
        raw = await self.store.redis.lrange(self._key(channel, "rounds"), 0, count - 1)
        return [json.loads(item) for item in raw]

    async def record_round(self, channel: ChannelRef, groups: list[list[str]]) -> None:
        key = self._key(channel, "rounds")
        await self.store.redis.lpush(key, json.dumps(groups))
        await self.store.redis.ltrim(key, 0, ROUNDS_KEPT - 1)

    async def save_pair(self, channel: ChannelRef, pair: PairRecord) -> None:
        ttl = int(timedelta(days=120).total_seconds())
        await self.store.redis.set(self._key(channel, "pairing", pair.id), pair.model_dump_json(), ex=ttl)
        for person in pair.people:
            await self.store.redis.lpush(self._key(channel, "history", person), pair.id)
            await self.store.redis.ltrim(self._key(channel, "history", person), 0, 49)

    async def pair(self, channel: ChannelRef, pair_id: str) -> PairRecord | None:
        raw = await self.store.redis.get(self._key(channel, "pairing", pair_id))
        return PairRecord.model_validate_json(raw) if raw else None

    async def history(self, channel: ChannelRef, user_id: str) -> list[PairRecord]:
        ids = await self.store.redis.lrange(self._key(channel, "history", user_id), 0, 9)
        found = [await self.pair(channel, str(pair_id)) for pair_id in ids]
        return [pair for pair in found if pair is not None]

    def waiting_key(self, channel: ChannelRef) -> str:
        return self._key(channel, "waiting-now")

    def config_key(self, channel: ChannelRef) -> str:
        return self._key(channel, "config")
