"""Shaping the world from a test: more members, users outside the guild, channels, DM channels."""

from __future__ import annotations

from tests.fakes.discord_server._constants import CHANNEL_DM, CHANNEL_TEXT, Intent, fixed_id
from tests.fakes.discord_server._gateway import Gateway
from tests.fakes.discord_server._models import Channel, FakeUser


class World(Gateway):
    """Adds members, users, channels and DMs to the seeded guild (channels are announced to clients)."""

    def add_member(self, username: str, *, admin: bool = False, global_name: str | None = None) -> FakeUser:
        user = FakeUser(
            fixed_id(next(self._next_fixed)),
            username,
            global_name,
            role_ids=[self.admin_role_id] if admin else [],
        )
        self.users[user.id] = user
        self.guild_members.append(user.id)
        return user

    def add_user(self, username: str, *, global_name: str | None = None) -> FakeUser:
        """A Discord user who is *not* in the guild (for DMs and lookups)."""
        user = FakeUser(fixed_id(next(self._next_fixed)), username, global_name)
        self.users[user.id] = user
        return user

    def add_channel(self, name: str, *, topic: str | None = None) -> int:
        channel_id = fixed_id(next(self._next_fixed))
        position = sum(1 for c in self._channels.values() if c.guild_id is not None)
        self._channels[channel_id] = Channel(channel_id, CHANNEL_TEXT, name, self.guild_id, position, topic)
        for session in self._sessions_for(self.guild_id):
            if session.intents & Intent.GUILDS:
                session.dispatch("CHANNEL_CREATE", self._channel_payload(channel_id))
        return channel_id

    def open_dm(self, user: FakeUser) -> int:
        """The DM channel between the bot and ``user`` (created if needed), for users writing to the bot."""
        existing = self._dm_by_user.get(user.id)
        if existing is not None:
            return existing
        channel_id = self._snowflake()
        self._channels[channel_id] = Channel(channel_id, CHANNEL_DM, None, None, recipient_id=user.id)
        self._dm_by_user[user.id] = channel_id
        return channel_id
