import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from bot import clock as clock_module
from bot.clock import Clock, FakeClock, ScaledClock, SystemClock


def test_fake_clock_stands_still_until_advanced() -> None:
    fake = FakeClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    assert fake.now() == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    fake.advance(timedelta(minutes=7))
    assert fake.now() == datetime(2026, 3, 1, 9, 7, tzinfo=UTC)


def test_fake_clock_refuses_to_go_backwards() -> None:
    with pytest.raises(ValueError, match="backwards"):
        FakeClock().advance(-1)


async def test_fake_clock_sleep_advances_instantly() -> None:
    fake = FakeClock(datetime(2026, 3, 1, tzinfo=UTC))
    await fake.sleep(46 * 60)
    assert fake.now() == datetime(2026, 3, 1, 0, 46, tzinfo=UTC)


def test_naive_start_is_read_as_utc() -> None:
    assert FakeClock(datetime(2026, 3, 1, 9, 0)).now().tzinfo is UTC


def test_scaled_clock_runs_speed_times_faster(monkeypatch: pytest.MonkeyPatch) -> None:
    real_seconds = [1000.0]
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: real_seconds[0])
    scaled = ScaledClock(speed=60, start=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    real_seconds[0] += 45  # 45 real seconds...
    assert scaled.now() == datetime(2026, 3, 1, 9, 45, tzinfo=UTC)  # ...are 45 clock minutes


def test_scaled_clock_begins_at_start_when_told_however_long_start_up_took(monkeypatch: pytest.MonkeyPatch) -> None:
    real_seconds = [1000.0]
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: real_seconds[0])
    scaled = ScaledClock(speed=600, start=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    real_seconds[0] += 3  # a slow start-up: 30 clock minutes at speed 600
    scaled.begin_now()
    real_seconds[0] += 6
    assert scaled.now() == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_an_anchored_clock_keeps_its_shared_timeline_when_told_to_begin(monkeypatch: pytest.MonkeyPatch) -> None:
    real_now = [5000.0]
    monkeypatch.setattr(clock_module.time, "time", lambda: real_now[0])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    anchored = ScaledClock(speed=600, start=start, anchor=4990.0)
    anchored.begin_now()
    assert anchored.now() == start + timedelta(seconds=10 * 600)


async def test_scaled_clock_sleep_waits_real_time_divided_by_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(clock_module.asyncio, "sleep", fake_sleep)
    await ScaledClock(speed=600).sleep(46 * 60)
    assert slept == [pytest.approx(4.6)]


def test_anchored_scaled_clocks_share_one_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    real_now = [5000.0]
    monkeypatch.setattr(clock_module.time, "time", lambda: real_now[0])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    first = ScaledClock(speed=600, start=start, anchor=4990.0)
    real_now[0] += 3  # a second process starts three real seconds later...
    second = ScaledClock(speed=600, start=start, anchor=4990.0)
    assert first.now() == second.now() == start + timedelta(seconds=13 * 600)  # ...on the same timeline


def test_scaled_clock_rejects_a_non_positive_speed() -> None:
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(speed=0)


async def test_fake_clock_sleep_until_waits_for_the_test_to_move_time() -> None:
    fake = FakeClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    sleeping = asyncio.create_task(fake.sleep_until(datetime(2026, 3, 1, 9, 10, tzinfo=UTC), asyncio.Event()))
    fake.advance(timedelta(minutes=9))
    await asyncio.sleep(0)
    assert not sleeping.done()  # one minute short
    fake.advance(timedelta(minutes=1))
    await sleeping
    assert fake.now() == datetime(2026, 3, 1, 9, 10, tzinfo=UTC)  # it waited; it did not move time itself


@pytest.mark.parametrize("clock", [FakeClock(), ScaledClock(speed=600), SystemClock()], ids=type)
async def test_sleep_until_ends_as_soon_as_it_is_woken(clock: Clock) -> None:
    wake = asyncio.Event()
    sleeping = asyncio.create_task(clock.sleep_until(clock.now() + timedelta(days=1), wake))
    await asyncio.sleep(0)
    assert not sleeping.done()
    wake.set()
    await sleeping


async def test_scaled_clock_sleep_until_waits_real_time_divided_by_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    real_seconds = [1000.0]
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: real_seconds[0])
    timeouts: list[float] = []

    def recording_timeout(seconds: float) -> contextlib.AbstractAsyncContextManager[None]:
        timeouts.append(seconds)
        return contextlib.nullcontext()  # type: ignore[return-value]

    monkeypatch.setattr(clock_module.asyncio, "timeout", recording_timeout)
    scaled = ScaledClock(speed=600, start=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    wake = asyncio.Event()
    wake_soon = asyncio.get_running_loop().call_soon(wake.set)
    await scaled.sleep_until(datetime(2026, 3, 2, 9, 46, tzinfo=UTC), wake)
    wake_soon.cancel()
    assert timeouts == [pytest.approx(4.6)]
