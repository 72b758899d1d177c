"""Counted nouns in user-facing text: "1 story", "2 stories"."""

from __future__ import annotations


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun that fits it; the plural defaults to the singular plus "s"."""
    noun = singular if count == 1 else (plural if plural is not None else singular + "s")
    return f"{count} {noun}"
