"""Fenced ```mermaid blocks in a chat message (pure)."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]*```[ \t]*mermaid[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL | re.IGNORECASE)
_OPENING = re.compile(r"^[ \t]*```", re.MULTILINE)


def mermaid_blocks(text: str) -> list[str]:
    """The body of each closed ```mermaid fence in `text`, in order."""
    return [found.group(1) for found in _FENCE.finditer(text)]


def opens_fence(text: str) -> bool:
    """Whether `text` leaves a ``` fence open (an odd number of fence lines): more lines belong to it."""
    return len(_OPENING.findall(text)) % 2 == 1
