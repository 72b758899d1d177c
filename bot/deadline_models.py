"""What a deadline is: its payload model (one subclass per kind) and a claimed deadline."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer

# A time in a payload, written as datetime.isoformat() wrote it before payloads were models.
IsoTime = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]


class DeadlinePayload(BaseModel):
    """What a deadline carries: one subclass per kind. Aliases keep the short keys on the wire."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    KIND: ClassVar[str]

    def member(self) -> str:
        """The queue entry: the same payload is the same entry, so scheduling it twice is harmless."""
        fields = self.model_dump(mode="json", by_alias=True)
        return json.dumps({"kind": self.KIND, **fields}, sort_keys=True, separators=(",", ":"))


PayloadT = TypeVar("PayloadT")


@dataclass(frozen=True)
class Deadline(Generic[PayloadT]):
    """A claimed deadline: its kind, payload, due time and queue entry."""

    kind: str
    payload: PayloadT
    due_at: datetime
    member: str

    def lateness(self, now: datetime) -> timedelta:
        """How long after its due time `now` is (never negative)."""
        return max(now - self.due_at, timedelta(0))


RawDeadline = Deadline[dict[str, Any]]  # as claimed, before its payload is validated
DeadlineHandler = Callable[[Deadline[Any], datetime], Awaitable[None]]
# Handles many deadlines of one kind at once; answers, for each in order, None (done) or the error it met.
# It may be given deadlines before their due time (claimed ahead, bot.deadlines.CLAIM_AHEAD): it acts on
# each at its due time, by the injected clock.
DeadlineBatchHandler = Callable[[list[Deadline[Any]], datetime], Awaitable[Sequence[Exception | None]]]
