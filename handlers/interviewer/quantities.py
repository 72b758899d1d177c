"""Numbers as people write them in estimates: "10M", "two hundred thousand", "~7 TB/yr", "3k rps", "500B"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handlers.interviewer.units import (
    BIT_UNITS,
    BYTE_UNITS,
    MACHINES,
    NOUNS_TOO,
    PERIODS,
    RATE_WORDS,
    RETENTION_WORDS,
    SCALES,
    SMALL_NUMBERS,
    STOP_WORDS,
)

_TOKEN = re.compile(
    r"(?P<ratio>(?<![\w.])\d+(?:\.\d+)?\s*[:/]\s*\d+(?![\w.]))"
    r"|(?P<num>(?<![A-Za-z\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][+-]?\d+(?![A-Za-z]))?)"
    r"|(?P<sym>->|=>|→|⇒|≈|~|=|×|\*|/|@|:|;|,|%|\+|\(|\)|-)"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)"
)


@dataclass(frozen=True)
class Token:
    """One piece of a line: a number, a word or a symbol, with where it sits."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        """The text in lower case, with a curly apostrophe made straight."""
        return self.text.lower().replace("’", "'")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, in base units: bytes or a count; per second if a rate; seconds if a duration."""

    value: float
    data: int
    time: int
    start: int
    end: int
    period: float = 0.0
    bits: bool = False
    bare: bool = False
    factor: bool = False
    machine: str = ""
    divisor: bool = False
    maybe_billions: bool = False


def tokenize(text: str) -> list[Token]:
    """The line's tokens, ratios like "10:1" and "80/20" kept whole so they never read as two numbers."""
    return [Token(str(match.lastgroup), match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]


def quantities(text: str) -> list[Quantity]:
    """Every quantity stated in the line, in order."""
    tokens = tokenize(text)
    has_data = any(token.kind == "word" and _data_unit(token) for token in tokens)
    found: list[Quantity] = []
    index = 0
    while index < len(tokens):
        parsed = _number(tokens, index, has_data)
        if parsed is None:
            duration = _bare_duration(tokens, index)
            if duration is not None:
                found.append(duration)
                index += 2
            else:
                index += 1
            continue
        value, after, billions_bytes = parsed
        quantity, index = _with_unit(tokens, tokens[index].start, value, after, billions_bytes)
        found.append(quantity)
    return found


def _data_unit(token: Token) -> bool:
    return token.low in BYTE_UNITS or token.low in BIT_UNITS


def _number(tokens: list[Token], index: int, has_data: bool) -> tuple[float, int, bool] | None:
    """The number starting at index, its scale words applied; (value, next index, "B" read as bytes)."""
    token = tokens[index]
    if token.kind == "num" and _hyphenated(tokens, index):
        return None
    if token.kind == "num":
        value = float(token.text.replace(",", ""))
        index += 1
    elif token.kind == "word" and (token.low in SMALL_NUMBERS or _article_scale(tokens, index)):
        value = float(SMALL_NUMBERS.get(token.low, 1))
        index += 1
        while index < len(tokens) and tokens[index].low in SMALL_NUMBERS and value >= 20 and value % 10 == 0:
            value += SMALL_NUMBERS[tokens[index].low]
            index += 1
    else:
        return None
    total = 0.0
    while index < len(tokens) and tokens[index].kind == "word":
        word = tokens[index]
        if word.text == "B" and not _billions(tokens, index, has_data):
            return total + value, index, True
        scale = SCALES.get(word.text, SCALES.get(word.low))
        if scale is None:
            break
        if scale == 100:
            value *= 100
        else:
            total, value = 0.0, (total + value) * scale
        index += 1
    return total + value, index, False


def _hyphenated(tokens: list[Token], index: int) -> bool:
    """ "64-bit ids", "3-way": a number joined to a word by a hyphen describes; it is not a quantity."""
    if index + 2 >= len(tokens):
        return False
    hyphen, word = tokens[index + 1], tokens[index + 2]
    return hyphen.text == "-" and hyphen.start == tokens[index].end and word.kind == "word" and word.start == hyphen.end


def _article_scale(tokens: list[Token], index: int) -> bool:
    """ "a million" or "a hundred": an article that stands for one."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return tokens[index].low in {"a", "an"} and following is not None and following.low in SCALES


def _billions(tokens: list[Token], index: int, has_data: bool) -> bool:
    """ "5B reads" is five billion; "500B" next to other sizes, or "300B each", is bytes."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.kind != "word" or following.start - tokens[index].end > 1:
        return not has_data
    noun = following.low not in STOP_WORDS and not _data_unit(following) and following.low not in PERIODS
    return noun or not has_data


def _with_unit(tokens: list[Token], start: int, value: float, index: int, billions_bytes: bool) -> tuple[Quantity, int]:
    """The quantity: the number with the unit, nouns and "per period" that follow it."""
    unit = tokens[index] if index < len(tokens) else None
    if unit is not None and unit.kind == "sym" and unit.text == "%":
        return Quantity(value / 100, 0, 0, start, unit.end, factor=True), index + 1
    if unit is not None and unit.text == "/":
        return _rated(tokens, index, start, value, 0)
    if unit is None or unit.kind != "word":
        return Quantity(value, 0, 0, start, tokens[index - 1].end, bare=True), index
    attached = unit.start == tokens[index - 1].end
    if (unit.low in {"x", "times"} and attached) or (unit.low == "x" and _ends(tokens, index)):
        return Quantity(value, 0, 0, start, unit.end, factor=True), index + 1
    if unit.low in BIT_UNITS:
        return Quantity(value * BIT_UNITS[unit.low] / 8, 1, -1, start, unit.end, period=1.0, bits=True), index + 1
    if billions_bytes or unit.low in BYTE_UNITS:
        size = 1.0 if billions_bytes else BYTE_UNITS.get(unit.low, 1.0)
        quantity, after = _rated(tokens, index if billions_bytes else index + 1, start, value * size, 1)
        return replace(quantity, maybe_billions=billions_bytes), after
    if unit.low in PERIODS and unit.low not in {"m", "b"}:
        return Quantity(value * PERIODS[unit.low], 0, 1, start, unit.end), index + 1
    return _rated(tokens, index, start, value, 0)


def _ends(tokens: list[Token], index: int) -> bool:
    return index + 1 >= len(tokens) or tokens[index + 1].kind != "num"


def _rated(tokens: list[Token], index: int, start: int, value: float, data: int) -> tuple[Quantity, int]:
    """Skip up to three nouns ("new links", "page views"), then read "a day", "/s", "per month", "qps"."""
    end = tokens[index - 1].end
    words = 0
    machine = ""
    while index < len(tokens) and words <= 3:
        token = tokens[index]
        period = _period_at(tokens, index)
        if period is not None:
            seconds, width = period
            final = tokens[index + width - 1].end
            return Quantity(value / seconds, data, -1, start, final, period=seconds, machine=machine), index + width
        if token.kind != "word" or token.low in STOP_WORDS - NOUNS_TOO or token.low in SMALL_NUMBERS:
            if token.low == "each":
                end, index = token.end, index + 1
            break
        if token.low in MACHINES and not machine:
            machine = token.low
        words += 1
        end, index = token.end, index + 1
    per_machine = _per_machine(tokens, index)
    if per_machine:
        end, index = tokens[index + 1].end, index + 2
    bare = data == 0 and words == 0 and not per_machine
    return Quantity(value, data, 0, start, end, bare=bare, machine=machine), index


def _per_machine(tokens: list[Token], index: int) -> bool:
    return (
        index + 1 < len(tokens)
        and tokens[index].low in {"per", "each"}
        and tokens[index + 1].kind == "word"
        and tokens[index + 1].low not in PERIODS
    )


def _period_at(tokens: list[Token], index: int) -> tuple[float, int] | None:
    """A rate's period at index, in seconds, and how many tokens it takes: "/day", "a month", "in an hour", "qps"."""
    token = tokens[index]
    if token.low in RATE_WORDS:
        return RATE_WORDS[token.low], 1
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None:
        return None
    if following.low in PERIODS and (token.text == "/" or token.low in {"per", "a", "an", "each", "every", "one"}):
        return PERIODS[following.low], 2
    third = tokens[index + 2] if index + 2 < len(tokens) else None
    if token.low == "every" and following.kind == "num" and third is not None and third.low in PERIODS:
        return float(following.text.replace(",", "")) * PERIODS[third.low], 3
    if token.low == "in" and following.low in {"a", "an", "one"} and third is not None and third.low in PERIODS:
        return PERIODS[third.low], 3
    return None


def _bare_duration(tokens: list[Token], index: int) -> Quantity | None:
    """ "keep a year", "for a year": one period, said without a number."""
    token = tokens[index]
    if token.low not in {"a", "an", "one"} or index == 0 or index + 1 >= len(tokens):
        return None
    period = tokens[index + 1]
    if tokens[index - 1].low not in RETENTION_WORDS or period.low not in PERIODS:
        return None
    return Quantity(PERIODS[period.low], 0, 1, token.start, period.end)
