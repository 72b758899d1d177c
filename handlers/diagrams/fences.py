"""Fenced mermaid blocks in a chat message (pure).

Discord and the console keep the fence lines as typed (```` ```mermaid ```` on its own line); Slack's composer
often sends ```` ```flowchart LR ... ``` ```` with no line breaks around the fences, and drops the language tag.
So a block counts when it is tagged `mermaid`, or when its body starts like a flowchart.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"```(?P<tag>[ \t]*mermaid\b)?(?P<body>.*?)```", re.DOTALL | re.IGNORECASE)
_FLOWCHART = re.compile(r"^\s*(flowchart|graph)\b", re.IGNORECASE)
_OPENING = re.compile(r"```")


def mermaid_blocks(text: str) -> list[str]:
    """The body of each closed mermaid fence in `text`, in order (its first line is the diagram's line 1)."""
    blocks = []
    for found in _FENCE.finditer(text):
        body = found.group("body")
        if found.group("tag") or _FLOWCHART.match(body):
            body = re.sub(r"^[ \t]*\r?\n", "", body, count=1)  # the rest of the opening fence's line
            blocks.append(body)
    return blocks


def opens_fence(text: str) -> bool:
    """Whether `text` leaves a ``` fence open (an odd number of fences): more lines belong to it."""
    return len(_OPENING.findall(text)) % 2 == 1
