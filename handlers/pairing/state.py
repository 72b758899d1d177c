"""The pairing pool of a channel, its members, pairs and rounds, and where they live in Redis."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.chat import ChannelRef, ThreadRef
from bot.errors import BadOption
from bot.store import Store
from bot.stored import StoredModel, Upgrade
from handlers.pairing.availability import parse_availability, utc_hours
from handlers.pairing.matching import Person, RoleWish

ROUNDS_KEPT = 12
NO_SHOWS_TO_LEAVE = 3
PAIR_RECORD_TTL_SECONDS = int(timedelta(days=120).total_seconds())


def _local_hours_from_the_text(data: dict[str, Any]) -> dict[str, Any]:
    """Members saved before local hours were kept (they kept January's UTC hours): read their own words again."""
    upgraded = {key: value for key, value in data.items() if key != "hours"}
    try:
        upgraded["local_hours"] = sorted(parse_availability(str(data.get("availability", ""))))
    except BadOption:
        upgraded["local_hours"] = []  # never matched until they join again, rather than unreadable
    return upgraded


def _seats_from_turns(data: dict[str, Any]) -> dict[str, Any]:
    """Members saved when every seat given counted as a turn: those counts are their seats."""
    return {
        **data,
        "candidate_seats": data.get("candidate_turns", 0),
        "interviewer_seats": data.get("interviewer_turns", 0),
    }


class Member(StoredModel):
    """A member of a channel's pool: their answers, turns, seats and blocks (stored, upgraded on read)."""

    SCHEMA_VERSION: ClassVar[int] = 3
    UPGRADES: ClassVar[Mapping[int, Upgrade]] = {1: _local_hours_from_the_text, 2: _seats_from_turns}

    id: str
    name: str = ""
    level: Literal["sde1", "sde2", "sde3"] = "sde2"
    tz: str = "UTC"
    wish: RoleWish = "either"
    availability: str
    # Hours of the week in the member's own time (0 = Monday 00:00 there): UTC ones depend on the week.
    local_hours: list[int]
    paused_until: datetime | None = None
    no_shows_in_a_row: int = 0
    # Turns: meetings that happened (a "We met" answer), by role. A no-show or an unanswered pair is none.
    candidate_turns: int = 0
    interviewer_turns: int = 0
    # Seats: roles given in pairs not called off (met, or not answered yet): who owes an interviewer turn.
    candidate_seats: int = 0
    interviewer_seats: int = 0
    last_interviewed: datetime | None = None  # when they last took an interviewer's seat
    carried: bool = False
    blocked: list[str] = Field(default_factory=list)  # confidential: never shown to anyone

    def week_hours(self, week_start: datetime) -> frozenset[int]:
        """The UTC hours of the week this member can practise in the 7 days from `week_start`."""
        return utc_hours(frozenset(self.local_hours), ZoneInfo(self.tz), week_start)

    def person(self, recent_partners: set[str], week_start: datetime) -> Person:
        """The member as matching sees them in the week from `week_start`."""
        return Person(
            id=self.id,
            level=self.level,
            hours=self.week_hours(week_start),
            wish=self.wish,
            interviewer_debt=self.candidate_seats - self.interviewer_seats,
            carried=self.carried,
            last_interviewed=self.last_interviewed,
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
        """The local time of the round."""
        hours, minutes = self.time.split(":")
        return dt_time(int(hours), int(minutes))

    def runs_in_week_of(self, moment: datetime) -> bool:
        """Whether a round runs in the week of `moment` (every other week when fortnightly)."""
        if self.cadence == "weekly":
            return True
        return (moment.isocalendar().week - self.first_week) % 2 == 0


class PairRecord(StoredModel):
    """One pair (or trio) made: who sits where, its question, thread and outcome."""

    id: str
    channel_id: str  # the pool's channel: members, rounds and history live there
    candidate: str
    interviewer: str
    third: str | None = None  # the odd one out, when a pair became a trio
    question_id: str
    thread_id: str
    thread_name: str
    thread_private: bool = True
    # The channel holding the pair's thread: a group DM on Slack. None (records before it was kept): the pool's.
    place_id: str | None = None
    place_name: str = ""
    made_at: datetime
    outcome: Literal["pending", "met", "rescheduled", "no-show"] = "pending"

    @property
    def people(self) -> list[str]:
        """Everyone in the pair: candidate, interviewer, and the third when a trio."""
        return [self.candidate, self.interviewer, *([self.third] if self.third else [])]

    @property
    def interviewers(self) -> list[str]:
        """Who interviews: the interviewer, and in a trio the second interviewer too."""
        return self.people[1:]

    def partners_of(self, person: str) -> list[str]:
        """The others in the pair."""
        return [other for other in self.people if other != person]

    def role_of(self, person: str) -> str:
        """`candidate` or `interviewer`: the seat `person` had."""
        return "candidate" if person == self.candidate else "interviewer"

    def pool(self, scope: ChannelRef) -> ChannelRef:
        """The pool's channel, in the workspace of `scope` (any place of that workspace)."""
        return ChannelRef(scope.platform, scope.workspace, self.channel_id)

    def thread(self, scope: ChannelRef) -> ThreadRef:
        """Where the pair lives: its private thread, wherever the platform keeps it."""
        place = ChannelRef(scope.platform, scope.workspace, self.place_id or self.channel_id, self.place_name)
        return ThreadRef(place, self.thread_id, self.thread_name, self.thread_private)


class PairingStore:
    """The pairing pools of channels in Redis."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _key(self, channel: ChannelRef, *parts: object) -> str:
        return self.store.key(channel, "pair", channel.id, *parts)

    async def member(self, channel: ChannelRef, user_id: str) -> Member | None:
        """The pool member `user_id`, if they are one."""
        raw = await self.store.redis.hget(self._key(channel, "members"), user_id)
        return Member.model_validate_json(raw) if raw else None

    async def members(self, channel: ChannelRef) -> list[Member]:
        """Every member of the channel's pool, by id."""
        raw = await self.store.redis.hgetall(self._key(channel, "members"))
        return [Member.model_validate_json(value) for _, value in sorted(raw.items())]

    async def save_member(self, channel: ChannelRef, member: Member) -> None:
        """Save a pool member."""
        await self.store.redis.hset(self._key(channel, "members"), member.id, member.model_dump_json())

    async def remove_member(self, channel: ChannelRef, user_id: str) -> bool:
        """Take a member out of the pool; False when they were not in it."""
        return bool(await self.store.redis.hdel(self._key(channel, "members"), user_id))

    async def recent_rounds(self, channel: ChannelRef, count: int) -> list[list[list[str]]]:
        """The groups of the last `count` rounds, newest first."""
        if count <= 0:  # LRANGE 0 -1 would mean every round
            return []
        raw = await self.store.redis.lrange(self._key(channel, "rounds"), 0, count - 1)
        return [json.loads(item) for item in raw]

    async def record_round(self, channel: ChannelRef, groups: list[list[str]]) -> None:
        """Remember a round's groups (the last few rounds are kept)."""
        key = self._key(channel, "rounds")
        await self.store.redis.lpush(key, json.dumps(groups))
        await self.store.redis.ltrim(key, 0, ROUNDS_KEPT - 1)

    def _pair_key(self, scope: ChannelRef, pair_id: str) -> str:
        # By pair id alone: buttons are pressed where the pair lives (a Slack group DM), not in the pool's channel.
        return self.store.key(scope, "pair-record", pair_id)

    async def add_pair(self, channel: ChannelRef, pair: PairRecord) -> None:
        """A new pair of the pool in `channel`: saved, and in each person's history."""
        await self.save_pair(channel, pair)
        for person in pair.people:
            history_key = self._key(channel, "history", person)
            await self.store.redis.lpush(history_key, pair.id)
            await self.store.redis.ltrim(history_key, 0, 49)
            await self.store.redis.expire(history_key, PAIR_RECORD_TTL_SECONDS)  # no longer than its pairs

    async def save_pair(self, scope: ChannelRef, pair: PairRecord) -> None:
        """Save a pair record (kept for months)."""
        await self.store.redis.set(self._pair_key(scope, pair.id), pair.model_dump_json(), ex=PAIR_RECORD_TTL_SECONDS)

    async def pair(self, scope: ChannelRef, pair_id: str, pool: ChannelRef | None = None) -> PairRecord | None:
        """A pair by id; with `pool`, a record saved before pairs were keyed by id alone is found too."""
        raw = await self.store.redis.get(self._pair_key(scope, pair_id))
        if raw is None and pool is not None:
            raw = await self.store.redis.get(self._key(pool, "pairing", pair_id))
        return PairRecord.model_validate_json(raw) if raw else None

    async def history(self, channel: ChannelRef, user_id: str) -> list[PairRecord]:
        """The last ten pairs `user_id` was in, newest first (forgotten ones left out)."""
        ids = await self.store.redis.lrange(self._key(channel, "history", user_id), 0, 9)
        found = [await self.pair(channel, str(pair_id), pool=channel) for pair_id in ids]
        return [pair for pair in found if pair is not None]

    def waiting_key(self, channel: ChannelRef) -> str:
        """Who waits for a /pair now partner, with when their wait ends."""
        return self._key(channel, "waiting-now")

    def config_key(self, channel: ChannelRef) -> str:
        """Where the channel's round config is kept."""
        return self._key(channel, "config")
