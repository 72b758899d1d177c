"""Find the claimed results in a line of estimation and recompute each one from the stated inputs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import product

from handlers.interviewer.quantities import Quantity, quantities
from handlers.interviewer.units import CALENDAR, CONCLUDERS, HEDGES, JOINERS

_HEDGE_AT_END = re.compile(rf"(?:{HEDGES})[\s,]*$", re.IGNORECASE)
_CONCLUDER = re.compile(CONCLUDERS, re.IGNORECASE)
_CONCLUDER_AT_END = re.compile(rf"(?:{CONCLUDERS})\s*$", re.IGNORECASE)
_DIVIDES = re.compile(r"(?:/|÷|\bdivided by)\s*$", re.IGNORECASE)
_OVER = re.compile(r"\s*(?:over|for|in|after|across|within)\s*(?:the\s+next\s+)?$", re.IGNORECASE)
_OR_AT_END = re.compile(r"\bor\s*$", re.IGNORECASE)
_GAP_TOKEN = re.compile(r"[A-Za-z']+|[^\sA-Za-z']")
MOST_INPUTS = 6
"""Only the last few inputs before a claim are combined (3**6 combinations at most)."""


@dataclass(frozen=True)
class Step:
    """One claimed result: the inputs it rests on, the claim, and the true value, in base units."""

    inputs: tuple[Quantity, ...]
    claim: Quantity
    expected: float
    source_start: int
    source_end: int
    tail: str = ""


@dataclass(frozen=True)
class _Option:
    exponent: int
    data: int
    time: int
    value: float
    wildcard: bool


def derive(text: str) -> list[Step]:
    """Every checkable claim in the line, each recomputed from the inputs stated before it.

    A claim after an earlier claim rests on that claim's true value (not the claimed one), so a
    chain is judged from the stated inputs. A quantity that cannot be derived from what precedes it
    is an input, not a claim; a line with no derivation gives no steps.
    """
    steps: list[Step] = []
    carried: Quantity | None = None
    pending: list[Quantity] = []
    chain_start: int | None = None
    previous_end = 0
    found = quantities(text)
    for position, quantity in enumerate(found):
        gap = text[previous_end : quantity.start]
        previous_end = quantity.end
        if _DIVIDES.search(gap):
            quantity = replace(quantity, divisor=True)
        inputs = ([carried] if carried is not None else []) + pending
        trailing = _trailing_duration(text, found, position)
        tail = ""
        if trailing is not None and inputs and is_concluded(gap):
            tail = text[quantity.end : trailing.end]
            inputs.append(trailing)
        if inputs and not quantity.factor and is_concluded(gap):
            expected = solve(inputs, quantity)
            if expected is not None:
                start = _source_start(steps, inputs, chain_start)
                end = inputs[-2].end if tail else inputs[-1].end
                steps.append(Step(tuple(inputs), quantity, expected, start, end, tail))
                carried, pending = replace(quantity, value=expected), []
                continue
        if chain_start is None:
            chain_start = quantity.start
        pending.append(quantity)
    return steps


def _trailing_duration(text: str, found: list[Quantity], position: int) -> Quantity | None:
    """The period a result is stated over, after it: "~1.8 PB over 5 years", "6B rows in 5 years"."""
    if position + 1 >= len(found) or found[position + 1].time != 1:
        return None
    following = found[position + 1]
    return following if _OVER.match(text[found[position].end : following.start]) else None


def _source_start(steps: list[Step], inputs: list[Quantity], chain_start: int | None) -> int:
    """Where the inputs' text starts: the previous claim when it was right, else the chain's first input."""
    if steps and steps[-1].claim.start == inputs[0].start and _near(steps[-1].claim.value, steps[-1].expected):
        return steps[-1].claim.start
    return chain_start if chain_start is not None else inputs[0].start


def _near(claimed: float, expected: float) -> bool:
    return expected > 0 and 0.5 <= claimed / expected <= 2.0


def is_concluded(gap: str) -> bool:
    """Whether the text between two quantities introduces the second as a result ("is about", "->", ", ~")."""
    stripped, hedged = gap, False
    while (match := _HEDGE_AT_END.search(stripped)) is not None and match.group().strip():
        stripped, hedged = stripped[: match.start()], True
    if _CONCLUDER_AT_END.search(stripped):
        return True
    tokens = _GAP_TOKEN.findall(stripped)
    if tokens and tokens[-1].lower() in JOINERS | {"×", "*", "/", "@", "+"}:
        return False
    if _CONCLUDER.search(stripped):
        return True
    return hedged and (stripped.strip(" ,;") == "" or _OR_AT_END.search(stripped) is not None)


def solve(inputs: list[Quantity], claim: Quantity) -> float | None:
    """The claim's true value from the inputs, in the claim's base units, or None when no combination fits.

    Inputs are multiplied (rates are per second, durations in seconds, so rate conversions, count x
    size, rate x size and totals over retention are all products); the combination using the most
    inputs wins, ties going to the one nearest the claim. A claim counted in machines is one load
    over one per-machine capacity, like over like ("100k rps ... 5k rps per box") preferred.
    """
    machine = bool(claim.machine) and claim.data == 0 and claim.time == 0
    recent = inputs[-MOST_INPUTS:]
    best: tuple[tuple[int, int, float], float] | None = None
    for choice in product(*(_options(quantity, machine) for quantity in recent)):
        value = _combined(choice, claim, machine)
        if value is None or value <= 0 or claim.value <= 0:
            continue
        used = [option for option in choice if option.exponent]
        if len([option for option in used if option.value != 1]) <= 1 and _restated(choice, recent, claim):
            continue
        if machine:
            penalty = int(sum(option.exponent * option.time for option in used) != 0)
        else:
            penalty = sum(1 for option in used if option.wildcard)
        score = (penalty, 0 if machine else -len(used), abs(math.log(claim.value / value)))
        if best is None or score < best[0]:
            best = (score, value)
    return None if best is None else best[1]


def _restated(choice: tuple[_Option, ...], inputs: list[Quantity], claim: Quantity) -> bool:
    """A claim that only repeats one input in the same unit ("DAU is 50M ... 20 requests") derives nothing."""
    sources = [quantity for option, quantity in zip(choice, inputs, strict=True) if option.exponent]
    sources = [quantity for quantity in sources if not _one(quantity)] or sources
    if len(sources) != 1:
        return False
    source = sources[0]
    same_period = claim.time == 0 or source.period == claim.period
    return source.time == claim.time and same_period and source.bits == claim.bits


def _one(quantity: Quantity) -> bool:
    """ "1 server": a count of one multiplies nothing."""
    return quantity.value == 1 and quantity.data == 0 and quantity.time == 0


def _options(quantity: Quantity, machine: bool) -> list[_Option]:
    """How an input may enter: left out, multiplied, or divided (a capacity, or after "/")."""
    if machine:
        exponents: tuple[int, ...] = (0, 1, -1)
    else:
        exponents = (0, -1) if quantity.divisor else (0, 1)
    kinds = [_Option(0, 0, 0, 1.0, False)]
    for exponent in exponents[1:]:
        kinds.append(_Option(exponent, quantity.data, quantity.time, quantity.value, False))
        if quantity.bare:
            kinds.append(_Option(exponent, 0, -1, quantity.value, True))
        if quantity.maybe_billions:
            # "180B * 500 bytes": a "B" that cannot be bytes here is billions.
            kinds.append(_Option(exponent, 0, quantity.time, quantity.value * 1e9, False))
        if quantity.bare and quantity.value in CALENDAR:
            # "x 365" after a daily figure, "/ 86400": a count of periods (a duration), or the change of period itself.
            kinds.append(_Option(exponent, 0, 1, quantity.value * CALENDAR[quantity.value], False))
            kinds.append(_Option(exponent, 0, 0, 1.0, False))
    return kinds


def _combined(choice: tuple[_Option, ...], claim: Quantity, machine: bool) -> float | None:
    """The product of the chosen inputs if its dimensions are the claim's."""
    data = sum(option.exponent * option.data for option in choice)
    if machine:
        divisions = sum(1 for option in choice if option.exponent < 0)
        if divisions != 1 or data != 0 or sum(1 for option in choice if option.exponent > 0) != 1:
            return None
    else:
        time = sum(option.exponent * option.time for option in choice)
        if (data, time) != (claim.data, claim.time) or not any(option.exponent for option in choice):
            return None
    value = 1.0
    for option in choice:
        value *= option.value**option.exponent
    return value
