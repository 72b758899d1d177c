"""A local stand-in for Discord's REST API v10 and gateway, good enough for the real discord.py client.

Start a :class:`FakeDiscord`, point discord.py at it with :func:`pointed_at` (or run a client with
:func:`run_client`), then drive it from the test as the Discord users would and read back what the
client did::

    async with FakeDiscord(token="test-token") as fake, run_client(client, fake):
        i = await fake.slash_command("question", {"id": "url-shortener"}, user=fake.member_user)
        reply = await fake.wait_for_response(i)
        assert reply.type == 4 and "URL" in (reply.content or "")

Behaviour worth knowing (it mirrors Discord):

* every JSON response carries ``Content-Type: application/json`` (no charset), as discord.py requires;
* interaction callbacks are accepted once (a second one is 400/40060) and only within
  ``callback_deadline`` seconds of the interaction (404/10062 afterwards, like Discord's 3 s rule);
* after a deferred reply (callback type 5) the *first* followup edits the "thinking" message instead of
  posting a new one; its ephemerality is the defer's, not the followup's;
* ephemeral messages are stored (``fake.messages(channel)`` with ``.ephemeral``) but are invisible to the
  channel REST routes and never sent over the gateway;
* without the Message Content intent, MESSAGE_CREATE/UPDATE for other users' guild messages arrive with
  empty content, embeds, attachments and components unless the bot is mentioned;
* the UI is simulated faithfully: ``slash_command`` refuses commands that were never synced, options that
  don't exist, missing required options, values outside ``choices``, and (unless
  ``enforce_permissions=False``) users lacking the command's ``default_member_permissions``;
  ``press_button`` refuses disabled buttons and other users' ephemeral messages;
* the client's own messages come back to it as MESSAGE_CREATE (as on Discord), so ``on_message`` sees them;
* a thread started from a message has the message's id; thread creation sends THREAD_CREATE;
* invalid bodies get Discord-shaped 400s (50035 with ``errors``, 50006 for empty messages), e.g. content
  over 2000 characters, more than 5 action rows, duplicate ``custom_id`` s, over 25 autocomplete choices;
* a dropped connection RESUMEs and missed events are replayed; ``drop_connections(invalidate_sessions=True)``
  forces a fresh IDENTIFY (discord.py waits 5 s before re-identifying unless :func:`run_client` removes it).

Paths recorded in :attr:`FakeDiscord.calls` are relative to ``/api/v10`` (``"/users/@me"``).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import discord
import yarl
from aiohttp import WSMsgType, web

__all__ = [
    "ALL_PERMISSIONS",
    "Call",
    "FakeDiscord",
    "FakeInteraction",
    "FakeUser",
    "Intent",
    "InteractionResponse",
    "Perm",
    "Role",
    "StoredMessage",
    "StoredThread",
    "pointed_at",
    "run_client",
]

JSON = dict[str, Any]
T = TypeVar("T")

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
FIXED_BASE = 300_000_000_000 << 22  # a snowflake from mid 2024: stable ids for the seeded world


class Perm:
    """Discord permission bits used by the fake."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS: int = discord.Permissions.all().value

EVERYONE_PERMISSIONS = (
    Perm.CREATE_INSTANT_INVITE
    | Perm.ADD_REACTIONS
    | Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CONNECT
    | Perm.SPEAK
    | Perm.CHANGE_NICKNAME
    | Perm.USE_APPLICATION_COMMANDS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.CREATE_PRIVATE_THREADS
    | Perm.SEND_MESSAGES_IN_THREADS
)
ADMIN_ROLE_PERMISSIONS = (
    Perm.MANAGE_GUILD
    | Perm.MANAGE_CHANNELS
    | Perm.MANAGE_MESSAGES
    | Perm.MANAGE_THREADS
    | Perm.MANAGE_ROLES
    | Perm.KICK_MEMBERS
    | Perm.BAN_MEMBERS
    | Perm.MENTION_EVERYONE
)
BOT_ROLE_PERMISSIONS = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.SEND_MESSAGES_IN_THREADS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.CREATE_PRIVATE_THREADS
    | Perm.MANAGE_THREADS
    | Perm.MANAGE_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.ADD_REACTIONS
    | Perm.USE_APPLICATION_COMMANDS
)


class Intent:
    """Gateway intent bits the fake looks at."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15
    PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


# Discord constants (names as in the API docs)
CHANNEL_TEXT, CHANNEL_DM, CHANNEL_PUBLIC_THREAD, CHANNEL_PRIVATE_THREAD = 0, 1, 11, 12
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE = 1, 4, 5, 6
UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL, LAUNCH_ACTIVITY = 7, 8, 9, 12
FLAG_HAS_THREAD, FLAG_EPHEMERAL, FLAG_LOADING, FLAG_COMPONENTS_V2 = 1 << 5, 1 << 6, 1 << 7, 1 << 15
MESSAGE_DEFAULT, MESSAGE_REPLY, MESSAGE_CHAT_INPUT = 0, 19, 20
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    PING: frozenset({PONG}),
    APPLICATION_COMMAND: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL, LAUNCH_ACTIVITY}),
    MESSAGE_COMPONENT: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL}
    ),
    AUTOCOMPLETE: frozenset({AUTOCOMPLETE_RESULT}),
    MODAL_SUBMIT: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}),
}
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _fixed_id(n: int) -> int:
    return FIXED_BASE + n


def _iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat()


def _form_error(path: str, code: str, message: str) -> JSON:
    """Discord's nested ``errors`` object for one failing field, e.g. ``"embeds.0.title"``."""
    node: JSON = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        node = {part: node}
    return node


def _merge(into: JSON, extra: JSON) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    """Every component, depth first, including action-row children, section accessories and labels."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])


class ApiError(Exception):
    """A Discord-style error response: HTTP status plus JSON ``{"message", "code", "errors"?}``."""

    def __init__(self, status: int, code: int, message: str, errors: JSON | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> JSON:
        body: JSON = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def _invalid_form(errors: JSON) -> ApiError:
    return ApiError(400, 50035, "Invalid Form Body", errors)


# ---------------------------------------------------------------------------------------------------------
# Records the tests read
# ---------------------------------------------------------------------------------------------------------


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    role_ids: list[int] = field(default_factory=list)
    joined_at: str = "2024-06-01T12:00:00+00:00"

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "public_flags": 0,
            "flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    tags: JSON | None = None

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }
        if self.tags is not None:
            data["tags"] = self.tags
        return data


@dataclass
class Call:
    """One REST request the client made (path relative to /api/v10; ``time`` is ``time.monotonic()``)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    time: float
    status: int = 0
    files: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        query = "?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else ""
        return f"{self.method} {self.path}{query} -> {self.status}"


@dataclass
class StoredMessage:
    id: int
    channel_id: int
    author: FakeUser
    content: str = ""
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    attachments: list[JSON] = field(default_factory=list)
    flags: int = 0
    type: int = MESSAGE_DEFAULT
    guild_id: int | None = None
    thread_id: int | None = None  # the thread started from this message
    interaction_id: int | None = None  # the interaction this message answers
    ephemeral_to: int | None = None  # the only user who sees it, for ephemeral messages
    webhook_id: int | None = None
    message_reference: JSON | None = None
    mentions: list[int] = field(default_factory=list)
    timestamp: str = field(default_factory=_iso)
    edited_timestamp: str | None = None
    deleted: bool = False
    edits: list[JSON] = field(default_factory=list)  # the body of every edit, in order
    reactions: list[str] = field(default_factory=list)  # emoji the bot added
    position: int | None = None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & FLAG_LOADING)

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def find_component(self, custom_id: str) -> JSON | None:
        return next((c for c in walk_components(self.components) if c.get("custom_id") == custom_id), None)


@dataclass
class StoredThread:
    id: int
    guild_id: int
    parent_id: int
    name: str
    type: int
    owner_id: int
    starter_message_id: int | None = None
    members: list[int] = field(default_factory=list)
    archived: bool = False
    locked: bool = False
    invitable: bool = True
    auto_archive_duration: int = 1440
    created: str = field(default_factory=_iso)
    message_count: int = 0
    last_message_id: int | None = None
    deleted: bool = False

    @property
    def private(self) -> bool:
        return self.type == CHANNEL_PRIVATE_THREAD


@dataclass
class InteractionResponse:
    """One thing the client sent for an interaction.

    ``kind`` is ``callback``, ``edit_original``, ``delete_original``, ``followup``, ``edit_followup`` or
    ``delete_followup``; ``type`` is the callback type (callbacks only); ``data`` is the message/modal/choices
    body as sent; ``flags`` are the resulting message's flags (so ``ephemeral`` is right for edits too).
    Attempts the fake refused (a second callback, a late one, an invalid body) are kept with their
    ``status`` and ``error`` code, so ``accepted`` is False for them.
    """

    kind: str
    type: int | None
    data: JSON
    flags: int
    message_id: int | None
    time: float
    status: int = 200  # what the fake answered; rejected attempts are recorded too
    error: int | None = None  # Discord's JSON error code when rejected (40060, 10062, 50035, ...)

    @property
    def accepted(self) -> bool:
        return self.status < 300

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[JSON]:
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        return list(self.data.get("components") or [])

    @property
    def choices(self) -> list[JSON]:
        return list(self.data.get("choices") or [])


@dataclass
class FakeInteraction:
    id: int
    token: str
    type: int
    user: FakeUser
    channel_id: int
    guild_id: int | None
    name: str  # command path ("mock start") or the component/modal custom_id
    payload: JSON
    created: float  # time.monotonic()
    message_id: int | None = None  # the message a component sits on (or the modal was opened from)
    callback_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: JSON | None = None

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None


# ---------------------------------------------------------------------------------------------------------
# Gateway plumbing
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


_READY_MARK = object()


class _Connection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str | _Close | object] = asyncio.Queue()
        self.session: _Session | None = None
        self.ready = False
        self.closed = False
        self.dropped = False
        self.writer: asyncio.Task[None] | None = None

    def send(self, frame: JSON | _Close | object) -> None:
        if self.closed:
            return
        if isinstance(frame, _Close):
            self.closed = True
        self.queue.put_nowait(json.dumps(frame) if isinstance(frame, dict) else frame)


@dataclass
class _Session:
    id: str
    intents: int
    shard: list[int] | None = None
    seq: int = 0
    buffer: list[JSON] = field(default_factory=list)
    connection: _Connection | None = None
    valid: bool = True

    def dispatch(self, event: str, data: JSON) -> None:
        self.seq += 1
        frame = {"op": 0, "t": event, "s": self.seq, "d": data}
        self.buffer.append(frame)
        del self.buffer[:-500]
        if self.connection is not None:
            self.connection.send(frame)


@dataclass
class _Channel:
    id: int
    type: int
    name: str | None
    guild_id: int | None
    position: int = 0
    topic: str | None = None
    recipient_id: int | None = None
    last_message_id: int | None = None


@dataclass
class _Request:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[JSON]


_Handler = Callable[..., Awaitable[tuple[int, Any]]]


# ---------------------------------------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------------------------------------


class FakeDiscord:
    """Discord's REST API v10 and gateway on 127.0.0.1: one guild with the bot, an owner, an admin, a member.

    ``stop()`` then ``start()`` again reuses the same port and keeps all state (commands, messages, ...).
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
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.host = host
        self.port = port
        self.closed_dms: set[int] = set()  # users whose DMs are closed to the bot (403/50007)

        self.application_id = _fixed_id(1)
        self.guild_id = _fixed_id(10)
        self.everyone_role_id = self.guild_id
        self.admin_role_id = _fixed_id(11)
        self.bot_role_id = _fixed_id(12)
        self.general_channel_id = _fixed_id(20)
        self.guild_name = guild_name
        self._next_fixed = itertools.count(1000)

        self.bot_user = FakeUser(self.application_id, bot_name.lower(), bot_name, bot=True, role_ids=[self.bot_role_id])
        self.owner_user = FakeUser(_fixed_id(30), "owner", "Guild Owner")
        self.admin_user = FakeUser(_fixed_id(31), "admin", "Ada Admin", role_ids=[self.admin_role_id])
        self.member_user = FakeUser(_fixed_id(32), "member", "Max Member")
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
        self._channels: dict[int, _Channel] = {
            self.general_channel_id: _Channel(self.general_channel_id, CHANNEL_TEXT, "general", self.guild_id)
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

        self.calls: list[Call] = []
        self.interactions: list[FakeInteraction] = []
        self.identify_count = 0
        self.resume_count = 0
        self.ready_count = 0  # READY + RESUMED sent
        self.rejected_identifies = 0

        self._sessions: dict[str, _Session] = {}
        self._connections: list[_Connection] = []
        self._last_snowflake = 0
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()

    # -- lifecycle -----------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("GET", "/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        await self.drop_connections(code=1001, invalidate_sessions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    # -- waiting -------------------------------------------------------------------------------------------

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
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() >= deadline:
                recent = "\n  ".join(str(c) for c in self.calls[-10:]) or "(none)"
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what or 'condition'}; last REST calls:\n  {recent}"
                )
            await asyncio.sleep(interval)

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

    # -- reading recorded state ----------------------------------------------------------------------------

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """The commands the client synced: global ones, or those of ``guild_id``."""
        return copy.deepcopy(self._commands.get(guild_id, []))

    def command(self, name: str, guild_id: int | None = None) -> JSON:
        for command in self._commands.get(guild_id, []):
            if command["name"] == name:
                return copy.deepcopy(command)
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

    def permissions_of(self, user: FakeUser) -> int:
        if user.id == self.owner_user.id:
            return ALL_PERMISSIONS
        bits = self.roles[self.everyone_role_id].permissions
        for role_id in user.role_ids:
            bits |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if bits & Perm.ADMINISTRATOR else bits

    # -- shaping the world ---------------------------------------------------------------------------------

    def add_member(self, username: str, *, admin: bool = False, global_name: str | None = None) -> FakeUser:
        user = FakeUser(
            _fixed_id(next(self._next_fixed)),
            username,
            global_name,
            role_ids=[self.admin_role_id] if admin else [],
        )
        self.users[user.id] = user
        self.guild_members.append(user.id)
        return user

    def add_user(self, username: str, *, global_name: str | None = None) -> FakeUser:
        """A Discord user who is *not* in the guild (for DMs and lookups)."""
        user = FakeUser(_fixed_id(next(self._next_fixed)), username, global_name)
        self.users[user.id] = user
        return user

    def add_channel(self, name: str, *, topic: str | None = None) -> int:
        channel_id = _fixed_id(next(self._next_fixed))
        position = sum(1 for c in self._channels.values() if c.guild_id is not None)
        self._channels[channel_id] = _Channel(channel_id, CHANNEL_TEXT, name, self.guild_id, position, topic)
        for session in self._live_sessions():
            if session.intents & Intent.GUILDS:
                session.dispatch("CHANNEL_CREATE", self._channel_payload(channel_id))
        return channel_id

    def open_dm(self, user: FakeUser) -> int:
        """The DM channel between the bot and ``user`` (created if needed), for users writing to the bot."""
        existing = self._dm_by_user.get(user.id)
        if existing is not None:
            return existing
        channel_id = self._snowflake()
        self._channels[channel_id] = _Channel(channel_id, CHANNEL_DM, None, None, recipient_id=user.id)
        self._dm_by_user[user.id] = channel_id
        return channel_id

    # -- driving: things Discord users do --------------------------------------------------------------------

    async def post_message(
        self,
        channel_id: int,
        content: str,
        *,
        user: FakeUser | None = None,
        embeds: Sequence[JSON] = (),
        components: Sequence[JSON] = (),
        reply_to: int | None = None,
    ) -> StoredMessage:
        """A user (member by default; the bot too, to seed "earlier" messages) posts; sends MESSAGE_CREATE."""
        author = user or self.member_user
        self._require_channel(channel_id)
        body: JSON = {"content": content, "embeds": list(embeds), "components": list(components)}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to)}
        self._validate_message_body(body)
        return self._create_message(channel_id, author, body)

    async def slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        enforce_permissions: bool = True,
    ) -> FakeInteraction:
        """Invoke a synced chat-input command, as the Discord client would (INTERACTION_CREATE type 2).

        ``name`` may be a path ("mock start"); otherwise pick subcommands through nested options:
        ``slash_command("mock", {"start": {"question": "x"}})``. Users are FakeUser or ids; choice options
        accept the choice's value or its name.
        """
        return self._command_interaction(
            APPLICATION_COMMAND, name, options or {}, None, user, channel_id, locale, enforce_permissions
        )

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
        user: FakeUser | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """The user is typing into option ``focused`` (an autocomplete option) of a synced command."""
        return self._command_interaction(AUTOCOMPLETE, name, options or {}, focused, user, channel_id, locale, False)

    async def press_button(
        self, custom_id: str, *, message_id: int | None = None, user: FakeUser | None = None
    ) -> FakeInteraction:
        """Click a button on a stored message (the latest one carrying ``custom_id`` unless given)."""
        message, component = self._find_component(custom_id, message_id)
        if component.get("type") != 2:
            raise ValueError(f"component {custom_id!r} is of type {component.get('type')}, not a button")
        return self._component_interaction(message, component, {}, user)

    async def select(
        self,
        custom_id: str,
        values: Sequence[str | int],
        *,
        message_id: int | None = None,
        user: FakeUser | None = None,
    ) -> FakeInteraction:
        """Pick ``values`` in a select menu on a stored message."""
        message, component = self._find_component(custom_id, message_id)
        if component.get("type") not in SELECT_TYPES:
            raise ValueError(f"component {custom_id!r} is of type {component.get('type')}, not a select")
        picked = [str(v) for v in values]
        if component.get("type") == 3:
            allowed = {o["value"] for o in component.get("options", [])}
            if not set(picked) <= allowed:
                raise ValueError(f"{picked} not among the select's options {sorted(allowed)}")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(picked) <= high:
            raise ValueError(f"select {custom_id!r} takes {low}..{high} values, got {len(picked)}")
        return self._component_interaction(message, component, {"values": picked}, user)

    async def submit_modal(
        self, custom_id: str | None, values: Mapping[str, Any], *, user: FakeUser | None = None
    ) -> FakeInteraction:
        """Submit a modal the client showed (``custom_id`` None: the latest) with values by field id."""
        opener, modal = self._find_modal(custom_id, user)
        submitter = user or opener.user
        unknown = set(values) - {
            c["custom_id"] for c in walk_components(modal.get("components", [])) if "custom_id" in c
        }
        if unknown:
            raise ValueError(f"modal {modal.get('custom_id')!r} has no fields {sorted(unknown)}")
        data = {
            "custom_id": modal["custom_id"],
            "components": self._modal_submission(modal.get("components", []), values),
        }
        message = self._message_index.get(opener.message_id) if opener.message_id else None
        return self._dispatch_interaction(
            MODAL_SUBMIT, data, submitter, opener.channel_id, name=modal["custom_id"], message=message
        )

    # -- gateway control ---------------------------------------------------------------------------------

    async def drop_connections(self, *, code: int = 4000, invalidate_sessions: bool = False) -> int:
        """Close every gateway connection (as a Discord restart would). Returns how many were dropped.

        discord.py then reconnects and RESUMEs (missed events are replayed); with ``invalidate_sessions`` the
        resume is refused (op 9) and the client IDENTIFIES afresh and gets a new READY.
        """
        dropped = [c for c in self._connections if not c.closed]
        for connection in dropped:
            connection.dropped = True
            self._detach(connection)
            connection.send(_Close(code, "dropped by the fake"))
        if invalidate_sessions:
            for session in self._sessions.values():
                session.valid = False
        writers = [c.writer for c in dropped if c.writer is not None]
        if writers:
            await asyncio.wait(writers, timeout=3.0)
        return len(dropped)

    def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every connected client."""
        for connection in list(self._connections):
            connection.send({"op": 7, "d": None})

    # ======================================================================================================
    # Internals: ids, payloads
    # ======================================================================================================

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

    def _member_payload(self, user: FakeUser, *, with_user: bool = True, permissions: bool = False) -> JSON:
        data: JSON = {
            "roles": [str(r) for r in user.role_ids],
            "joined_at": user.joined_at,
            "premium_since": None,
            "nick": None,
            "avatar": None,
            "banner": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = user.payload()
        if permissions:
            data["permissions"] = str(self.permissions_of(user))
        return data

    def _thread_member_payload(self, thread: StoredThread, user_id: int) -> JSON:
        return {"id": str(thread.id), "user_id": str(user_id), "join_timestamp": thread.created, "flags": 0}

    def _thread_payload(self, thread: StoredThread) -> JSON:
        metadata: JSON = {
            "archived": thread.archived,
            "auto_archive_duration": thread.auto_archive_duration,
            "archive_timestamp": thread.created,
            "locked": thread.locked,
            "create_timestamp": thread.created,
        }
        if thread.private:
            metadata["invitable"] = thread.invitable
        data: JSON = {
            "id": str(thread.id),
            "guild_id": str(thread.guild_id),
            "parent_id": str(thread.parent_id),
            "owner_id": str(thread.owner_id),
            "name": thread.name,
            "type": thread.type,
            "last_message_id": None if thread.last_message_id is None else str(thread.last_message_id),
            "message_count": thread.message_count,
            "total_message_sent": thread.message_count,
            "member_count": len(thread.members),
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": metadata,
        }
        if self.bot_user.id in thread.members:
            data["member"] = self._thread_member_payload(thread, self.bot_user.id)
        return data

    def _channel_payload(self, channel_id: int) -> JSON:
        thread = self._threads.get(channel_id)
        if thread is not None:
            return self._thread_payload(thread)
        channel = self._channels[channel_id]
        last = None if channel.last_message_id is None else str(channel.last_message_id)
        if channel.type == CHANNEL_DM:
            recipient = self.users[channel.recipient_id or 0]
            return {"id": str(channel.id), "type": CHANNEL_DM, "last_message_id": last, "flags": 0,
                    "recipients": [recipient.payload()]}  # fmt: skip
        return {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "position": channel.position,
            "permission_overwrites": [],
            "parent_id": None,
            "topic": channel.topic,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": last,
            "flags": 0,
        }

    def _guild_payload(self) -> JSON:
        return {
            "id": str(self.guild_id),
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_user.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.general_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500_000,
            "incidents_data": None,
        }

    def _guild_create_payload(self) -> JSON:
        data = self._guild_payload()
        data.update(
            {
                "joined_at": self.bot_user.joined_at,
                "large": False,
                "unavailable": False,
                "lazy": True,
                "member_count": len(self.guild_members),
                "members": [self._member_payload(self.users[u]) for u in self.guild_members],
                "channels": [self._channel_payload(c.id) for c in self._channels.values() if c.guild_id],
                "threads": [
                    self._thread_payload(t) for t in self._threads.values() if not t.archived and not t.deleted
                ],
                "voice_states": [],
                "presences": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }
        )
        return data

    def _app_payload(self) -> JSON:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.global_name or self.bot_user.username,
            "description": "",
            "summary": "",
            "icon": None,
            "cover_image": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner_user.payload(),
            "team": None,
            "bot": self.bot_user.payload(),
            "flags": (1 << 15) | (1 << 19),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "integration_types_config": {"0": {}},
            "tags": [],
        }

    def _message_payload(self, message: StoredMessage, *, gateway: bool = False, nested: bool = False) -> JSON:
        data: JSON = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": message.type,
            "content": message.content,
            "author": message.author.payload(),
            "timestamp": message.timestamp,
            "edited_timestamp": message.edited_timestamp,
            "tts": False,
            "mention_everyone": False,
            "mentions": [self.users[u].payload() for u in message.mentions if u in self.users],
            "mention_roles": [],
            "attachments": copy.deepcopy(message.attachments),
            "embeds": copy.deepcopy(message.embeds),
            "components": copy.deepcopy(message.components),
            "pinned": False,
            "flags": message.flags,
        }
        if message.position is not None:
            data["position"] = message.position
        if message.webhook_id is not None:
            data["webhook_id"] = str(message.webhook_id)
            data["application_id"] = str(self.application_id)
        interaction = self._interactions.get(message.interaction_id or 0)
        if interaction is not None:
            metadata: JSON = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
            }
            if interaction.type == APPLICATION_COMMAND:
                metadata["name"] = interaction.name
            if interaction.message_id is not None:
                metadata["interacted_message_id"] = str(interaction.message_id)
            if interaction.original_message_id not in (None, message.id):
                metadata["original_response_message_id"] = str(interaction.original_message_id)
            data["interaction_metadata"] = metadata
        if message.thread_id is not None and message.thread_id in self._threads:
            data["thread"] = self._thread_payload(self._threads[message.thread_id])
        if message.message_reference is not None:
            data["message_reference"] = dict(message.message_reference)
            if not nested:
                referenced = self._message_index.get(int(message.message_reference.get("message_id", 0)))
                alive = referenced is not None and not referenced.deleted
                data["referenced_message"] = (
                    self._message_payload(referenced, nested=True) if alive and referenced else None
                )
        if gateway and message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            if message.webhook_id is None and message.author.id in self.guild_members:
                data["member"] = self._member_payload(message.author, with_user=False)
        return data

    # ======================================================================================================
    # Internals: gateway
    # ======================================================================================================

    def _live_sessions(self) -> list[_Session]:
        return [s for s in self._sessions.values() if s.valid]

    def _detach(self, connection: _Connection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)
        session = connection.session
        if session is not None and session.connection is connection:
            session.connection = None

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=2.0)
        await ws.prepare(request)
        connection = _Connection(ws)
        self._connections.append(connection)
        connection.writer = asyncio.create_task(self._writer(connection), name="fake-discord-gateway-writer")
        connection.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake"]}})
        try:
            async for frame in ws:
                if frame.type is WSMsgType.TEXT:
                    try:
                        decoded = json.loads(frame.data)
                    except ValueError:
                        decoded = None
                    if not isinstance(decoded, dict):
                        connection.send(_Close(4002, "Decode error."))
                        continue
                    self._gateway_receive(connection, decoded)
                elif frame.type is WSMsgType.BINARY:
                    connection.send(_Close(4002, "Decode error."))
        finally:
            client_closed_cleanly = not connection.dropped and ws.close_code in (1000, 1001)
            self._detach(connection)
            if client_closed_cleanly and connection.session is not None:
                connection.session.valid = False  # like Discord: a 1000/1001 close ends the session
            connection.closed = True
            writer = connection.writer
            if writer is not None and not writer.done():
                if connection.dropped:
                    await asyncio.wait([writer], timeout=2.0)
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer
        return ws

    async def _writer(self, connection: _Connection) -> None:
        ws = connection.ws
        try:
            while True:
                item = await connection.queue.get()
                if isinstance(item, _Close):
                    await ws.close(code=item.code, message=item.reason.encode())
                    return
                if item is _READY_MARK:
                    connection.ready = True
                elif isinstance(item, str) and not ws.closed:
                    await ws.send_str(item)
        except (ConnectionError, RuntimeError):
            return

    def _gateway_receive(self, connection: _Connection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            connection.send({"op": 11})
        elif op == 2:
            self._identify(connection, data or {})
        elif op == 6:
            self._resume(connection, data or {})
        elif op == 8:
            self._request_members(connection, data or {})
        elif op in (3, 4):
            return
        else:
            connection.send(_Close(4001, "Unknown opcode."))

    def _token_ok(self, token: object) -> bool:
        return isinstance(token, str) and token.removeprefix("Bot ") == self.token

    def _identify(self, connection: _Connection, data: JSON) -> None:
        if connection.session is not None:
            connection.send(_Close(4005, "Already authenticated."))
            return
        if not self._token_ok(data.get("token")):
            self.rejected_identifies += 1
            connection.send(_Close(4004, "Authentication failed."))
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            connection.send(_Close(4013, "Invalid intent(s)."))
            return
        if intents & Intent.PRIVILEGED & ~self.privileged_intents:
            connection.send(_Close(4014, "Disallowed intent(s)."))
            return
        session = _Session(secrets.token_hex(16), intents, shard=data.get("shard"))
        self._sessions[session.id] = session
        session.connection = connection
        connection.session = session
        ready: JSON = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self._app_payload()["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "user_settings": {},
            "_trace": ["fake"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        session.dispatch("READY", ready)
        session.dispatch("GUILD_CREATE", self._guild_create_payload())
        connection.send(_READY_MARK)
        self.identify_count += 1
        self.ready_count += 1

    def _resume(self, connection: _Connection, data: JSON) -> None:
        if not self._token_ok(data.get("token")):
            connection.send(_Close(4004, "Authentication failed."))
            return
        session = self._sessions.get(str(data.get("session_id")))
        seq = data.get("seq") or 0
        oldest = session.buffer[0]["s"] if session and session.buffer else 1
        if session is None or not session.valid or seq + 1 < oldest:
            connection.send({"op": 9, "d": False})
            return
        previous = session.connection
        if previous is not None and previous is not connection:
            previous.dropped = True
            self._detach(previous)
            previous.send(_Close(4000, "Session resumed elsewhere."))
        session.connection = connection
        connection.session = session
        for frame in session.buffer:
            if frame["s"] > seq:
                connection.send(frame)
        session.dispatch("RESUMED", {"_trace": ["fake"]})
        connection.send(_READY_MARK)
        self.resume_count += 1
        self.ready_count += 1

    def _request_members(self, connection: _Connection, data: JSON) -> None:
        session = connection.session
        if session is None:
            connection.send(_Close(4003, "Not authenticated."))
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        limit = int(data.get("limit") or 0) or len(self.guild_members)
        found = [
            self.users[u]
            for u in self.guild_members
            if (not wanted or u in wanted) and self.users[u].username.lower().startswith(query)
        ][:limit]
        session.dispatch(
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": str(self.guild_id),
                "members": [self._member_payload(u) for u in found],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [str(u) for u in wanted - {u.id for u in found}],
                "nonce": data.get("nonce"),
            },
        )

    def _dispatch_message_event(self, event: str, message: StoredMessage) -> None:
        if message.ephemeral:
            return
        needed = Intent.GUILD_MESSAGES if message.guild_id is not None else Intent.DIRECT_MESSAGES
        full = self._message_payload(message, gateway=True)
        for session in self._live_sessions():
            if not session.intents & needed:
                continue
            visible = (
                session.intents & Intent.MESSAGE_CONTENT
                or message.guild_id is None
                or message.author.id == self.bot_user.id
                or self.bot_user.id in message.mentions
            )
            payload = full if visible else {**full, "content": "", "embeds": [], "attachments": [], "components": []}
            session.dispatch(event, copy.deepcopy(payload))

    def _dispatch_message_delete(self, message: StoredMessage) -> None:
        if message.ephemeral:
            return
        needed = Intent.GUILD_MESSAGES if message.guild_id is not None else Intent.DIRECT_MESSAGES
        data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        for session in self._live_sessions():
            if session.intents & needed:
                session.dispatch("MESSAGE_DELETE", dict(data))

    def _dispatch_guild_event(self, event: str, data: JSON) -> None:
        for session in self._live_sessions():
            if session.intents & Intent.GUILDS:
                session.dispatch(event, copy.deepcopy(data))

    # ======================================================================================================
    # Internals: interactions the fake sends
    # ======================================================================================================

    def _dispatch_interaction(
        self,
        itype: int,
        data: JSON | None,
        user: FakeUser,
        channel_id: int,
        *,
        name: str,
        message: StoredMessage | None = None,
        locale: str = "en-US",
    ) -> FakeInteraction:
        sessions = self._live_sessions()
        if not sessions:
            raise RuntimeError("no discord.py client has identified with the fake gateway; start one first")
        self._require_channel(channel_id)
        guild_id = self._guild_of(channel_id)
        interaction_id = self._snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "channel_id": str(channel_id),
            "channel": self._channel_payload(channel_id),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            if user.id not in self.guild_members:
                raise ValueError(f"{user.username} is not a member of the guild")
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "member": self._member_payload(user, permissions=True),
                    "app_permissions": str(self.permissions_of(self.bot_user)),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
        else:
            dm_permissions = Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES | Perm.EMBED_LINKS | Perm.ATTACH_FILES
            payload.update(
                {
                    "user": user.payload(),
                    "app_permissions": str(dm_permissions | Perm.READ_MESSAGE_HISTORY | Perm.ADD_REACTIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if data is not None:
            payload["data"] = data
        if message is not None:
            payload["message"] = self._message_payload(message)
        interaction = FakeInteraction(
            id=interaction_id,
            token=token,
            type=itype,
            user=user,
            channel_id=channel_id,
            guild_id=guild_id,
            name=name,
            payload=payload,
            created=time.monotonic(),
            message_id=None if message is None else message.id,
        )
        self._interactions[interaction_id] = interaction
        self._interactions_by_token[token] = interaction
        self._responses[interaction_id] = []
        self.interactions.append(interaction)
        for session in sessions:
            session.dispatch("INTERACTION_CREATE", copy.deepcopy(payload))
        return interaction

    def _find_command(self, name: str, guild_id: int | None) -> JSON:
        pools = ([self._commands.get(guild_id, [])] if guild_id is not None else []) + [self._commands.get(None, [])]
        for pool in pools:
            for command in pool:
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        raise LookupError(f"command {name!r} was never synced; synced: {self._command_names() or 'nothing'}")

    def _command_interaction(
        self,
        itype: int,
        name: str,
        options: Mapping[str, Any],
        focused: str | None,
        user: FakeUser | None,
        channel_id: int | None,
        locale: str,
        enforce_permissions: bool,
    ) -> FakeInteraction:
        invoker = user or self.member_user
        where = self.general_channel_id if channel_id is None else channel_id
        self._require_channel(where)
        guild_id = self._guild_of(where)
        head, *path = name.split()
        command = self._find_command(head, guild_id)
        contexts = command.get("contexts")
        if guild_id is None and (command.get("dm_permission") is False or (contexts is not None and 1 not in contexts)):
            raise PermissionError(f"/{head} is not available in DMs")
        if guild_id is not None and contexts is not None and 0 not in contexts:
            raise PermissionError(f"/{head} is not available in servers")
        required = command.get("default_member_permissions")
        if enforce_permissions and guild_id is not None and required is not None:
            needed = int(required)
            if self.permissions_of(invoker) & needed != needed:
                raise PermissionError(
                    f"{invoker.username} lacks permissions {needed:#x} needed for /{head}; "
                    "Discord would hide it (pass enforce_permissions=False to invoke anyway)"
                )
        resolved: JSON = {}
        built = self._build_options(command.get("options") or [], options, path, resolved, focused, guild_id)
        if focused is not None and not any(self._focused_in(built)):
            raise ValueError(f"option {focused!r} of /{name} is not an autocomplete option")
        data: JSON = {"id": command["id"], "name": head, "type": 1, "options": built}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return self._dispatch_interaction(itype, data, invoker, where, name=name, locale=locale)

    def _focused_in(self, options: list[JSON]) -> Iterator[bool]:
        for option in options:
            if option.get("focused"):
                yield True
            yield from self._focused_in(option.get("options") or [])

    def _build_options(
        self,
        schema: list[JSON],
        given: Mapping[str, Any],
        path: list[str],
        resolved: JSON,
        focused: str | None,
        guild_id: int | None,
    ) -> list[JSON]:
        subcommands = [o for o in schema if o.get("type") in (1, 2)]
        if subcommands:
            if path:
                chosen, inner_given, rest = path[0], given, path[1:]
            elif len(given) == 1:
                chosen, inner_given = next(iter(given.items()))
                rest = []
            else:
                names = [o["name"] for o in subcommands]
                raise ValueError(f"pick exactly one subcommand of {names}, got {list(given)}")
            sub = next((o for o in subcommands if o["name"] == chosen), None)
            if sub is None:
                raise ValueError(f"no subcommand {chosen!r}; have {[o['name'] for o in subcommands]}")
            inner = self._build_options(sub.get("options") or [], inner_given or {}, rest, resolved, focused, guild_id)
            return [{"name": chosen, "type": sub["type"], "options": inner}]
        if path:
            raise ValueError(f"{path[0]!r} is not a subcommand here")
        unknown = set(given) - {o["name"] for o in schema}
        if unknown:
            raise ValueError(f"unknown options {sorted(unknown)}; have {[o['name'] for o in schema]}")
        built: list[JSON] = []
        for option in schema:
            option_name = option["name"]
            if option_name == focused:
                if not option.get("autocomplete"):
                    raise ValueError(f"option {focused!r} does not have autocomplete")
                typed = given.get(option_name, "")
                built.append({"name": option_name, "type": option["type"], "value": str(typed), "focused": True})
            elif option_name in given:
                value = self._option_value(option, given[option_name], resolved, guild_id)
                built.append({"name": option_name, "type": option["type"], "value": value})
            elif option.get("required") and focused is None:
                raise ValueError(f"required option {option_name!r} missing")
        return built

    def _option_value(self, option: JSON, value: Any, resolved: JSON, guild_id: int | None) -> Any:
        kind, name = option["type"], option["name"]
        choices = option.get("choices")
        if choices:
            by_name = {c["name"]: c["value"] for c in choices}
            values = [c["value"] for c in choices]
            if value in by_name and value not in values:
                value = by_name[value]
            if value not in values:
                raise ValueError(f"{value!r} is not one of the choices {values} of option {name!r}")
        if kind == 3:
            text = str(value)
            if not option.get("min_length", 0) <= len(text) <= option.get("max_length", 6000):
                raise ValueError(f"{name!r} length out of bounds")
            return text
        if kind in (4, 10):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or (kind == 4 and isinstance(value, float))
            ):
                raise ValueError(f"option {name!r} wants a {'integer' if kind == 4 else 'number'}, got {value!r}")
            if value < option.get("min_value", -(2**53)) or value > option.get("max_value", 2**53):
                raise ValueError(f"{name!r} = {value} out of bounds")
            return value
        if kind == 5:
            if not isinstance(value, bool):
                raise ValueError(f"option {name!r} wants a boolean, got {value!r}")
            return value
        if kind in (6, 9) and (isinstance(value, FakeUser) or value in self.users):
            user = value if isinstance(value, FakeUser) else self.users[value]
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            if guild_id is not None and user.id in self.guild_members:
                member = self._member_payload(user, with_user=False, permissions=True)
                resolved.setdefault("members", {})[str(user.id)] = member
            return str(user.id)
        if kind in (8, 9) and int(value) in self.roles:
            resolved.setdefault("roles", {})[str(value)] = self.roles[int(value)].payload()
            return str(value)
        if kind == 7:
            channel_id = int(value)
            self._require_channel(channel_id)
            entry = self._channel_payload(channel_id)
            entry["permissions"] = str(self.permissions_of(self.member_user))
            resolved.setdefault("channels", {})[str(channel_id)] = entry
            return str(channel_id)
        raise ValueError(f"cannot build a value of type {kind} for option {name!r} from {value!r}")

    def _find_component(self, custom_id: str, message_id: int | None) -> tuple[StoredMessage, JSON]:
        if message_id is not None:
            message = self._message_index.get(message_id)
            if message is None or message.deleted:
                raise LookupError(f"no message {message_id}")
            component = message.find_component(custom_id)
            if component is None:
                raise LookupError(f"message {message_id} has no component {custom_id!r}; has {message.custom_ids()}")
            return message, component
        for message in reversed(list(self._message_index.values())):
            if message.deleted:
                continue
            component = message.find_component(custom_id)
            if component is not None:
                return message, component
        raise LookupError(f"no stored message carries a component {custom_id!r}")

    def _component_interaction(
        self, message: StoredMessage, component: JSON, extra: JSON, user: FakeUser | None
    ) -> FakeInteraction:
        clicker = user or (self.users[message.ephemeral_to] if message.ephemeral_to else self.member_user)
        if message.ephemeral and message.ephemeral_to not in (None, clicker.id):
            raise PermissionError(f"{clicker.username} cannot see that ephemeral message")
        if component.get("disabled"):
            raise ValueError(f"component {component.get('custom_id')!r} is disabled")
        data: JSON = {"custom_id": component["custom_id"], "component_type": component["type"], **extra}
        if "id" in component:
            data["id"] = component["id"]
        return self._dispatch_interaction(
            MESSAGE_COMPONENT, data, clicker, message.channel_id, name=component["custom_id"], message=message
        )

    def _find_modal(self, custom_id: str | None, user: FakeUser | None) -> tuple[FakeInteraction, JSON]:
        for opener, modal in reversed(self._modals):
            if (custom_id is None or modal.get("custom_id") == custom_id) and (user is None or opener.user == user):
                return opener, modal
        shown = [m.get("custom_id") for _, m in self._modals]
        raise LookupError(f"the client never showed a modal {custom_id!r} to that user; shown: {shown}")

    def _modal_submission(self, components: list[JSON], values: Mapping[str, Any]) -> list[JSON]:
        submitted: list[JSON] = []
        for component in components:
            kind = component.get("type")
            if kind == 1:
                submitted.append(
                    {"type": 1, "components": self._modal_submission(component.get("components", []), values)}
                )
            elif kind == 18:
                inner = self._modal_submission([component["component"]], values)
                entry: JSON = {"type": 18, "component": inner[0]}
                if "id" in component:
                    entry["id"] = component["id"]
                submitted.append(entry)
            elif kind == 4:
                custom_id = component["custom_id"]
                value = str(values.get(custom_id, component.get("value") or ""))
                if component.get("required", True) and not value:
                    raise ValueError(f"text input {custom_id!r} is required")
                if value and not component.get("min_length", 0) <= len(value) <= component.get("max_length", 4000):
                    raise ValueError(f"text input {custom_id!r}: length {len(value)} out of bounds")
                submitted.append({"type": 4, "custom_id": custom_id, "value": value})
            elif kind in SELECT_TYPES:
                picked = values.get(component["custom_id"], [])
                picked_list = [str(v) for v in ([picked] if isinstance(picked, str | int) else picked)]
                submitted.append({"type": kind, "custom_id": component["custom_id"], "values": picked_list})
            elif "id" in component:
                submitted.append({"type": kind, "id": component["id"]})
        return submitted

    # ======================================================================================================
    # Internals: message store
    # ======================================================================================================

    def _create_message(
        self,
        channel_id: int,
        author: FakeUser,
        body: JSON,
        *,
        interaction: FakeInteraction | None = None,
        flags: int | None = None,
        attachments: list[JSON] | None = None,
    ) -> StoredMessage:
        guild_id = self._guild_of(channel_id)
        thread = self._threads.get(channel_id)
        effective_flags = int(body.get("flags") or 0) if flags is None else flags
        content = str(body.get("content") or "")
        mentions = [int(m) for m in re.findall(r"<@!?(\d+)>", content) if int(m) in self.users]
        reference = body.get("message_reference")
        message_type = MESSAGE_DEFAULT
        if interaction is not None and interaction.type == APPLICATION_COMMAND:
            message_type = MESSAGE_CHAT_INPUT
        elif reference:
            message_type = MESSAGE_REPLY
        message = StoredMessage(
            id=self._snowflake(),
            channel_id=channel_id,
            author=author,
            content=content,
            embeds=[{"type": "rich", **e} for e in body.get("embeds") or []],
            components=copy.deepcopy(body.get("components") or []),
            attachments=attachments or [],
            flags=effective_flags,
            type=message_type,
            guild_id=guild_id,
            interaction_id=None if interaction is None else interaction.id,
            ephemeral_to=interaction.user.id if interaction is not None and effective_flags & FLAG_EPHEMERAL else None,
            webhook_id=None if interaction is None else self.application_id,
            message_reference=None
            if not reference
            else {
                "type": 0,
                "message_id": str(reference.get("message_id")),
                "channel_id": str(reference.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            },
            mentions=mentions,
        )
        if thread is not None and not message.ephemeral:
            message.position = thread.message_count
            thread.message_count += 1
            thread.last_message_id = message.id
            thread.archived = False
        elif channel_id in self._channels and not message.ephemeral:
            self._channels[channel_id].last_message_id = message.id
        self._messages.setdefault(channel_id, []).append(message)
        self._message_index[message.id] = message
        self._dispatch_message_event("MESSAGE_CREATE", message)
        return message

    def _edit_message(self, message: StoredMessage, body: JSON, attachments: list[JSON]) -> None:
        self._validate_message_body(body, creating=False)
        message.edits.append(copy.deepcopy(body))
        if "content" in body:
            message.content = str(body["content"] or "")
            message.mentions = [int(m) for m in re.findall(r"<@!?(\d+)>", message.content) if int(m) in self.users]
        if "embeds" in body:
            message.embeds = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            message.components = copy.deepcopy(body["components"] or [])
        if "attachments" in body:
            kept = {str(a.get("id")) for a in body["attachments"] or []}
            message.attachments = [a for a in message.attachments if a["id"] in kept]
        message.attachments.extend(attachments)
        if body.get("flags") is not None:
            keep = message.flags & (FLAG_EPHEMERAL | FLAG_HAS_THREAD)
            message.flags = keep | (int(body["flags"]) & ~(FLAG_EPHEMERAL | FLAG_LOADING))
        message.flags &= ~FLAG_LOADING
        message.edited_timestamp = _iso()
        self._dispatch_message_event("MESSAGE_UPDATE", message)

    def _delete_message(self, message: StoredMessage) -> None:
        message.deleted = True
        self._dispatch_message_delete(message)

    def _attachments_for(self, files: list[JSON]) -> list[JSON]:
        made = []
        for file in files:
            attachment_id = str(self._snowflake())
            url = f"{self.base_url}/attachments/{attachment_id}/{file['filename']}"
            made.append(
                {
                    "id": attachment_id,
                    "filename": file["filename"],
                    "size": file["size"],
                    "url": url,
                    "proxy_url": url,
                    "content_type": file.get("content_type"),
                }
            )
        return made

    @staticmethod
    def _validate_message_body(body: JSON, *, creating: bool = True, files: int = 0) -> None:
        errors: JSON = {}
        content = body.get("content")
        if content is not None and not isinstance(content, str):
            _merge(errors, _form_error("content", "BASE_TYPE_STRING", "Must be a string."))
        elif content is not None and len(content) > 2000:
            _merge(errors, _form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            _merge(errors, _form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."))
        limits = {"title": 256, "description": 4096}
        for index, embed in enumerate(embeds):
            total = 0
            for key, limit in limits.items():
                text = str(embed.get(key) or "")
                total += len(text)
                if len(text) > limit:
                    message = f"Must be {limit} or fewer in length."
                    _merge(errors, _form_error(f"embeds.{index}.{key}", "BASE_TYPE_MAX_LENGTH", message))
            fields = embed.get("fields") or []
            if len(fields) > 25:
                _merge(
                    errors,
                    _form_error(f"embeds.{index}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."),
                )
            for f_index, embed_field in enumerate(fields):
                for key, limit in (("name", 256), ("value", 1024)):
                    text = str(embed_field.get(key) or "")
                    total += len(text)
                    if not text or len(text) > limit:
                        code = "BASE_TYPE_REQUIRED" if not text else "BASE_TYPE_MAX_LENGTH"
                        path = f"embeds.{index}.fields.{f_index}.{key}"
                        _merge(errors, _form_error(path, code, f"Must be 1 to {limit} in length."))
            total += len(str((embed.get("footer") or {}).get("text") or ""))
            total += len(str((embed.get("author") or {}).get("name") or ""))
            if total > 6000:
                _merge(
                    errors,
                    _form_error(f"embeds.{index}", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds 6000."),
                )
        components = body.get("components") or []
        flags = int(body.get("flags") or 0)
        if flags & FLAG_COMPONENTS_V2:
            if content or embeds:
                message = "The 'content' and 'embeds' fields cannot be used when using IS_COMPONENTS_V2"
                _merge(
                    errors,
                    _form_error("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", message),
                )
        else:
            if len(components) > 5:
                _merge(errors, _form_error("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."))
            for index, row in enumerate(components):
                children = row.get("components") or []
                if row.get("type") != 1:
                    message = "Component type must be an action row at the top level."
                    _merge(errors, _form_error(f"components.{index}", "UNION_TYPE_CHOICES", message))
                elif not 1 <= len(children) <= 5 or (
                    any(c.get("type") in SELECT_TYPES for c in children) and len(children) > 1
                ):
                    message = "Action rows hold 1 to 5 buttons or exactly one select."
                    _merge(errors, _form_error(f"components.{index}.components", "BASE_TYPE_BAD_LENGTH", message))
        seen: set[str] = set()
        for component in walk_components(components):
            custom_id = component.get("custom_id")
            if custom_id is not None:
                if not 1 <= len(str(custom_id)) <= 100:
                    message = "custom_id must be 1 to 100 characters."
                    _merge(errors, _form_error("components", "BASE_TYPE_BAD_LENGTH", message))
                if custom_id in seen:
                    message = f"Component custom id cannot be duplicated ({custom_id})"
                    _merge(errors, _form_error("components", "COMPONENT_CUSTOM_ID_DUPLICATED", message))
                seen.add(custom_id)
            if component.get("type") == 2 and len(str(component.get("label") or "")) > 80:
                _merge(errors, _form_error("components", "BASE_TYPE_MAX_LENGTH", "Button labels: 80 or fewer."))
            if component.get("type") == 3 and len(component.get("options") or []) > 25:
                _merge(errors, _form_error("components", "BASE_TYPE_MAX_LENGTH", "Selects: 25 options or fewer."))
        if errors:
            raise _invalid_form(errors)
        has_anything = content or embeds or components or files or body.get("sticker_ids") or body.get("poll")
        if creating and not has_anything:
            raise ApiError(400, 50006, "Cannot send an empty message")

    # ======================================================================================================
    # Internals: REST
    # ======================================================================================================

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], _Handler, bool]]:
        snowflake, token = r"(?P<{}>\d+)", r"(?P<token>[^/]+)"
        app, guild, channel = (
            snowflake.format("app_id"),
            snowflake.format("guild_id"),
            snowflake.format("channel_id"),
        )
        message, user = snowflake.format("message_id"), r"(?P<user_id>\d+|@me)"
        table: list[tuple[str, str, _Handler, bool]] = [
            ("GET", "/users/@me", self._get_me, True),
            ("GET", "/oauth2/applications/@me", self._get_app, True),
            ("GET", "/applications/@me", self._get_app, True),
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", f"/applications/{app}/commands", self._get_commands, True),
            ("PUT", f"/applications/{app}/commands", self._put_commands, True),
            ("POST", f"/applications/{app}/commands", self._post_command, True),
            (
                "DELETE",
                f"/applications/{app}/commands/{snowflake.format('command_id')}",
                self._delete_command,
                True,
            ),
            ("GET", f"/applications/{app}/guilds/{guild}/commands", self._get_commands, True),
            ("PUT", f"/applications/{app}/guilds/{guild}/commands", self._put_commands, True),
            ("POST", f"/applications/{app}/guilds/{guild}/commands", self._post_command, True),
            (
                "DELETE",
                f"/applications/{app}/guilds/{guild}/commands/{snowflake.format('command_id')}",
                self._delete_command,
                True,
            ),
            (
                "POST",
                f"/interactions/{snowflake.format('interaction_id')}/{token}/callback",
                self._callback,
                False,
            ),
            (
                "GET",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._get_hook_msg,
                False,
            ),
            (
                "PATCH",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._edit_hook_msg,
                False,
            ),
            (
                "DELETE",
                f"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\\d+)",
                self._del_hook_msg,
                False,
            ),
            ("POST", f"/webhooks/{app}/{token}", self._followup, False),
            ("GET", f"/channels/{channel}", self._get_channel, True),
            ("PATCH", f"/channels/{channel}", self._patch_channel, True),
            ("DELETE", f"/channels/{channel}", self._delete_channel, True),
            ("GET", f"/channels/{channel}/messages", self._list_messages, True),
            ("POST", f"/channels/{channel}/messages", self._post_channel_message, True),
            ("GET", f"/channels/{channel}/messages/{message}", self._get_channel_message, True),
            ("PATCH", f"/channels/{channel}/messages/{message}", self._patch_channel_message, True),
            ("DELETE", f"/channels/{channel}/messages/{message}", self._delete_channel_message, True),
            (
                "PUT",
                f"/channels/{channel}/messages/{message}/reactions/(?P<emoji>[^/]+)/@me",
                self._react,
                True,
            ),
            (
                "DELETE",
                f"/channels/{channel}/messages/{message}/reactions/(?P<emoji>[^/]+)/@me",
                self._unreact,
                True,
            ),
            ("POST", f"/channels/{channel}/messages/{message}/threads", self._thread_from_message, True),
            ("POST", f"/channels/{channel}/threads", self._thread_without_message, True),
            ("GET", f"/channels/{channel}/thread-members", self._list_thread_members, True),
            ("PUT", f"/channels/{channel}/thread-members/{user}", self._add_thread_member, True),
            ("DELETE", f"/channels/{channel}/thread-members/{user}", self._remove_thread_member, True),
            ("POST", f"/channels/{channel}/typing", self._typing, True),
            ("POST", "/users/@me/channels", self._open_dm, True),
            ("GET", f"/users/{snowflake.format('user_id')}", self._get_user, True),
            ("GET", f"/guilds/{guild}", self._get_guild, True),
            ("GET", f"/guilds/{guild}/channels", self._get_guild_channels, True),
            ("GET", f"/guilds/{guild}/roles", self._get_guild_roles, True),
            ("GET", f"/guilds/{guild}/members", self._list_members, True),
            ("GET", f"/guilds/{guild}/members/{snowflake.format('user_id')}", self._get_member, True),
            ("GET", f"/guilds/{guild}/threads/active", self._active_threads, True),
        ]
        return [(method, re.compile(pattern), handler, auth) for method, pattern, handler, auth in table]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        call = Call(
            request.method,
            path,
            dict(request.query),
            body,
            time.monotonic(),
            files=[f["filename"] for f in files],
        )
        self.calls.append(call)
        try:
            status, result = await self._route(request, _Request(request.method, path, call.query, body, files))
        except ApiError as error:
            status, result = error.status, error.body()
        call.status = status
        if result is None:
            return web.Response(status=204 if status < 300 else status)
        return web.Response(
            body=json.dumps(result).encode(), status=status, headers={"Content-Type": "application/json"}
        )

    async def _route(self, request: web.Request, req: _Request) -> tuple[int, Any]:
        path_matched = False
        for method, pattern, handler, auth in self._routes:
            match = pattern.fullmatch(req.path)
            if match is None:
                continue
            path_matched = True
            if method != req.method:
                continue
            if auth and not self._token_ok(request.headers.get("Authorization", "").removeprefix("Bot ")):
                raise ApiError(401, 0, "401: Unauthorized")
            return await handler(req, **match.groupdict())
        detail = "this method is not faked for that path" if path_matched else "route not faked"
        raise ApiError(404, 0, f"404: Not Found ({req.method} {req.path}: {detail})")

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[JSON]]:
        if not request.body_exists:
            return None, []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            body: Any = None
            files: list[JSON] = []
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    raw = value.file.read()
                    if key == "payload_json":
                        body = json.loads(raw)
                    else:
                        files.append({"field": key, "filename": value.filename, "size": len(raw),
                                      "content_type": value.content_type})  # fmt: skip
                elif key == "payload_json":
                    body = json.loads(value if isinstance(value, str) else bytes(value).decode())
            return body, files
        text = await request.text()
        return (json.loads(text) if text else None), []

    # -- basic -----------------------------------------------------------------------------------------------

    async def _get_me(self, req: _Request) -> tuple[int, Any]:
        return 200, {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_app(self, req: _Request) -> tuple[int, Any]:
        return 200, self._app_payload()

    async def _get_gateway(self, req: _Request) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: _Request) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    # -- application commands ----------------------------------------------------------------------------

    def _check_app(self, app_id: str) -> None:
        if int(app_id) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")

    def _check_guild(self, guild_id: str | None) -> int | None:
        if guild_id is None:
            return None
        if int(guild_id) != self.guild_id:
            raise ApiError(404, 10004, "Unknown Guild")
        return self.guild_id

    async def _get_commands(self, req: _Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        return 200, self.commands(self._check_guild(guild_id))

    async def _put_commands(self, req: _Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        gid = self._check_guild(guild_id)
        if not isinstance(req.json, list):
            raise _invalid_form(_form_error("_root", "BASE_TYPE_ARRAY", "Must be an array."))
        errors: JSON = {}
        keys = [(c.get("name"), c.get("type", 1)) for c in req.json]
        for index, command in enumerate(req.json):
            self._validate_command(command, str(index), errors)
            if keys.count(keys[index]) > 1:
                _merge(
                    errors,
                    _form_error(f"{index}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name"),
                )
        if errors:
            raise _invalid_form(errors)
        old = {(c["name"], c.get("type", 1)): c for c in self._commands.get(gid, [])}
        stored = [self._store_command(c, gid, old.get((c["name"], c.get("type", 1)))) for c in req.json]
        self._commands[gid] = stored
        return 200, copy.deepcopy(stored)

    async def _post_command(self, req: _Request, app_id: str, guild_id: str | None = None) -> tuple[int, Any]:
        self._check_app(app_id)
        gid = self._check_guild(guild_id)
        errors: JSON = {}
        self._validate_command(req.json or {}, "", errors)
        if errors:
            raise _invalid_form(errors)
        pool = self._commands.setdefault(gid, [])
        key = (req.json["name"], req.json.get("type", 1))
        previous = next((c for c in pool if (c["name"], c.get("type", 1)) == key), None)
        stored = self._store_command(req.json, gid, previous)
        if previous is not None:
            pool[pool.index(previous)] = stored
            return 200, copy.deepcopy(stored)
        pool.append(stored)
        return 201, copy.deepcopy(stored)

    async def _delete_command(
        self, req: _Request, app_id: str, command_id: str, guild_id: str | None = None
    ) -> tuple[int, Any]:
        self._check_app(app_id)
        pool = self._commands.get(self._check_guild(guild_id), [])
        for command in pool:
            if command["id"] == command_id:
                pool.remove(command)
                return 204, None
        raise ApiError(404, 10063, "Unknown application command")

    def _store_command(self, command: JSON, guild_id: int | None, previous: JSON | None) -> JSON:
        stored = copy.deepcopy(command)
        stored.setdefault("type", 1)
        stored.setdefault("description", "")
        stored.setdefault("options", [])
        stored.setdefault("default_member_permissions", None)
        stored.setdefault("nsfw", False)
        stored["id"] = previous["id"] if previous else str(self._snowflake())
        stored["application_id"] = str(self.application_id)
        stored["version"] = str(self._snowflake())
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        else:
            stored.setdefault("contexts", None)
            stored.setdefault("integration_types", [0])
        return stored

    def _validate_command(self, command: JSON, path: str, errors: JSON) -> None:
        prefix = f"{path}." if path else ""
        kind = command.get("type", 1)
        name = command.get("name")
        if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name) or (kind == 1 and name != name.lower()):
            _merge(
                errors,
                _form_error(prefix + "name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid command name"),
            )
        description = command.get("description") or ""
        if kind == 1 and not 1 <= len(description) <= 100:
            message = "Must be between 1 and 100 in length."
            _merge(errors, _form_error(prefix + "description", "BASE_TYPE_BAD_LENGTH", message))
        if command.get("options"):
            self._validate_options(command["options"], prefix + "options", errors, depth=0)

    def _validate_options(self, options: list[JSON], path: str, errors: JSON, *, depth: int) -> None:
        if len(options) > 25:
            _merge(errors, _form_error(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
        names = [o.get("name") for o in options]
        seen_optional = False
        for index, option in enumerate(options):
            where = f"{path}.{index}"
            kind = option.get("type")
            name = option.get("name")
            if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name) or name != name.lower():
                _merge(errors, _form_error(f"{where}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name"))
            if names.count(name) > 1:
                message = "Option names must be unique"
                _merge(
                    errors,
                    _form_error(f"{where}.name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", message),
                )
            if not 1 <= len(option.get("description") or "") <= 100:
                message = "Must be between 1 and 100 in length."
                _merge(errors, _form_error(f"{where}.description", "BASE_TYPE_BAD_LENGTH", message))
            if kind in (1, 2):
                if depth >= (1 if kind == 2 else 2):
                    message = "Subcommands nest at most group > subcommand"
                    _merge(errors, _form_error(where, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", message))
                self._validate_options(option.get("options") or [], f"{where}.options", errors, depth=depth + 1)
                continue
            if option.get("required"):
                if seen_optional:
                    message = "Required options must be placed before non-required options"
                    _merge(errors, _form_error(where, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", message))
            else:
                seen_optional = True
            choices = option.get("choices") or []
            if len(choices) > 25:
                _merge(errors, _form_error(f"{where}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."))
            if choices and option.get("autocomplete"):
                message = "Autocomplete and choices are mutually exclusive"
                _merge(
                    errors,
                    _form_error(f"{where}.autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", message),
                )

    # -- interactions ----------------------------------------------------------------------------------------

    async def _callback(self, req: _Request, interaction_id: str, token: str) -> tuple[int, Any]:
        interaction = self._interactions.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            raise ApiError(404, 10062, "Unknown interaction")
        body = req.json if isinstance(req.json, dict) else {}
        try:
            return self._accept_callback(interaction, body, req.files)
        except ApiError as error:
            raw = body.get("data")
            data: JSON = raw if isinstance(raw, dict) else {}
            flags = int(data.get("flags") or 0)
            self._record(interaction, "callback", body.get("type"), data, flags, None, error=error)
            raise

    def _accept_callback(self, interaction: FakeInteraction, body: JSON, files: list[JSON]) -> tuple[int, Any]:
        if interaction.callback_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if self.callback_deadline is not None and time.monotonic() - interaction.created > self.callback_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        kind = body.get("type")
        data: JSON = body.get("data") or {}
        if kind not in ALLOWED_CALLBACKS.get(interaction.type, frozenset()) or (
            kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and interaction.message_id is None
        ):
            raise _invalid_form(_form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID", f"Bad response type {kind}"))
        resource: JSON = {"type": kind}
        message: StoredMessage | None = None
        attachments = self._attachments_for(files)
        if kind == CHANNEL_MESSAGE:
            self._validate_message_body(data, files=len(attachments))
            flags = int(data.get("flags") or 0)
            message = self._create_message(
                interaction.channel_id,
                self.bot_user,
                data,
                interaction=interaction,
                flags=flags,
                attachments=attachments,
            )
            interaction.original_message_id = message.id
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL)
            message = self._create_message(
                interaction.channel_id, self.bot_user, {}, interaction=interaction, flags=flags
            )
            interaction.original_message_id = message.id
        elif kind == DEFERRED_UPDATE_MESSAGE:
            interaction.original_message_id = interaction.message_id
        elif kind == UPDATE_MESSAGE:
            target = self._message_index[interaction.message_id or 0]
            self._edit_message(target, data, attachments)
            interaction.original_message_id = target.id
            message = target
        elif kind == AUTOCOMPLETE_RESULT:
            self._validate_choices(data)
        elif kind == MODAL:
            self._validate_modal(data)
            interaction.modal = copy.deepcopy(data)
            self._modals.append((interaction, interaction.modal))
        interaction.callback_type = kind
        flags = message.flags if message is not None else int(data.get("flags") or 0)
        self._record(interaction, "callback", kind, data, flags, None if message is None else message.id)
        summary: JSON = {"id": str(interaction.id), "type": interaction.type}
        if message is not None:
            summary["response_message_id"] = str(message.id)
            summary["response_message_loading"] = message.loading
            summary["response_message_ephemeral"] = message.ephemeral
            resource["message"] = self._message_payload(message)
        return 200, {"interaction": summary, "resource": resource}

    def _record(
        self,
        interaction: FakeInteraction,
        kind: str,
        ctype: int | None,
        data: Any,
        flags: int,
        message_id: int | None,
        *,
        error: ApiError | None = None,
    ) -> None:
        entry = InteractionResponse(
            kind,
            ctype,
            copy.deepcopy(data) if isinstance(data, dict) else {},
            flags,
            message_id,
            time.monotonic(),
            status=200 if error is None else error.status,
            error=None if error is None else error.code,
        )
        self._responses.setdefault(interaction.id, []).append(entry)

    @staticmethod
    def _validate_choices(data: JSON) -> None:
        choices = data.get("choices")
        if not isinstance(choices, list):
            raise _invalid_form(_form_error("data.choices", "BASE_TYPE_REQUIRED", "This field is required"))
        errors: JSON = {}
        if len(choices) > 25:
            _merge(errors, _form_error("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
        for index, choice in enumerate(choices):
            if not 1 <= len(str(choice.get("name") or "")) <= 100:
                message = "Must be between 1 and 100 in length."
                _merge(errors, _form_error(f"data.choices.{index}.name", "BASE_TYPE_BAD_LENGTH", message))
            if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
                message = "Must be 100 or fewer in length."
                _merge(errors, _form_error(f"data.choices.{index}.value", "BASE_TYPE_MAX_LENGTH", message))
        if errors:
            raise _invalid_form(errors)

    @staticmethod
    def _validate_modal(data: JSON) -> None:
        errors: JSON = {}
        if not 1 <= len(str(data.get("title") or "")) <= 45:
            _merge(
                errors,
                _form_error("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."),
            )
        if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
            message = "Must be between 1 and 100 in length."
            _merge(errors, _form_error("data.custom_id", "BASE_TYPE_BAD_LENGTH", message))
        components = data.get("components") or []
        if not 1 <= len(components) <= 5:
            _merge(errors, _form_error("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5."))
        for component in walk_components(components):
            if component.get("type") in (4, 18) and len(str(component.get("label") or "")) > 45:
                message = "Labels must be 45 or fewer in length."
                _merge(errors, _form_error("data.components", "BASE_TYPE_MAX_LENGTH", message))
        if errors:
            raise _invalid_form(errors)

    def _hook_interaction(self, app_id: str, token: str) -> FakeInteraction:
        interaction = self._interactions_by_token.get(token)
        if interaction is None or int(app_id) != self.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        return interaction

    def _hook_message(self, interaction: FakeInteraction, message_id: str) -> StoredMessage:
        wanted = interaction.original_message_id if message_id == "@original" else int(message_id)
        allowed = {interaction.original_message_id, *interaction.followup_ids}
        message = self._message_index.get(wanted or 0)
        if message is None or message.deleted or wanted not in allowed:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_hook_msg(self, req: _Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        return 200, self._message_payload(self._hook_message(interaction, message_id))

    async def _edit_hook_msg(self, req: _Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        body = req.json if isinstance(req.json, dict) else {}
        kind = "edit_original" if message_id == "@original" else "edit_followup"
        try:
            message = self._hook_message(interaction, message_id)
            self._edit_message(message, body, self._attachments_for(req.files))
        except ApiError as error:
            self._record(interaction, kind, None, body, int(body.get("flags") or 0), None, error=error)
            raise
        self._record(interaction, kind, None, body, message.flags, message.id)
        return 200, self._message_payload(message)

    async def _del_hook_msg(self, req: _Request, app_id: str, token: str, message_id: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        kind = "delete_original" if message_id == "@original" else "delete_followup"
        try:
            message = self._hook_message(interaction, message_id)
        except ApiError as error:
            self._record(interaction, kind, None, {}, 0, None, error=error)
            raise
        self._delete_message(message)
        self._record(interaction, kind, None, {}, message.flags, message.id)
        return 204, None

    async def _followup(self, req: _Request, app_id: str, token: str) -> tuple[int, Any]:
        interaction = self._hook_interaction(app_id, token)
        body = req.json if isinstance(req.json, dict) else {}
        try:
            return self._accept_followup(interaction, body, req.files, req.query)
        except ApiError as error:
            self._record(interaction, "followup", None, body, int(body.get("flags") or 0), None, error=error)
            raise

    def _accept_followup(
        self, interaction: FakeInteraction, body: JSON, files: list[JSON], query: dict[str, str]
    ) -> tuple[int, Any]:
        if interaction.callback_type is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        attachments = self._attachments_for(files)
        original = self._message_index.get(interaction.original_message_id or 0)
        if (
            interaction.callback_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original.loading
            and not original.deleted
        ):
            # Discord: the first followup after a "thinking" defer replaces the loading message.
            self._validate_message_body(body, files=len(attachments))
            self._edit_message(original, body, attachments)
            message = original
        else:
            self._validate_message_body(body, files=len(attachments))
            flags = int(body.get("flags") or 0)
            thread_id = query.get("thread_id")
            channel_id = int(thread_id) if thread_id else interaction.channel_id
            message = self._create_message(
                channel_id, self.bot_user, body, interaction=interaction, flags=flags, attachments=attachments
            )
        interaction.followup_ids.append(message.id)
        self._record(interaction, "followup", None, body, message.flags, message.id)
        if query.get("wait", "false").lower() in ("1", "true"):
            return 200, self._message_payload(message)
        return 204, None

    # -- channels & messages -----------------------------------------------------------------------------

    async def _get_channel(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        self._require_channel(int(channel_id))
        return 200, self._channel_payload(int(channel_id))

    async def _patch_channel(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        body = req.json if isinstance(req.json, dict) else {}
        thread = self._threads.get(cid)
        if thread is not None:
            if "name" in body:
                self._check_thread_name(body["name"])
                thread.name = body["name"]
            for key in ("archived", "locked", "invitable"):
                if key in body:
                    setattr(thread, key, bool(body[key]))
            if "auto_archive_duration" in body:
                thread.auto_archive_duration = int(body["auto_archive_duration"])
            payload = self._thread_payload(thread)
            self._dispatch_guild_event("THREAD_UPDATE", payload)
            return 200, payload
        channel = self._channels[cid]
        if channel.type == CHANNEL_DM:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        channel.name = body.get("name", channel.name)
        channel.topic = body.get("topic", channel.topic)
        payload = self._channel_payload(cid)
        self._dispatch_guild_event("CHANNEL_UPDATE", payload)
        return 200, payload

    async def _delete_channel(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        thread = self._threads.get(cid)
        if thread is None:
            raise ApiError(403, 50013, "Missing Permissions")
        thread.deleted = True
        payload = self._thread_payload(thread)
        self._dispatch_guild_event(
            "THREAD_DELETE",
            {
                "id": payload["id"],
                "guild_id": payload["guild_id"],
                "parent_id": payload["parent_id"],
                "type": thread.type,
            },
        )
        return 200, payload

    def _visible_message(self, channel_id: str, message_id: str) -> StoredMessage:
        self._require_channel(int(channel_id))
        message = self._message_index.get(int(message_id))
        if message is None or message.deleted or message.ephemeral or message.channel_id != int(channel_id):
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _list_messages(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        visible = [m for m in self.messages(cid) if not m.ephemeral]
        if "before" in req.query:
            visible = [m for m in visible if m.id < int(req.query["before"])]
        if "after" in req.query:
            visible = [m for m in visible if m.id > int(req.query["after"])]
        limit = max(1, min(100, int(req.query.get("limit", 50))))
        chosen = visible[:limit] if "after" in req.query else visible[-limit:]
        return 200, [self._message_payload(m) for m in reversed(chosen)]

    async def _post_channel_message(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        cid = int(channel_id)
        self._require_channel(cid)
        channel = self._channels.get(cid)
        if channel is not None and channel.type == CHANNEL_DM and channel.recipient_id in self.closed_dms:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        thread = self._threads.get(cid)
        if thread is not None and thread.locked:
            raise ApiError(400, 50083, "Thread is locked")
        body = req.json if isinstance(req.json, dict) else {}
        self._validate_message_body(body, files=len(req.files))
        allowed_flags = 4 | 4096 | FLAG_COMPONENTS_V2
        flags = int(body.get("flags") or 0) & allowed_flags
        reference = body.get("message_reference")
        if reference and int(reference.get("message_id", 0)) not in self._message_index:
            if reference.get("fail_if_not_exists", True):
                raise _invalid_form(
                    _form_error("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
                )
            body = {k: v for k, v in body.items() if k != "message_reference"}
        message = self._create_message(
            cid, self.bot_user, body, flags=flags, attachments=self._attachments_for(req.files)
        )
        return 200, self._message_payload(message)

    async def _get_channel_message(self, req: _Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        return 200, self._message_payload(self._visible_message(channel_id, message_id))

    async def _patch_channel_message(self, req: _Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if message.author.id != self.bot_user.id or message.webhook_id is not None:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = req.json if isinstance(req.json, dict) else {}
        self._edit_message(message, body, self._attachments_for(req.files))
        return 200, self._message_payload(message)

    async def _delete_channel_message(self, req: _Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        self._delete_message(self._visible_message(channel_id, message_id))
        return 204, None

    async def _react(self, req: _Request, channel_id: str, message_id: str, emoji: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if emoji not in message.reactions:
            message.reactions.append(emoji)
        return 204, None

    async def _unreact(self, req: _Request, channel_id: str, message_id: str, emoji: str) -> tuple[int, Any]:
        message = self._visible_message(channel_id, message_id)
        if emoji in message.reactions:
            message.reactions.remove(emoji)
        return 204, None

    async def _typing(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        self._require_channel(int(channel_id))
        return 204, None

    # -- threads ---------------------------------------------------------------------------------------------

    @staticmethod
    def _check_thread_name(name: object) -> None:
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            raise _invalid_form(_form_error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."))

    def _text_parent(self, channel_id: str) -> _Channel:
        self._require_channel(int(channel_id))
        channel = self._channels.get(int(channel_id))
        if channel is None or channel.type != CHANNEL_TEXT:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return channel

    def _open_thread(self, thread: StoredThread) -> JSON:
        self._threads[thread.id] = thread
        self._messages.setdefault(thread.id, [])
        payload = self._thread_payload(thread)
        self._dispatch_guild_event("THREAD_CREATE", {**payload, "newly_created": True})
        return payload

    async def _thread_from_message(self, req: _Request, channel_id: str, message_id: str) -> tuple[int, Any]:
        parent = self._text_parent(channel_id)
        message = self._visible_message(channel_id, message_id)
        body = req.json if isinstance(req.json, dict) else {}
        self._check_thread_name(body.get("name"))
        if message.thread_id is not None:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        thread = StoredThread(
            id=message.id,  # Discord: a thread started from a message shares the message's id
            guild_id=self.guild_id,
            parent_id=parent.id,
            name=body["name"],
            type=CHANNEL_PUBLIC_THREAD,
            owner_id=self.bot_user.id,
            starter_message_id=message.id,
            members=[self.bot_user.id],
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        message.thread_id = thread.id
        message.flags |= FLAG_HAS_THREAD
        return 201, self._open_thread(thread)

    async def _thread_without_message(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        parent = self._text_parent(channel_id)
        body = req.json if isinstance(req.json, dict) else {}
        self._check_thread_name(body.get("name"))
        kind = int(body.get("type") or CHANNEL_PRIVATE_THREAD)
        if kind not in (CHANNEL_PUBLIC_THREAD, CHANNEL_PRIVATE_THREAD):
            raise _invalid_form(_form_error("type", "BASE_TYPE_CHOICES", "Value must be one of {11, 12}."))
        thread = StoredThread(
            id=self._snowflake(),
            guild_id=self.guild_id,
            parent_id=parent.id,
            name=body["name"],
            type=kind,
            owner_id=self.bot_user.id,
            members=[self.bot_user.id],
            invitable=bool(body.get("invitable", True)),
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        return 201, self._open_thread(thread)

    def _thread(self, channel_id: str) -> StoredThread:
        self._require_channel(int(channel_id))
        thread = self._threads.get(int(channel_id))
        if thread is None:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return thread

    async def _list_thread_members(self, req: _Request, channel_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        return 200, [self._thread_member_payload(thread, u) for u in thread.members]

    async def _add_thread_member(self, req: _Request, channel_id: str, user_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        uid = self.bot_user.id if user_id == "@me" else int(user_id)
        if uid not in self.guild_members:
            raise ApiError(404, 10007, "Unknown Member")
        if thread.archived and thread.locked:
            raise ApiError(400, 50083, "Thread is archived")
        if uid not in thread.members:
            thread.members.append(uid)
        return 204, None

    async def _remove_thread_member(self, req: _Request, channel_id: str, user_id: str) -> tuple[int, Any]:
        thread = self._thread(channel_id)
        uid = self.bot_user.id if user_id == "@me" else int(user_id)
        if uid in thread.members:
            thread.members.remove(uid)
        return 204, None

    # -- users, DMs, guilds ----------------------------------------------------------------------------------

    async def _open_dm(self, req: _Request) -> tuple[int, Any]:
        body = req.json if isinstance(req.json, dict) else {}
        try:
            recipient = self.users[int(body.get("recipient_id") or 0)]
        except (KeyError, ValueError):
            raise ApiError(400, 50033, "Invalid Recipient(s)") from None
        if recipient.bot:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return 200, self._channel_payload(self.open_dm(recipient))

    async def _get_user(self, req: _Request, user_id: str) -> tuple[int, Any]:
        user = self.users.get(int(user_id))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return 200, user.payload()

    async def _get_guild(self, req: _Request, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        return 200, {**self._guild_payload(), "approximate_member_count": len(self.guild_members)}

    async def _get_guild_channels(self, req: _Request, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        return 200, [self._channel_payload(c.id) for c in self._channels.values() if c.guild_id]

    async def _get_guild_roles(self, req: _Request, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        return 200, [r.payload() for r in self.roles.values()]

    async def _list_members(self, req: _Request, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        after = int(req.query.get("after", 0))
        limit = max(1, min(1000, int(req.query.get("limit", 1))))
        chosen = sorted(u for u in self.guild_members if u > after)[:limit]
        return 200, [self._member_payload(self.users[u]) for u in chosen]

    async def _get_member(self, req: _Request, guild_id: str, user_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        if int(user_id) not in self.guild_members:
            raise ApiError(404, 10007, "Unknown Member")
        return 200, self._member_payload(self.users[int(user_id)])

    async def _active_threads(self, req: _Request, guild_id: str) -> tuple[int, Any]:
        self._check_guild(guild_id)
        active = [t for t in self._threads.values() if not t.archived and not t.deleted]
        members = [self._thread_member_payload(t, self.bot_user.id) for t in active if self.bot_user.id in t.members]
        return 200, {"threads": [self._thread_payload(t) for t in active], "members": members}


# ---------------------------------------------------------------------------------------------------------
# Pointing discord.py at the fake
# ---------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Point discord.py's REST base and default gateway at ``fake``; restore them afterwards."""
    route = discord.http.Route
    websocket = discord.gateway.DiscordWebSocket
    saved_base, saved_gateway = route.BASE, websocket.DEFAULT_GATEWAY
    route.BASE = fake.api_base_url
    websocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        route.BASE = saved_base
        websocket.DEFAULT_GATEWAY = saved_gateway


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    return None


@contextlib.asynccontextmanager
async def run_client(
    client: discord.Client,
    fake: FakeDiscord,
    *,
    token: str | None = None,
    timeout: float = 5.0,  # noqa: ASYNC109
    skip_identify_delay: bool = True,
) -> AsyncIterator[discord.Client]:
    """Run ``client.start`` against ``fake`` until it is ready (on_ready fired); close it on exit.

    Errors from start (LoginFailure, PrivilegedIntentsRequired, ...) are raised here. discord.py sleeps 5 s
    before every non-initial IDENTIFY (``Client.before_identify_hook``); ``skip_identify_delay`` replaces
    that hook on this client instance with a no-op so re-identify tests stay fast.
    """
    if skip_identify_delay:
        client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    with pointed_at(fake):
        task = asyncio.create_task(client.start(token or fake.token), name="fake-discord-client")
        try:
            deadline = time.monotonic() + timeout
            while not client.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("client.start() returned before the client became ready")
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"discord.py client not ready within {timeout}s")
                await asyncio.sleep(0.005)
            yield client
        finally:
            await client.close()
            if not task.done():
                await asyncio.wait([task], timeout=timeout)
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: the error (if any) was already raised above
            elif not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
