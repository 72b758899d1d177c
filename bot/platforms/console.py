"""The terminal chat: the embedded default front-end, needing no tokens.

You are a user in channel #general of workspace `local`. Slash commands run through
the same registry and dispatcher as on Discord and Slack. Console-only extras:
`/as NAME <message>` speaks as someone else, `/press N` presses a button, `/leave`
returns from a thread, `/wait 46m` lets clock time pass, `/quit` exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from bot.chat import (
    Form,
    IncomingMessage,
    Invocation,
    MessageRef,
    Place,
    Platform,
    Reply,
    ThreadRef,
    UserRef,
    parse_user_mention,
)
from bot.clock import Clock
from bot.command_text import split_command_line
from bot.dispatch import Dispatcher
from bot.durations import DurationError, format_duration, parse_duration
from bot.platforms.console_chat import ConsoleChat
from bot.user_text import quote_input

FENCE = "```"  # a message opening a fence is read until the fence closes (a pasted diagram or code)
CONSOLE_HELP = (
    "Console extras: /as NAME <message> (speak as someone else), /press N (press a button), "
    "/leave (back to the channel), /wait 10m (let time pass), /quit."
)


@dataclass
class PendingForm:
    """A form the console user is filling in, one field per line."""

    form: Form
    invocation: Invocation
    values: dict[str, str] = field(default_factory=dict)

    @property
    def next_field(self) -> str | None:
        """The label of the next unanswered field; `None` when all are answered."""
        remaining = [f for f in self.form.fields if f.id not in self.values]
        return remaining[0].label if remaining else None


class ConsoleResponder:
    """Answers one console invocation in the place it was typed."""

    def __init__(self, session: ConsoleSession, invocation: Invocation) -> None:
        self.session = session
        self.invocation = invocation

    async def respond(self, reply: Reply) -> MessageRef | None:
        """Post the reply where the command was typed (ephemeral ones marked as such)."""
        chat = self.session.chat
        if reply.ephemeral:
            await chat.send_ephemeral(self.invocation.place, self.invocation.user, reply)
            return None
        return await chat.post(self.invocation.place, reply)

    async def open_form(self, form: Form) -> None:
        """Ask the form's fields on the following input lines."""
        self.session.start_form(PendingForm(form, self.invocation))


class ConsoleSession:
    """One person at a terminal (who can speak as others with /as)."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        chat: ConsoleChat,
        clock: Clock,
        *,
        user_name: str,
        is_admin: bool = True,
        channel: str = "general",
    ) -> None:
        self.dispatcher = dispatcher
        self.chat = chat
        self.clock = clock
        self.user = chat.user(user_name)
        self.is_admin = is_admin
        self.channel = chat.channel(channel)
        self.place: Place = self.channel
        self.form: PendingForm | None = None
        self.fence: list[str] | None = None  # the lines of a ``` block being typed or piped in, until it closes
        chat.on_thread_opened = self._follow

    @property
    def prompt(self) -> str:
        """The input prompt: who and where, or the form field being asked."""
        if self.fence is not None:
            return "… "
        where = f"#{self.channel.name}" if self.place == self.channel else f"🧵 {self._place_name()}"
        field_label = self.form.next_field if self.form else None
        return f"[{field_label}] > " if field_label else f"{self.user.display} {where} > "

    def _place_name(self) -> str:
        return self.place.name or self.place.id

    def _follow(self, thread: ThreadRef) -> None:
        self.place = thread

    def start_form(self, pending: PendingForm) -> None:
        """Collect `pending`'s fields from the next lines; /cancel drops it."""
        self.form = pending
        labels = ", ".join(f.label for f in pending.form.fields)
        self.chat.notice(f"form '{pending.form.title}': answer each field on its own line ({labels}); /cancel")

    def invocation(self, user: UserRef, *, is_admin: bool) -> Invocation:
        """An invocation by `user` in the channel or thread the session is in."""
        thread = self.place if isinstance(self.place, ThreadRef) else None
        return Invocation(user=user, channel=self.channel, thread=thread, is_admin=is_admin)

    async def handle_line(self, line: str) -> bool:
        """Handle one typed line; False means the user asked to quit."""
        text = line.strip()
        if self.fence is not None or (text.count(FENCE) % 2 == 1 and not text.startswith("/")):
            text = self._fenced(line)  # a message that opens a ``` fence runs until the fence closes
        if not text:
            return True
        if self.form is not None:
            await self._fill_form(text)
            return True
        command = split_command_line(text)
        if command is not None and command.name in {"quit", "exit"}:
            return False
        if command is not None and command.name == "as":
            await self._speak_as(text)
        elif command is not None and command.name in {"press", "leave", "wait"}:
            await self._builtin(command.name, command.words)
        else:
            await self.speak(self.user, text, is_admin=self.is_admin)
        return True

    def _fenced(self, line: str) -> str:
        """Collect a fenced message line by line: '' until the closing fence, then the whole message."""
        self.fence = [*(self.fence or []), line.rstrip()]
        if len(self.fence) == 1 or line.strip().count(FENCE) % 2 == 0:
            return ""
        text, self.fence = "\n".join(self.fence).strip(), None
        return text

    async def speak(self, user: UserRef, text: str, *, is_admin: bool) -> None:
        """A line from `user`: a command is dispatched, anything else is a chat message."""
        invocation = self.invocation(user, is_admin=is_admin)
        responder = ConsoleResponder(self, invocation)
        command_line = split_command_line(text)
        if command_line is None:
            message = self.chat.show_user_message(self.place, user, text)
            await self.dispatcher.run_message(self.chat, IncomingMessage(user, message, text))
            return
        await self.dispatcher.run_command_line(self.chat, invocation, responder, command_line)

    async def _speak_as(self, text: str) -> None:
        _, _, rest = text.partition(" ")
        name, _, message = rest.strip().partition(" ")
        if not name or not message.strip():
            self.chat.notice("usage: /as NAME <message or /command>")
            return
        someone = parse_user_mention(name, Platform.CONSOLE, self.chat.workspace)
        if someone is None:
            self.chat.notice("/as: a name is 1-32 letters, digits, dots, dashes or underscores, like /as bob hello")
            return
        await self.speak(self.chat.user(someone.display), message.strip(), is_admin=False)

    async def _builtin(self, name: str, words: tuple[str, ...]) -> None:
        if name == "leave":
            self.place = self.channel
            self.chat.notice(f"back in #{self.channel.name}")
        elif name == "press":
            await self._press(words)
        elif name == "wait":
            await self._wait(words)

    async def _press(self, words: tuple[str, ...]) -> None:
        number = words[0] if words else ""
        action = self.chat.buttons.get(int(number)) if number.isdigit() and len(number) <= 9 else None
        if action is None:
            known = ", ".join(str(n) for n in sorted(self.chat.buttons)[-6:]) or "none yet"
            self.chat.notice(f"no button [{quote_input(number, 12)}] - buttons shown so far: {known}")
            return
        invocation = self.invocation(self.user, is_admin=self.is_admin)
        await self.dispatcher.run_action(self.chat, invocation, ConsoleResponder(self, invocation), str(action))

    async def _wait(self, words: tuple[str, ...]) -> None:
        try:
            duration = parse_duration(" ".join(words) or "?")
        except DurationError as error:
            self.chat.notice(str(error))
            return
        self.chat.notice(f"waiting {format_duration(duration)} of clock time…")
        await self.clock.sleep(duration.total_seconds())
        queue = self.dispatcher.services.queues.get(self.chat.platform.value)
        if queue is not None:  # a loaded machine may lag the clock: show what fell due before going on
            await queue.settle()
        self.chat.notice(f"it is now {self.clock.now():%Y-%m-%d %H:%M} UTC")

    async def _fill_form(self, text: str) -> None:
        pending = self.form
        assert pending is not None
        if text == "/cancel":
            self.form = None
            self.chat.notice("form cancelled")
            return
        current = next(f for f in pending.form.fields if f.id not in pending.values)
        pending.values[current.id] = text[: current.max_length]
        if pending.next_field is not None:
            return
        self.form = None
        responder = ConsoleResponder(self, pending.invocation)
        await self.dispatcher.run_form(
            self.chat, pending.invocation, responder, str(pending.form.action), pending.values
        )

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Handle lines in order until they end or the user quits."""
        self.chat.output.show_prompt(self.prompt)
        async for line in lines:
            if self.chat.output.interactive is False and line.strip():
                self.chat.output.show(f"{self.prompt}{line.strip()}")
            if not await self.handle_line(line):
                break
            self.chat.output.show_prompt(self.prompt)


async def stdin_lines(stop: asyncio.Event | None = None) -> AsyncIterator[str]:
    """Lines from standard input, read on a daemon thread so the event loop never blocks;
    they end at end of input, or when `stop` is set (SIGTERM)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def deliver(item: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed while we were reading
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def read() -> None:
        for line in sys.stdin:
            deliver(line.rstrip("\n"))
        deliver(None)

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    stopped = asyncio.ensure_future((stop or asyncio.Event()).wait())
    try:
        while True:
            next_line = asyncio.ensure_future(queue.get())
            await asyncio.wait({next_line, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if not next_line.done():
                next_line.cancel()
                return
            line = next_line.result()
            if line is None:
                return
            yield line
    finally:
        stopped.cancel()
