"""Every time read goes through a Clock: real, scaled for console demos, or fake for tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of the current time and of sleeping in that time."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""

    async def sleep(self, seconds: float) -> None:
        """Let `seconds` of this clock's time pass."""

    async def sleep_until(self, moment: datetime, wake: asyncio.Event) -> None:
        """Wait until this clock reads `moment`, or until `wake` is set, whichever comes first."""


class SystemClock:
    """Real time."""

    def now(self) -> datetime:
        """The current real time, UTC."""
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds` of real time (negative counts as zero)."""
        await asyncio.sleep(max(seconds, 0.0))

    async def sleep_until(self, moment: datetime, wake: asyncio.Event) -> None:
        """Sleep in real time until `moment`, or until `wake` is set."""
        await _wait_for(wake, (moment - self.now()).total_seconds())


class ScaledClock:
    """Runs `speed` times faster than real time from `start` (a 45-minute mock in 45 s at speed 60).

    With an `anchor` (a Unix time), simulated time equals `start` at that real moment, so
    several processes given the same start and anchor share one simulated timeline.
    """

    def __init__(self, speed: float = 1.0, start: datetime | None = None, anchor: float | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._start = _aware(start) if start is not None else datetime.now(UTC)
        self._anchor = anchor
        self._started_at = time.monotonic()

    def begin_now(self) -> None:
        """Let simulated time start at `start` from this moment: start-up work does not eat clock time.

        With an anchor the shared timeline wins, so nothing changes.
        """
        self._started_at = time.monotonic()

    def now(self) -> datetime:
        """The simulated time: `start` plus the real time elapsed times `speed`."""
        if self._anchor is not None:
            elapsed = (time.time() - self._anchor) * self.speed
        else:
            elapsed = (time.monotonic() - self._started_at) * self.speed
        return self._start + timedelta(seconds=elapsed)

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds` of simulated time (`seconds / speed` of real time)."""
        await asyncio.sleep(max(seconds, 0.0) / self.speed)

    async def sleep_until(self, moment: datetime, wake: asyncio.Event) -> None:
        """Sleep until the simulated time reads `moment`, or until `wake` is set."""
        await _wait_for(wake, (moment - self.now()).total_seconds() / self.speed)


class FakeClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = _aware(start) if start is not None else datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        self._moved: list[asyncio.Future[None]] = []  # sleepers to tell that time moved

    def now(self) -> datetime:
        """The time the test last set."""
        return self._now

    def advance(self, delta: timedelta | float) -> datetime:
        """Move time forward by `delta` (never backwards) and return the new time."""
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else delta
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += timedelta(seconds=seconds)
        self._tell_sleepers()
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (naive means UTC)."""
        self._now = _aware(moment)
        self._tell_sleepers()

    async def sleep(self, seconds: float) -> None:
        """Advance time by `seconds` at once, then let other tasks run."""
        self.advance(max(seconds, 0.0))
        await asyncio.sleep(0)

    async def sleep_until(self, moment: datetime, wake: asyncio.Event) -> None:
        """Wait, without real time passing, until the test moves time to `moment` or `wake` is set."""
        waking = asyncio.ensure_future(wake.wait())
        try:
            while self._now < moment and not wake.is_set():
                moved = asyncio.get_running_loop().create_future()
                self._moved.append(moved)
                await asyncio.wait([moved, waking], return_when=asyncio.FIRST_COMPLETED)
        finally:
            waking.cancel()

    def _tell_sleepers(self) -> None:
        moved, self._moved = self._moved, []
        for future in moved:
            if not future.done():
                future.set_result(None)


async def _wait_for(wake: asyncio.Event, seconds: float) -> None:
    """Return after `seconds` of real time, or as soon as `wake` is set."""
    if seconds <= 0 or wake.is_set():
        return
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wake.wait()


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are read as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
