"""What features register for deadlines: per kind, its payload model, its handler and, if it has one, a
handler of many at once (the queue prefers it). The registry (bot.commands) keeps one of these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from datetime import datetime

    from bot.chat import ChatPort
    from bot.deadlines import Deadline, DeadlinePayload

PayloadT = TypeVar("PayloadT", bound="DeadlinePayload")
ServicesT = TypeVar("ServicesT")  # what deadline actions get: bot.context.Services
# (services, the chat of the deadline's platform, the deadline with its validated payload, the poll's now)
DeadlineAction = Callable[[ServicesT, "ChatPort", "Deadline[PayloadT]", "datetime"], Awaitable[None]]
# The same for many deadlines of one kind at once; answers, for each in order, None (done) or the error it met.
DeadlineBatchAction = Callable[
    [ServicesT, "ChatPort", "list[Deadline[PayloadT]]", "datetime"], Awaitable[Sequence[Exception | None]]
]


class DeadlineActions:
    """The deadline handlers of every feature, by kind."""

    def __init__(self) -> None:
        self._actions: dict[str, tuple[type[DeadlinePayload], DeadlineAction[Any, Any]]] = {}
        self._batches: dict[str, DeadlineBatchAction[Any, Any]] = {}

    def add(
        self,
        payload: type[DeadlinePayload],
        action: DeadlineAction[Any, Any],
        batch: DeadlineBatchAction[Any, Any] | None,
    ) -> None:
        """Handle deadlines of `payload.KIND` with `action`, or many at once with `batch` when given."""
        self._actions[payload.KIND] = (payload, action)
        if batch is not None:
            self._batches[payload.KIND] = batch

    @property
    def actions(self) -> dict[str, tuple[type[DeadlinePayload], DeadlineAction[Any, Any]]]:
        """The deadline handlers by kind, with the payload type each takes."""
        return dict(self._actions)

    def batch(self, kind: str) -> DeadlineBatchAction[Any, Any] | None:
        """The handler of many deadlines of `kind` at once, if its feature has one."""
        return self._batches.get(kind)
