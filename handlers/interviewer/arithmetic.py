"""Check a candidate's back-of-envelope arithmetic: recompute each claimed result from the stated inputs.

`check_arithmetic("10M orders a day is about 1,000 a second")` gives one check (claimed 1,000 a
second, expected about 116); `is_off` flags it (more than 2x either way) and `correction` gives the
interviewer's line: "Check that: 10M orders a day is about 115 a second on average."
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from handlers.interviewer.derivation import derive
from handlers.interviewer.quantities import Quantity
from handlers.interviewer.units import DAY

TOLERANCE = 2.0
"""A result within this factor of the true value passes quietly: estimates are rough."""

_PERIOD_NAMES = {1.0: "s", 60.0: "min", 3600.0: "hour", DAY: "day", 7 * DAY: "week", 30 * DAY: "month"}
_PERIOD_NAMES[365 * DAY] = "year"
_PERIOD_WORDS = {"s": "second", "min": "minute"}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_BYTE_PREFIXES = ((1e18, "EB"), (1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB"), (1.0, "B"))
_BIT_PREFIXES = ((1e15, "Pbps"), (1e12, "Tbps"), (1e9, "Gbps"), (1e6, "Mbps"), (1e3, "Kbps"), (1.0, "bps"))


@dataclass(frozen=True)
class ArithmeticCheck:
    """One claimed result and its true value from the stated inputs, both in `unit`.

    `unit` is "" for a count, a machine word ("servers"), "B" for bytes, "bit" for bits, followed by
    "/s", "/day", ... for a rate: "/s" (a count per second), "B/day", "bit/s".
    """

    statement: str
    claimed: float
    expected: float
    unit: str

    @property
    def ratio(self) -> float:
        """Claimed over expected: 8.6 for "1,000 a second" when the inputs give 116."""
        return self.claimed / self.expected if self.expected else math.inf


def check_arithmetic(text: str) -> list[ArithmeticCheck]:
    """The checkable claims in a line (or a message), each with its true value; [] when nothing is derived."""
    checks = []
    for line in text.splitlines():
        for step in derive(line):
            scale, unit = _display(step.claim)
            statement = line[step.source_start : step.source_end].strip(" ,;:") + step.tail
            checks.append(ArithmeticCheck(statement, step.claim.value * scale, step.expected * scale, unit))
    return checks


def is_off(check: ArithmeticCheck) -> bool:
    """Whether the claim is more than 2x off the true value, either way."""
    return not 1 / TOLERANCE <= check.ratio <= TOLERANCE


def correction(check: ArithmeticCheck) -> str:
    """The interviewer's line: "Check that: 10M orders a day is about 115 a second on average." """
    amount = describe(check.expected, check.unit)
    average = " on average" if check.unit.endswith("/s") and _longer_period(check.statement) else ""
    return f"Check that: {check.statement} is about {amount}{average}."


def describe(value: float, unit: str) -> str:
    """A value in a unit for people: "115 a second", "11.6k a second", "3 TB", "43.2 GB a day", "25 Gbps"."""
    base, _, period = unit.partition("/")
    if base == "bit":
        return _prefixed(value, _BIT_PREFIXES)
    if base == "B":
        sized = _prefixed(value, _BYTE_PREFIXES)
        return f"{sized}/s" if period == "s" else f"{sized} a {period}" if period else sized
    amount = human(value)
    if period:
        return f"{amount} a {_PERIOD_WORDS.get(period, period)}"
    return f"{amount} {base}" if base else amount


def human(value: float) -> str:
    """A number as people say it: 0.012, 2.3, 115, 11.6k, 463k, 1.2M, 6.1B."""
    if 0 < value < 1:
        return _trim(f"{value:.{1 - math.floor(math.log10(value))}f}")
    if value < 10:
        return _trim(f"{value:.1f}")
    if value < 1000:
        return str(int(value))
    for scale, suffix in _SCALES:
        if value >= scale * 0.9995:
            scaled = value / scale
            return (_trim(f"{scaled:.1f}") if scaled < 100 else f"{scaled:.0f}") + suffix
    return str(int(value))


def _prefixed(value: float, prefixes: tuple[tuple[float, str], ...]) -> str:
    for scale, name in prefixes:
        if value >= scale * 0.9995:
            scaled = value / scale
            amount = _trim(f"{scaled:.1f}") if scaled < 100 else f"{scaled:.0f}"
            return f"{amount} {name}"
    return f"{_trim(f'{value:.2f}')} {prefixes[-1][1]}"


def _trim(number: str) -> str:
    return number[:-2] if number.endswith(".0") else number


def _display(claim: Quantity) -> tuple[float, str]:
    """How to turn base units into the claim's own: the factor, and the unit's name."""
    scale = 8.0 if claim.bits else 1.0
    base = "bit" if claim.bits else "B" if claim.data else claim.machine
    if claim.time < 0:
        period = min(_PERIOD_NAMES, key=lambda seconds: abs(math.log(seconds / claim.period)))
        return scale * period, f"{base}/{_PERIOD_NAMES[period]}"
    if claim.time > 0:
        return 1.0, "s"
    return scale, base


def _longer_period(statement: str) -> bool:
    """Whether the inputs were per day, month or year (the average over a long period)."""
    words = statement.lower()
    return any(word in words for word in ("day", "month", "year", "week", "hour", "/yr", "/d", "dau", "mau", "daily"))
