"""Sharding as Discord does it: more guilds, each routed to shard ``(guild_id >> 22) % count``, IDENTIFY checks.

Discord docs: *Gateway → Sharding* (the routing formula, DMs on shard 0, ``max_concurrency`` buckets of
``shard_id % max_concurrency`` with one IDENTIFY per bucket per 5 s), *Gateway → Identifying* (over the
limit the gateway answers op 9 Invalid Session), *Opcodes and Status Codes → Gateway Close Event Codes*
(4010 Invalid shard, 4011 Sharding required).
"""

from __future__ import annotations

import time

from tests.fakes.discord_server._constants import CHANNEL_TEXT, FIXED_BASE, JSON
from tests.fakes.discord_server._models import Channel
from tests.fakes.discord_server._payloads import Payloads
from tests.fakes.discord_server._sessions import Close, Session


class Sharding(Payloads):
    """Guilds beyond the seeded one, shard routing, and the IDENTIFY rules that sharding brings."""

    def add_guild(self, name: str) -> tuple[int, int]:
        """Another guild the bot is in (same members and roles), with its own #general: (guild id, channel id).

        Its id is chosen so that guilds added one after another land on shards 1, 2, 3, ... of any count.
        """
        guild_id = FIXED_BASE + (len(self.guild_names) << 22) + 10
        self.guild_names[guild_id] = name
        channel_id = self._snowflake()
        self._channels[channel_id] = Channel(channel_id, CHANNEL_TEXT, "general", guild_id)
        for session in self._sessions_for(guild_id):
            session.dispatch("GUILD_CREATE", self._guild_create_payload(guild_id))
        return guild_id, channel_id

    def shard_of(self, guild_id: int | None, shard_count: int) -> int:
        """The shard a guild's events go to (Discord's formula); DMs go to shard 0."""
        return 0 if guild_id is None else (guild_id >> 22) % shard_count

    def sessions_on_shard(self, shard_id: int) -> int:
        """Live, connected sessions that identified for ``shard_id`` (tests assert it never exceeds 1)."""
        return sum(1 for s in self._live_sessions() if s.connection and s.shard and s.shard[0] == shard_id)

    def _live_sessions(self) -> list[Session]:
        return [s for s in self._sessions.values() if s.valid]

    def _sessions_for(self, guild_id: int | None) -> list[Session]:
        """The live sessions that receive a guild's (or, for None, DMs') events."""
        return [
            s for s in self._live_sessions() if s.shard is None or s.shard[0] == self.shard_of(guild_id, s.shard[1])
        ]

    def _guilds_of(self, shard: list[int] | None) -> list[int]:
        return [g for g in self.guild_names if shard is None or shard[0] == self.shard_of(g, shard[1])]

    def _shard_refusal(self, data: JSON) -> Close | None:
        """Close 4010 for a malformed or out-of-range shard, 4011 when a session would hold too many guilds."""
        shard = data.get("shard")
        if shard is not None:
            valid = (
                isinstance(shard, list)
                and len(shard) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) for n in shard)
                and 0 <= shard[0] < shard[1]
            )
            if not valid:
                return Close(4010, "Invalid shard.")
        if len(self._guilds_of(shard)) > self.max_guilds_per_shard:
            return Close(4011, "Sharding required.")
        return None

    def _identify_rate_limited(self, shard: list[int] | None) -> bool:
        """Whether this IDENTIFY's bucket (``shard_id % max_concurrency``) already identified in the window."""
        bucket = (shard[0] if shard else 0) % self.max_concurrency
        now = time.monotonic()
        last = self._identified_at.get(bucket)
        if last is not None and now - last < self.identify_window:
            self.rate_limited_identifies += 1
            return True
        self._identified_at[bucket] = now
        return False

    def _note_overlap(self, shard: list[int] | None) -> None:
        """Discord lets two sessions run one shard (both get its events); record it so tests can forbid it."""
        if shard is not None and self.sessions_on_shard(shard[0]) > 0:
            self.shard_overlaps.append(shard[0])
