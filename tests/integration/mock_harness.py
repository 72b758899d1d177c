"""Drive mocks through the real dispatcher, store and deadline queue, with a FakeClock."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.chat import IncomingMessage, MessageRef, Reply, ThreadRef
from bot.clock import FakeClock
from bot.command_text import split_command_line
from bot.deadlines import DeadlineQueue
from tests.fakes.chat import RecordingChat, RecordingResponder, invocation, user

ANNOUNCEMENT_STARTS = ("Phase ", "Mock over", "⏳ One minute left")


class MockHarness:
    def __init__(self, app: App, clock: FakeClock, *, id_prefix: str = "") -> None:
        self.app = app
        self.clock = clock
        self.chat = RecordingChat(id_prefix=id_prefix)
        self.queue: DeadlineQueue = app.attach(self.chat)
        self.messages_said = 0

    async def run(
        self, text: str, user: str = "alice", *, admin: bool = False, thread: ThreadRef | None = None
    ) -> RecordingResponder:
        line = split_command_line(text)
        assert line is not None
        responder = RecordingResponder()
        await self.app.dispatcher.run_command_line(
            self.chat, invocation(user, admin=admin, thread=thread), responder, line
        )
        return responder

    async def press(self, action_id: str, user: str = "alice", *, admin: bool = False) -> RecordingResponder:
        responder = RecordingResponder()
        await self.app.dispatcher.run_action(self.chat, invocation(user, admin=admin), responder, action_id)
        return responder

    async def submit(self, action_id: str, values: dict[str, str], user: str = "alice") -> RecordingResponder:
        responder = RecordingResponder()
        await self.app.dispatcher.run_form(self.chat, invocation(user), responder, action_id, values)
        return responder

    async def say(self, text: str, who: str = "alice", *, message_id: str | None = None) -> IncomingMessage:
        """Write a plain message in the mock's thread, as a platform would deliver it to every listener."""
        self.messages_said += 1
        message = IncomingMessage(user(who), MessageRef(self.thread, message_id or f"m{self.messages_said}"), text)
        await self.app.dispatcher.run_message(self.chat, message)
        return message

    async def wait(self, seconds: float, step: float = 5.0) -> None:
        """Let clock time pass, polling the deadline queue as a live bot would."""
        remaining = seconds
        while remaining > 0:
            self.clock.advance(min(step, remaining))
            remaining -= step
            await self.queue.run_due()

    @property
    def thread(self) -> ThreadRef:
        assert self.chat.threads, "no thread was opened"
        return self.chat.threads[-1]

    def posts(self, thread: ThreadRef | None = None) -> list[Reply]:
        where = thread or self.thread
        return [sent.reply for sent in self.chat.sent if sent.kind == "post" and sent.place == where and sent.reply]

    def announcements(self, thread: ThreadRef | None = None) -> list[str]:
        """The first line of every announcement in the thread, in order."""
        lines = [reply.text.splitlines()[0] for reply in self.posts(thread) if reply.text]
        return [line for line in lines if line.startswith(ANNOUNCEMENT_STARTS)]

    def edits(self, thread: ThreadRef | None = None) -> int:
        where = thread or self.thread
        return sum(1 for sent in self.chat.sent if sent.kind == "edit" and sent.place == where)

    def dms(self, user: str) -> list[Reply]:
        return [
            sent.reply
            for sent in self.chat.sent
            if sent.kind == "dm" and sent.user and sent.user.id == user and sent.reply
        ]


def minutes(value: float) -> float:
    return timedelta(minutes=value).total_seconds()
