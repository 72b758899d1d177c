"""What each kind of deadline runs: its payload validated, then its handler, one by one or a batch at a time.

The queue (bot.deadlines) claims, acknowledges and retries; this module only calls handlers and says how
each deadline went: None when done, the error it met otherwise. A deadline that cannot be handled at all
(not a deadline, no handler, a payload no retry can make valid) is logged and left out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from bot import metrics
from bot.deadline_models import Deadline, DeadlineBatchHandler, DeadlineHandler, DeadlinePayload, RawDeadline
from bot.stored import NewerRecord

log = logging.getLogger("bot.deadlines")  # the queue's log lines, whichever module writes them

GIVE_UP_AFTER = timedelta(hours=1)  # a deadline still failing this long after its due time is dropped


class DeadlineKinds:
    """The payload model and handler of every kind of deadline one queue serves."""

    def __init__(self) -> None:
        self._payload_types: dict[str, type[DeadlinePayload]] = {}
        self._handlers: dict[str, DeadlineHandler] = {}
        self._batch_handlers: dict[str, DeadlineBatchHandler] = {}

    def on(self, payload_type: type[DeadlinePayload], handler: DeadlineHandler) -> None:
        """Handle deadlines of `payload_type.KIND` one by one."""
        self._payload_types[payload_type.KIND] = payload_type
        self._handlers[payload_type.KIND] = handler

    def on_batch(self, payload_type: type[DeadlinePayload], handler: DeadlineBatchHandler) -> None:
        """Handle deadlines of `payload_type.KIND` a batch at a time (preferred to a one-by-one handler)."""
        self._payload_types[payload_type.KIND] = payload_type
        self._batch_handlers[payload_type.KIND] = handler

    def __bool__(self) -> bool:
        return bool(self._payload_types)

    def is_batched(self, kind: str) -> bool:
        """Whether deadlines of `kind` are handled in batches (and so claimed ahead of their due time)."""
        return kind in self._batch_handlers

    @property
    def batched(self) -> str:
        """The batched kinds as the dispatch script reads them: `,mock,other,`."""
        return "," + ",".join(self._batch_handlers) + ","

    def groups(self, claimed: list[RawDeadline], chunk: int) -> list[tuple[list[RawDeadline], bool]]:
        """How to hand a claim to the handlers: one by one, or in chunks of a kind; with whether it is a batch."""
        singles: list[tuple[list[RawDeadline], bool]] = []
        batched: dict[str, list[RawDeadline]] = {}
        for deadline in claimed:
            if deadline.kind in self._batch_handlers:
                batched.setdefault(deadline.kind, []).append(deadline)
            else:
                singles.append(([deadline], False))
        chunks = [(group[at : at + chunk], True) for group in batched.values() for at in range(0, len(group), chunk)]
        return singles + chunks

    def validated(self, deadline: RawDeadline) -> Deadline[DeadlinePayload] | None:
        """The deadline with its payload validated; None (logged) when it cannot be handled."""
        payload_type = self._payload_types.get(deadline.kind)
        if not deadline.kind:
            log.error("dropping a queue entry that is not a deadline: %s", deadline.member[:200])
            return None
        if payload_type is None:
            log.error("no handler for deadline kind %s; dropping it", deadline.kind)
            return None
        try:
            payload = payload_type.model_validate(deadline.payload)
        except ValidationError as error:
            # Retrying cannot make it valid: drop it rather than retry it forever.
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'payload'}: {e['msg']}" for e in error.errors())
            log.error(
                "dropping a %s deadline, its payload is invalid (%s): %s", deadline.kind, problems, deadline.member
            )
            return None
        return Deadline(deadline.kind, payload, deadline.due_at, deadline.member)

    async def handle(
        self, deadlines: list[RawDeadline], now: datetime
    ) -> tuple[list[tuple[RawDeadline, Exception | None]], list[RawDeadline]]:
        """Validate and run one deadline, or a batch of one batched kind: how each valid one went (None: done,
        else its error), and those that cannot be handled at all."""
        checked = [(deadline, self.validated(deadline)) for deadline in deadlines]
        valid = [(raw, typed) for raw, typed in checked if typed is not None]
        dropped = [raw for raw, typed in checked if typed is None]
        typed = [deadline for _, deadline in valid]
        if not typed:
            return [], dropped
        errors = (
            await self.run_batch(typed, now)
            if typed[0].kind in self._batch_handlers
            else [await self.run(deadline, now) for deadline in typed]
        )
        return [(raw, error) for (raw, _), error in zip(valid, errors, strict=True)], dropped

    async def run(self, deadline: Deadline[Any], now: datetime) -> Exception | None:
        """Run the one-by-one handler of `deadline`; the error it raised, if any."""
        try:
            await self._handlers[deadline.kind](deadline, now)
        except Exception as error:
            return error
        return None

    async def run_batch(self, deadlines: list[Deadline[Any]], now: datetime) -> list[Exception | None]:
        """Run the batch handler of these deadlines (all of one kind); how each went, in order."""
        try:
            outcomes = list(await self._batch_handlers[deadlines[0].kind](deadlines, now))
        except Exception as failed:  # the whole batch failed: each is retried (handlers are idempotent)
            return [failed] * len(deadlines)
        if len(outcomes) != len(deadlines):
            error = RuntimeError(f"a {deadlines[0].kind} batch handler answered {len(outcomes)} of {len(deadlines)}")
            return [error] * len(deadlines)
        return outcomes


def accounted(
    outcomes: list[tuple[RawDeadline, Exception | None]], dropped: list[RawDeadline], now: datetime
) -> tuple[list[RawDeadline], list[RawDeadline]]:
    """Count and log how deadlines went; return those to acknowledge (done, dropped, or failing for too long)
    and those to retry later."""
    finished = [deadline for deadline, error in outcomes if error is None]
    if finished:
        metrics.DEADLINES.labels(finished[0].kind, "done").inc(len(finished))
    given_up, retried = list(dropped), []
    for deadline, error in outcomes:
        if error is None:
            continue
        if isinstance(error, NewerRecord):  # a newer release wrote what it needs: it may handle it
            # bot.stored warned once already; each retry would repeat it
            log.debug("deadline %s needs a %s record of a newer release", deadline.kind, error.model)
        else:
            log.error("deadline %s failed", deadline.kind, exc_info=error)
        if deadline.lateness(now) < GIVE_UP_AFTER:
            metrics.DEADLINES.labels(deadline.kind, "retried").inc()
            retried.append(deadline)
            continue
        log.error("giving up on deadline %s, due at %s", deadline.kind, deadline.due_at)
        given_up.append(deadline)
    for deadline in given_up:
        metrics.DEADLINES.labels(deadline.kind, "dropped").inc()
    return finished + given_up, retried
