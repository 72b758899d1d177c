"""Turn neutral replies into terminal text (pure)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping

from bot.chat import Button, Place, Reply, ThreadRef

BOT_NAME = "practice-partner"
_MENTION = re.compile(r"<@([^>\s]+)>")
INDENT = "  "


def place_label(place: Place) -> str:
    """`#channel`, or `#channel › thread` with `(private)` when it is."""
    if isinstance(place, ThreadRef):
        lock = " (private)" if place.private else ""
        return f"#{place.channel.name or place.channel.id} › {place.name or place.id}{lock}"
    return f"#{place.name or place.id}"


def render_mentions(text: str, names: Mapping[str, str]) -> str:
    """Replace `<@id>` tokens with `@name` (the id when the name is unknown)."""
    return _MENTION.sub(lambda match: "@" + names.get(match.group(1), match.group(1)), text)


def render_reply(
    reply: Reply,
    *,
    header: str,
    number_button: Callable[[Button], int],
    names: Mapping[str, str],
    width: int = 100,
) -> str:
    """A message block: header line, then the indented body."""
    body: list[str] = []
    if reply.ping:
        body.append(reply.ping)
    if reply.title:
        body.append(f"**{reply.title}**")
    if reply.text:
        body.extend(_wrap(reply.text, width))
    if reply.fields:
        inline = [field for field in reply.fields if field.inline]
        if inline:
            body.append(" | ".join(f"{field.name}: {field.value}" for field in inline))
        for field in reply.fields:
            if not field.inline:
                body.append(f"{field.name}:")
                body.extend(INDENT + line for line in _wrap(field.value, width - len(INDENT)))
    if reply.buttons:
        body.append("  ".join(f"[{number_button(button)}] {button.label}" for button in reply.buttons))
    if reply.footer:
        body.append(f"({reply.footer})")
    text = "\n".join([header, *(INDENT + line if line else "" for line in body)])
    return render_mentions(text, names)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if len(paragraph) <= width:
            lines.append(paragraph)
            continue
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        lines.extend(textwrap.wrap(paragraph, width, subsequent_indent=indent + "  ", break_on_hyphens=False) or [""])
    return lines
