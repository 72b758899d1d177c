"""The fake's state: the seeded guild (bot, owner, admin, member, #general), every store, ids and lookups."""

from __future__ import annotations

import itertools
import time

from aiohttp import web

from tests.fakes._recording import Recorder
from tests.fakes.discord_server._constants import (
    ADMIN_ROLE_PERMISSIONS,
    ALL_PERMISSIONS,
    API_PREFIX,
    BOT_ROLE_PERMISSIONS,
    CHANNEL_TEXT,
    DISCORD_EPOCH_MS,
    EVERYONE_PERMISSIONS,
    JSON,
    Intent,
    Perm,
    fixed_id,
)
from tests.fakes.discord_server._errors import ApiError
from tests.fakes.discord_server._models import (
    Call,
    Channel,
    FakeInteraction,
    FakeUser,
    InteractionResponse,
    Role,
    StoredMessage,
    StoredThread,
)
from tests.fakes.discord_server._sessions import Connection, Session


class DiscordState:
    """Everything :class:`FakeDiscord` knows, with the lookups every part of it uses.

    The base of the mixin stack that makes up :class:`FakeDiscord` (see the package docstring).
    """

    def __init__(
        self,
        token: str = "test-token",
        *,
        guild_name: str = "Practice",
        bot_name: str = "PracticePartner",
        bot_permissions: int = BOT_ROLE_PERMISSIONS,
        privileged_intents: int = Intent.PRIVILEGED,
        callback_deadline: float | None = 3.0,
        heartbeat_interval_ms: int = 41_250,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token  # the one valid bot token (REST and IDENTIFY); change it to simulate a rotation
        self.privileged_intents = privileged_intents  # IDENTIFY asking for others gets close code 4014
        self.callback_deadline = callback_deadline  # seconds to answer an interaction (None: no limit)
        # Seconds an interaction token works for followups and edits (Discord: 15 minutes), then 401/50027.
        self.interaction_token_lifetime: float | None = 15 * 60
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.host = host
        self.port = port
        self.closed_dms: set[int] = set()  # users whose DMs are closed to the bot (403/50007)
        self.attachment_data: dict[str, bytes] = {}  # attachment id -> the bytes its CDN URL serves
        # Every file accepted on a message (filename, raw bytes, description), oldest first, for tests to read.
        self.uploads: list[dict[str, object]] = []
        # Sharding (see _shards): GET /gateway/bot's recommendation and identify limit, the identify window
        # (Discord's is 5 s; 0 turns the rule off, the default, so tests may start clients back to back),
        # and the guilds one session may hold before IDENTIFY is closed with 4011 (Discord: 2,500).
        self.shard_count = 1
        self.max_concurrency = 1
        self.identify_window = 0.0
        self.max_guilds_per_shard = 2500
        self._identified_at: dict[int, float] = {}
        self.rate_limited_identifies = 0
        self.shard_overlaps: list[int] = []  # shard ids identified while another live session held them

        self.application_id = fixed_id(1)
        self.guild_id = fixed_id(10)
        self.everyone_role_id = self.guild_id
        self.admin_role_id = fixed_id(11)
        self.bot_role_id = fixed_id(12)
        self.general_channel_id = fixed_id(20)
        self.guild_name = guild_name
        self.guild_names: dict[int, str] = {self.guild_id: guild_name}
        self._next_fixed = itertools.count(1000)

        self.bot_user = FakeUser(self.application_id, bot_name.lower(), bot_name, bot=True, role_ids=[self.bot_role_id])
        self.owner_user = FakeUser(fixed_id(30), "owner", "Guild Owner")
        self.admin_user = FakeUser(fixed_id(31), "admin", "Ada Admin", role_ids=[self.admin_role_id])
        self.member_user = FakeUser(fixed_id(32), "member", "Max Member")
        self.users: dict[int, FakeUser] = {}
        self.guild_members: list[int] = []
        for person in (self.bot_user, self.owner_user, self.admin_user, self.member_user):
            self.users[person.id] = person
            self.guild_members.append(person.id)
        self.roles: dict[int, Role] = {
            self.everyone_role_id: Role(self.everyone_role_id, "@everyone", EVERYONE_PERMISSIONS, 0),
            self.admin_role_id: Role(self.admin_role_id, "Admin", ADMIN_ROLE_PERMISSIONS, 2),
            self.bot_role_id: Role(
                self.bot_role_id,
                bot_name,
                bot_permissions,
                1,
                managed=True,
                tags={"bot_id": str(self.bot_user.id)},
            ),
        }
        self._channels: dict[int, Channel] = {
            self.general_channel_id: Channel(self.general_channel_id, CHANNEL_TEXT, "general", self.guild_id)
        }
        self._threads: dict[int, StoredThread] = {}
        self._messages: dict[int, list[StoredMessage]] = {}
        self._message_index: dict[int, StoredMessage] = {}
        self._commands: dict[int | None, list[JSON]] = {}
        self._interactions: dict[int, FakeInteraction] = {}
        self._interactions_by_token: dict[str, FakeInteraction] = {}
        self._responses: dict[int, list[InteractionResponse]] = {}
        self._modals: list[tuple[FakeInteraction, JSON]] = []
        self._dm_by_user: dict[int, int] = {}

        self.recorder: Recorder[Call] = Recorder("REST calls")
        self.calls = self.recorder.items
        self.interactions: list[FakeInteraction] = []
        self.identify_count = 0
        self.resume_count = 0
        self.ready_count = 0  # READY + RESUMED sent
        self.rejected_identifies = 0

        self._sessions: dict[str, Session] = {}
        self._connections: list[Connection] = []
        self._last_snowflake = 0
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    # -- ids and lookups -------------------------------------------------------------------------------------

    def _snowflake(self) -> int:
        now = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max(now << 22, self._last_snowflake + 1)
        self._last_snowflake = value
        return value

    def _command_names(self) -> list[str]:
        return [f"{c['name']}@{gid or 'global'}" for gid, cs in self._commands.items() for c in cs]

    def _guild_of(self, channel_id: int) -> int | None:
        thread = self._threads.get(channel_id)
        if thread is not None:
            return thread.guild_id
        channel = self._channels.get(channel_id)
        return None if channel is None else channel.guild_id

    def _require_channel(self, channel_id: int) -> None:
        if channel_id not in self._channels and (channel_id not in self._threads or self._threads[channel_id].deleted):
            raise ApiError(404, 10003, "Unknown Channel")

    def permissions_of(self, user: FakeUser) -> int:
        if user.id == self.owner_user.id:
            return ALL_PERMISSIONS
        bits = self.roles[self.everyone_role_id].permissions
        for role_id in user.role_ids:
            bits |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if bits & Perm.ADMINISTRATOR else bits

    def _token_ok(self, token: object) -> bool:
        return isinstance(token, str) and token.removeprefix("Bot ") == self.token
