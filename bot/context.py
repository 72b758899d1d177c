"""What a handler gets: who invoked it and where, how to answer, and the shared services."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from bot.charts import ChartRenderer
from bot.chat import ChannelRef, ChatPort, Form, Invocation, MessageRef, Reply, Responder, ThreadRef, UserRef
from bot.clock import Clock
from bot.commands import CommandRegistry
from bot.deadlines import DeadlineQueue
from bot.llm import LlmClient
from bot.store import Store
from question_bank import QuestionBank


@dataclass
class Services:
    """Everything features share, wired once in bot/app.py."""

    bank: QuestionBank
    store: Store
    clock: Clock
    registry: CommandRegistry
    rng: random.Random = field(default_factory=random.Random)
    llm: LlmClient | None = None  # None: no OPENAI_API_KEY, the offline rubric engine answers
    daily_grace: timedelta = timedelta(hours=2)  # a daily drop missed while no process ran is posted this late
    queues: dict[str, DeadlineQueue] = field(default_factory=dict)
    chats: dict[str, ChatPort] = field(default_factory=dict)
    charts: ChartRenderer = field(default_factory=ChartRenderer)  # drawn in a worker thread, cached by data

    def queue_for(self, platform: str) -> DeadlineQueue:
        """The deadline queue of a platform this process serves."""
        queue = self.queues.get(platform)
        if queue is None:
            queue = self.queues[platform] = DeadlineQueue(self.store, self.clock, platform)
        return queue


@dataclass
class CommandContext:
    """What a handler gets: the invocation, a way to answer it, the chat and the services."""

    invocation: Invocation
    responder: Responder
    chat: ChatPort
    services: Services

    @property
    def user(self) -> UserRef:
        """Who ran the command."""
        return self.invocation.user

    @property
    def channel(self) -> ChannelRef:
        """The channel the command was run in."""
        return self.invocation.channel

    @property
    def thread(self) -> ThreadRef | None:
        """The thread the command was run in, if any."""
        return self.invocation.thread

    @property
    def is_admin(self) -> bool:
        """Whether the user may run admin commands here."""
        return self.invocation.is_admin

    async def respond(self, reply: Reply) -> MessageRef | None:
        """Answer the invocation (ephemeral replies only the invoker sees); the message, when there is one to edit."""
        return await self.responder.respond(reply)

    async def open_form(self, form: Form) -> None:
        """Show a form to the invoker; its submission is dispatched to the form action it carries."""
        await self.responder.open_form(form)
