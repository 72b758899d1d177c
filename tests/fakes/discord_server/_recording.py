"""Reading back what the client did (commands, responses, messages, threads, DMs, REST calls) and waiting."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from tests.fakes.discord_server._constants import JSON
from tests.fakes.discord_server._json import json_copy
from tests.fakes.discord_server._models import (
    Call,
    FakeInteraction,
    FakeUser,
    InteractionResponse,
    StoredMessage,
    StoredThread,
)
from tests.fakes.discord_server._state import DiscordState

T = TypeVar("T")


class Recording(DiscordState):
    """What tests read: the recorded state, and waiting until the client has done something."""

    # -- waiting ---------------------------------------------------------------------------------------------

    @property
    def connected_count(self) -> int:
        return sum(1 for c in self._connections if c.ready and not c.closed)

    async def wait_until_ready(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 (the agreed interface)
        """Wait until a client has identified (or resumed) and been sent READY + GUILD_CREATE."""
        await self.wait_for(lambda: self.connected_count > 0, timeout=timeout, what="a ready gateway client")

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        what: str | None = None,
        interval: float = 0.005,
    ) -> T:
        """Poll ``predicate`` until it returns something truthy, and return that; TimeoutError otherwise."""
        return await self.recorder.wait_for(predicate, timeout, what=what, interval=interval)

    async def wait_for_response(
        self,
        interaction: FakeInteraction,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        count: int = 1,
    ) -> InteractionResponse:
        """Wait until the client has sent ``count`` responses for the interaction; return the last of them."""
        await self.wait_for(
            lambda: len(self.responses(interaction)) >= count,
            timeout=timeout,
            what=f"{count} response(s) to interaction {interaction.name!r}",
        )
        return self.responses(interaction)[count - 1]

    # -- reading recorded state ------------------------------------------------------------------------------

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """The commands the client synced: global ones, or those of ``guild_id``."""
        return json_copy(self._commands.get(guild_id, []))

    def command(self, name: str, guild_id: int | None = None) -> JSON:
        for command in self._commands.get(guild_id, []):
            if command["name"] == name:
                return json_copy(command)
        raise LookupError(f"no synced command {name!r} (guild {guild_id}); have {self._command_names()}")

    def responses(self, interaction: FakeInteraction | int) -> list[InteractionResponse]:
        key = interaction.id if isinstance(interaction, FakeInteraction) else interaction
        return list(self._responses.get(key, []))

    def messages(self, channel_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        """Messages in a channel, thread or DM, oldest first (ephemeral ones included, flagged)."""
        return [m for m in self._messages.get(channel_id, []) if include_deleted or not m.deleted]

    def message(self, message_id: int) -> StoredMessage:
        return self._message_index[message_id]

    def last_message(self, channel_id: int) -> StoredMessage | None:
        found = self.messages(channel_id)
        return found[-1] if found else None

    @property
    def threads(self) -> list[StoredThread]:
        return list(self._threads.values())

    def thread(self, thread_id: int) -> StoredThread:
        return self._threads[thread_id]

    def dm_channel_id(self, user: FakeUser | int) -> int | None:
        return self._dm_by_user.get(user.id if isinstance(user, FakeUser) else user)

    def dms(self, user: FakeUser | int) -> list[StoredMessage]:
        channel_id = self.dm_channel_id(user)
        return [] if channel_id is None else self.messages(channel_id)

    def calls_to(self, method: str, path_pattern: str) -> list[Call]:
        pattern = re.compile(path_pattern)
        return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)]
