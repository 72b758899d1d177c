"""Counting words: "1 pair", "2 pairs", "0 pairs"."""

from __future__ import annotations


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun that goes with it; `plural` for nouns that do not just take an "s"."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
