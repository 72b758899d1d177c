"""What Slack's ack carries, and the work that goes on after it.

A slash command's HTTP response may carry a message (Slack shows it like a response_url post): when
a command's first answer is private, fits one message and comes quickly, it goes there, which saves
the POST to the response_url. Slack shows no message from the ack of a button press (block_actions),
a form submission or an event, so those ack empty and answer after.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bot.eager_tasks import start_eager
from bot.platforms.slack_render import SlackMessage

log = logging.getLogger(__name__)

# How long a command may take before its ack goes out empty: well inside Slack's 3 s, so a slow Redis
# or a users.info lookup still acks in time; a quick answer is in the ack long before.
ACK_REPLY_WITHIN_SECONDS = 1.0
CLOSE_WAIT_SECONDS = 5.0

AckBody = dict[str, Any]
EventHandler = Callable[[dict[str, Any], dict[str, Any]], Coroutine[Any, Any, None]]


class AckSlot:
    """The ack of one slash command: empty, or carrying the command's first answer when that answer is
    private, one message, and the first thing the command does."""

    def __init__(self) -> None:
        self._body: asyncio.Future[AckBody | None] = asyncio.get_running_loop().create_future()

    @property
    def open(self) -> bool:
        """Whether the ack has not gone out yet (an answer may still ride on it)."""
        return not self._body.done()

    def offer(self, message: SlackMessage) -> bool:
        """Put the message in the ack if it has not gone out; whether it was taken."""
        if self._body.done():
            return False
        self._body.set_result({"response_type": "ephemeral", "text": message.text, "blocks": message.blocks})
        return True

    def release(self) -> None:
        """Let the ack go out empty (if it has not gone yet): what comes next is answered after it."""
        if not self._body.done():
            self._body.set_result(None)

    async def body(self, within: float) -> AckBody | None:
        """The message the ack carries, or None: waits for the first answer, at most `within` seconds."""
        if self._body.done():  # answered already (the command started eagerly): no timer to set
            return self._body.result()
        # A timer rather than wait_for(shield(...)): one handle instead of a waiter, a shield and callbacks.
        timer = asyncio.get_running_loop().call_later(within, self.release)
        try:
            return await self._body
        finally:
            timer.cancel()


class AfterAck:
    """The work that goes on after the acks: tasks kept until they end, so none is lost or left running."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, work: Coroutine[Any, Any, None], what: str, *, now: bool = False) -> None:
        """Run `work` in the background; a failure is logged (the dispatcher already answered the user).

        With `now`, its first step runs before this returns (see bot/eager_tasks.py): a command that
        answers without waiting for anything has its answer in the ack at once."""
        logged = self._logged(work, what)
        task = start_eager(logged) if now else asyncio.get_running_loop().create_task(logged)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def event_listener(self, handler: EventHandler) -> Callable[[dict[str, Any], dict[str, Any]], Awaitable[None]]:
        """A Bolt event listener that returns at once (Bolt then acks) and handles the event after."""

        async def listener(event: dict[str, Any], body: dict[str, Any]) -> None:
            self.start(handler(event, body), f"event {event.get('type')}")

        return listener

    @staticmethod
    async def _logged(work: Coroutine[Any, Any, None], what: str) -> None:
        try:
            await work
        except Exception:
            log.exception("Slack: handling %s failed", what)

    async def close(self, within: float = CLOSE_WAIT_SECONDS) -> None:
        """Let running work finish for up to `within` seconds, then cancel what is left."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=within)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
