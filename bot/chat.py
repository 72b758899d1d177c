"""The neutral chat model every feature speaks and every platform adapter translates.

Designed around what Discord and Slack both offer: channels, threads (public or
private), replies with fields and buttons, ephemeral replies, edits, DMs and forms.
Splitting over-long messages is the adapter's job, never a handler's.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

ACTION_ID_MAX_LENGTH = 100  # Discord's custom_id limit; Slack allows 255
_ACTION_PART = re.compile(r"^[A-Za-z0-9_.@-]+$")


class Platform(StrEnum):
    """The platforms a chat can live on."""

    CONSOLE = "console"
    DISCORD = "discord"
    SLACK = "slack"


@dataclass(frozen=True)
class UserRef:
    """A user of one platform workspace; equal by id, whatever the display name."""

    platform: Platform
    workspace: str
    id: str
    name: str = field(default="", compare=False)

    @property
    def mention(self) -> str:
        """A mention token; Discord and Slack both write `<@id>`, the console shows the name."""
        return f"<@{self.id}>"

    @property
    def display(self) -> str:
        """The user's name when known, else their id."""
        return self.name or self.id


_MENTION_TOKEN = re.compile(r"^<@!?([A-Za-z0-9]{1,32})(?:\|([^>]{0,80}))?>$")  # real ids are short
_CONSOLE_NAME = re.compile(r"^@?([\w.-]{1,32})$")


def parse_user_mention(text: str, platform: Platform, workspace: str) -> UserRef | None:
    """`<@id>` (Discord, Slack; `<@id|name>` as Slack escapes it), or `@name` on the console."""
    token = _MENTION_TOKEN.match(text.strip())
    if token is not None:
        return UserRef(platform, workspace, token.group(1), token.group(2) or "")
    name = _CONSOLE_NAME.match(text.strip())
    if platform is Platform.CONSOLE and name is not None:
        return UserRef(platform, workspace, name.group(1).lower(), name.group(1))
    return None


@dataclass(frozen=True)
class ChannelRef:
    """A channel of one platform workspace; equal by id, whatever its name."""

    platform: Platform
    workspace: str
    id: str
    name: str = field(default="", compare=False)


@dataclass(frozen=True)
class ThreadRef:
    """A thread inside a channel (Discord thread channel, Slack `thread_ts`, console thread)."""

    channel: ChannelRef
    id: str
    name: str = field(default="", compare=False)
    private: bool = field(default=False, compare=False)

    @property
    def platform(self) -> Platform:
        """The platform of the thread's channel."""
        return self.channel.platform

    @property
    def workspace(self) -> str:
        """The workspace of the thread's channel."""
        return self.channel.workspace


Place = ChannelRef | ThreadRef


def channel_of(place: Place) -> ChannelRef:
    """The channel itself, or the channel a thread lives in."""
    return place.channel if isinstance(place, ThreadRef) else place


@dataclass(frozen=True)
class MessageRef:
    """A posted message, enough to edit it later."""

    place: Place
    id: str


class ButtonStyle(StrEnum):
    """How prominent a button looks; every platform can show each style."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    DANGER = "danger"


@dataclass(frozen=True)
class ActionId:
    """`feature:action:entity`, carried by a button or form so nothing lives only in memory."""

    feature: str
    action: str
    entity: str = ""

    def __post_init__(self) -> None:
        for part in (self.feature, self.action):
            if not _ACTION_PART.match(part):
                raise ValueError(f"invalid action id part {part!r}")
        if len(str(self)) > ACTION_ID_MAX_LENGTH:
            raise ValueError(f"action id longer than {ACTION_ID_MAX_LENGTH} characters")

    def __str__(self) -> str:
        return f"{self.feature}:{self.action}:{self.entity}"

    @classmethod
    def parse(cls, raw: str) -> ActionId:
        """Read back an id written by `str(action_id)`; a part that is not valid raises `ValueError`."""
        feature, _, rest = raw.partition(":")
        action, _, entity = rest.partition(":")
        return cls(feature, action, entity)


@dataclass(frozen=True)
class Button:
    """A button that dispatches `action` when pressed."""

    label: str
    action: ActionId
    style: ButtonStyle = ButtonStyle.SECONDARY


@dataclass(frozen=True)
class ReplyField:
    """A named block of a reply (a Discord embed field, a Slack section)."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Image:
    """A picture a reply carries (a chart): PNG bytes, a file name, and alt text saying what it shows.

    `text_line` is a one-line text version (e.g. a sparkline) for front-ends that show no pictures."""

    png: bytes = field(repr=False)
    filename: str
    alt_text: str
    text_line: str = ""
    owner: UserRef | None = None  # whose data it shows (None: a channel's): files kept of it are kept per person


@dataclass(frozen=True)
class Reply:
    """A message: markdown text, an optional title and fields, buttons, an image, maybe ephemeral."""

    text: str = ""
    title: str | None = None
    fields: tuple[ReplyField, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    ephemeral: bool = False
    ping: str | None = None  # mentions that must notify (a role for the daily drop): sent where they do
    image: Image | None = None  # attached to the reply's first message (its text says the same in words)


@dataclass(frozen=True)
class FormField:
    """One text input of a form, with the limits every platform enforces."""

    id: str
    label: str
    placeholder: str = ""
    required: bool = True
    multiline: bool = False
    max_length: int = 1000
    default: str = ""


@dataclass(frozen=True)
class Form:
    """A modal; on submit its `action` is dispatched with the filled-in values."""

    action: ActionId
    title: str
    fields: tuple[FormField, ...]
    submit_label: str = "Submit"


@dataclass(frozen=True)
class Invocation:
    """Who did something, and where: a slash command, a button press or a form submit."""

    user: UserRef
    channel: ChannelRef
    thread: ThreadRef | None = None
    is_admin: bool = False

    @property
    def place(self) -> Place:
        """Where the command was typed: the thread if any, else the channel."""
        return self.thread if self.thread is not None else self.channel


class ImageUnavailable(Exception):
    """A posted image that cannot be fetched: too large, not on the platform's own host, or gone."""


@dataclass(frozen=True)
class PostedImage:
    """An image someone posted, as the platform delivered it (a Discord attachment, a Slack file share).

    `fetch(limit)` downloads at most `limit` bytes from the platform's own file host only (never a URL the
    bot has not checked), raising `ImageUnavailable` otherwise."""

    filename: str
    content_type: str
    size: int
    fetch: Callable[[int], Awaitable[bytes]] = field(compare=False, repr=False)


@dataclass(frozen=True)
class IncomingMessage:
    """A plain (non-command) message someone wrote where the bot can read it, with any images it carries."""

    author: UserRef
    message: MessageRef
    text: str
    images: tuple[PostedImage, ...] = ()


class Responder(Protocol):
    """Answers one invocation; the adapter maps it onto the platform's interaction response."""

    async def respond(self, reply: Reply) -> MessageRef | None:
        """Answer the invocation; ephemeral replies are seen only by the invoker."""

    async def open_form(self, form: Form) -> None:
        """Show a modal to the invoker."""


class ChatPort(Protocol):
    """What the bot can do on a platform on its own initiative."""

    platform: Platform

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        """Post a message in a channel or thread."""

    async def open_thread(
        self,
        message: MessageRef,
        name: str,
        *,
        private: bool = False,
        members: tuple[UserRef, ...] = (),
    ) -> ThreadRef:
        """Open a thread from a message (private ones include only `members`)."""

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        """Replace a message's content in place."""

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        """Show a message only `user` can see (a DM where the platform cannot)."""

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        """Send a direct message."""

    def command_text(self, path: str) -> str:
        """A command as users type it here: `/question`; Slack renames the ones it reserves."""


@runtime_checkable
class KeepsImageFiles(Protocol):
    """A front-end that writes the pictures it shows to files where it runs (the console's charts folder)."""

    async def forget_images(self, user: UserRef) -> int:
        """Delete the picture files kept of `user`'s data; how many went."""
