"""The records the fake keeps: users, roles, REST calls, messages, threads, interactions and responses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.fakes.discord_server._constants import (
    CHANNEL_PRIVATE_THREAD,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    MESSAGE_DEFAULT,
)


def iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat()


def walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    """Every component, depth first, including action-row children, section accessories and labels."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])


# -------------------------------------------------------------------------------------------------------
# Records the tests read
# -------------------------------------------------------------------------------------------------------


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
    timestamp: str = field(default_factory=iso)
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
    created: str = field(default_factory=iso)
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


# -------------------------------------------------------------------------------------------------------
# Internal records
# -------------------------------------------------------------------------------------------------------


@dataclass
class Channel:
    id: int
    type: int
    name: str | None
    guild_id: int | None
    position: int = 0
    topic: str | None = None
    recipient_id: int | None = None
    last_message_id: int | None = None


@dataclass
class RestRequest:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[JSON]


Handler = Callable[..., Awaitable[tuple[int, Any]]]
