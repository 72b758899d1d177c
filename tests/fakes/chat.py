"""A ChatPort and Responder that record what the bot did, for handler and dispatcher tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.chat import ChannelRef, Form, Invocation, MessageRef, Place, Platform, Reply, ThreadRef, UserRef

WORKSPACE = "w1"


def user(name: str = "alice", workspace: str = WORKSPACE) -> UserRef:
    return UserRef(Platform.CONSOLE, workspace, name, name)


def channel(name: str = "general", workspace: str = WORKSPACE) -> ChannelRef:
    return ChannelRef(Platform.CONSOLE, workspace, name, name)


def invocation(name: str = "alice", *, admin: bool = False, thread: ThreadRef | None = None) -> Invocation:
    return Invocation(user=user(name), channel=channel(), thread=thread, is_admin=admin)


@dataclass
class Sent:
    kind: str
    place: Place | None
    reply: Reply | None
    user: UserRef | None = None


@dataclass
class RecordingChat:
    platform: Platform = Platform.CONSOLE
    id_prefix: str = ""  # distinct per fake "process", as real platforms' ids are unique
    sent: list[Sent] = field(default_factory=list)
    threads: list[ThreadRef] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        self.sent.append(Sent("post", place, reply))
        return MessageRef(place, f"{self.id_prefix}m{next(self._ids)}")

    async def open_thread(
        self, message: MessageRef, name: str, *, private: bool = False, members: tuple[UserRef, ...] = ()
    ) -> ThreadRef:
        parent = message.place.channel if isinstance(message.place, ThreadRef) else message.place
        thread = ThreadRef(parent, f"{self.id_prefix}t{next(self._ids)}", name, private)
        self.threads.append(thread)
        return thread

    async def edit(self, message: MessageRef, reply: Reply) -> None:
        self.sent.append(Sent("edit", message.place, reply))

    async def send_ephemeral(self, place: Place, user: UserRef, reply: Reply) -> None:
        self.sent.append(Sent("ephemeral", place, reply, user))

    def command_text(self, path: str) -> str:
        return f"/{path}"

    async def send_dm(self, user: UserRef, reply: Reply) -> MessageRef:
        self.sent.append(Sent("dm", None, reply, user))
        return MessageRef(channel(f"dm-{user.id}"), f"m{next(self._ids)}")


@dataclass
class RecordingResponder:
    replies: list[Reply] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)

    async def respond(self, reply: Reply) -> MessageRef | None:
        self.replies.append(reply)
        return None

    async def open_form(self, form: Form) -> None:
        self.forms.append(form)

    @property
    def last(self) -> Reply:
        assert self.replies, "the bot did not reply"
        return self.replies[-1]
