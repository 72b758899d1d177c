"""The words of estimates: scales, sizes, periods, and the words that join or conclude a derivation."""

from __future__ import annotations

DAY = 86_400.0

SMALL_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
"""Number words; "a" counts as one only before a scale word ("a million")."""

SCALES = {
    "hundred": 100.0,
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mm": 1e6,
    "mil": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "t": 1e12,
    "T": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
"""Scale words after a number: "10M", "1.2 billion", "3k"; "B" is decided by context (billion or bytes)."""

BYTE_UNITS = {
    "bytes": 1.0,
    "byte": 1.0,
    "kb": 1e3,
    "kib": 1024.0,
    "mb": 1e6,
    "mib": 1024.0**2,
    "gb": 1e9,
    "gib": 1024.0**3,
    "tb": 1e12,
    "tib": 1024.0**4,
    "pb": 1e15,
    "pib": 1024.0**5,
    "eb": 1e18,
}
"""Sizes in bytes (decimal prefixes, as estimates use them); a bare "B" is handled by context."""

BIT_UNITS = {"bps": 1.0, "kbps": 1e3, "mbps": 1e6, "gbps": 1e9, "tbps": 1e12, "pbps": 1e15}
"""Bandwidths in bits per second."""

PERIODS = {
    "ms": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": DAY,
    "day": DAY,
    "days": DAY,
    "wk": 7 * DAY,
    "week": 7 * DAY,
    "weeks": 7 * DAY,
    "mo": 30 * DAY,
    "month": 30 * DAY,
    "months": 30 * DAY,
    "y": 365 * DAY,
    "yr": 365 * DAY,
    "yrs": 365 * DAY,
    "year": 365 * DAY,
    "years": 365 * DAY,
}
"""Periods in seconds: a month is 30 days, a year 365."""

RATE_WORDS = {
    "qps": 1.0,
    "rps": 1.0,
    "tps": 1.0,
    "ops": 1.0,
    "dau": DAY,
    "daily": DAY,
    "mau": 30 * DAY,
    "monthly": 30 * DAY,
    "hourly": 3600.0,
    "yearly": 365 * DAY,
    "annually": 365 * DAY,
}
"""Words that make a count a rate on their own: "12k QPS", "500M DAU" (users a day)."""

MACHINES = frozenset(
    [
        "server",
        "servers",
        "box",
        "boxes",
        "node",
        "nodes",
        "machine",
        "machines",
        "host",
        "hosts",
        "disk",
        "disks",
        "drive",
        "drives",
        "instance",
        "instances",
        "shard",
        "shards",
        "broker",
        "brokers",
        "pod",
        "pods",
        "vm",
        "vms",
    ]
)
"""What a capacity divides into: a claim in these is load / per-machine capacity."""

NOUNS_TOO = frozenset({"peak", "avg", "average"})
"""Joiners that may also follow a number as part of it ("30k peak QPS", "58k avg QPS")."""

CALENDAR = {365.0: 86_400.0, 366.0: 86_400.0, 30.0: 86_400.0, 31.0: 86_400.0, 7.0: 86_400.0, 12.0: 30 * 86_400.0}
CALENDAR |= {52.0: 7 * 86_400.0, 24.0: 3600.0, 3600.0: 1.0, 86_400.0: 1.0, 1440.0: 60.0}
"""Bare numbers that may be a count of periods ("x 365" days, "x 12" months), with the period in seconds."""

RETENTION_WORDS = frozenset(["keep", "kept", "for", "retain", "retained", "over", "store", "stored", "across"])
"""Words before "a year" that make it a duration ("keep a year") rather than a rate."""

JOINERS = frozenset(
    [
        "with",
        "at",
        "of",
        "each",
        "avg",
        "average",
        "per",
        "handles",
        "handle",
        "does",
        "do",
        "x",
        "times",
        "by",
        "peak",
        "factor",
        "maybe",
        "say",
        "assume",
        "assuming",
        "and",
        "plus",
        "for",
        "keep",
        "kept",
        "retain",
        "retained",
        "over",
        "on",
        "in",
        "sends",
        "doing",
        "logging",
        "from",
        "across",
        "store",
        "divided",
    ]
)
"""Words that join inputs: a number right after one is another input, never a claimed result."""

CONCLUDERS = (
    r"=|≈|->|=>|→|⇒|:|\bso\b|\bis\b|\bare\b|\bthat'?s\b|\bthats\b|\bwhich\b|\bmeans\b|\bgives?\b|\bworks out\b"
    r"|\bcomes to\b|\bequals\b|\bcall it\b|\bwe'?re at\b|\bhence\b|\btherefore\b|\bthen\b|\bgets us\b"
    r"|\bleads to\b|\bresults in\b|\bie\b|\bi\.e\b|\bneeds?\b|\brequires?\b"
)
"""What introduces a claimed result: "is about", "->", "=", "so", "works out to", "that's"."""

HEDGES = (
    r"~|\babout\b|\broughly\b|\baround\b|\bapprox(?:imately)?\b|\blike\b|\bbasically\b|\bonly\b|\bnearly\b"
    r"|\balmost\b|\bjust\b|\bsome\b|\bat peak\b|\bat least\b|\bat most\b"
)
"""Hedges before a result: a result on its own ("~ 580/s") or after a concluder ("is about 115")."""

STOP_WORDS = frozenset(JOINERS | {"a", "an", "the", "is", "so", "are", "that's", "thats", "which", "means", "or"})
"""Words that end a quantity's nouns ("orders" in "10M orders a day" is a noun; "with" is not)."""
