"""Neutral replies as Slack Block Kit messages, within Slack's limits (split, never rejected)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.chat import Button, ButtonStyle, Form, Reply, ReplyField
from bot.text_split import split_text, truncate

SECTION_TEXT_LIMIT = 3000
FIELD_TEXT_LIMIT = 2000
FIELDS_PER_SECTION = 10
BLOCKS_PER_MESSAGE = 50
BUTTONS_PER_ACTIONS_BLOCK = 25
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
FALLBACK_TEXT_LIMIT = 3000
MODAL_TITLE_LIMIT = 24
INPUT_LABEL_LIMIT = 2000

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_ESCAPED_MENTION = re.compile(r"&lt;@([A-Za-z0-9]+)&gt;")

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification and accessibility fallback
    blocks: list[Block]


def mrkdwn(markdown: str) -> str:
    """Our Markdown as Slack mrkdwn: `**bold**` -> `*bold*`, links, and escaping that keeps mentions."""
    escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _ESCAPED_MENTION.sub(r"<@\1>", escaped)
    escaped = _LINK.sub(r"<\2|\1>", escaped)
    return _BOLD.sub(r"*\1*", escaped)


def plain(markdown: str) -> str:
    return _LINK.sub(r"\1 (\2)", _BOLD.sub(r"\1", markdown))


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _field_blocks(fields: tuple[ReplyField, ...]) -> list[Block]:
    blocks: list[Block] = []
    inline = [f for f in fields if f.inline and len(f.name) + len(f.value) < FIELD_TEXT_LIMIT - 10]
    for start in range(0, len(inline), FIELDS_PER_SECTION):
        chunk = inline[start : start + FIELDS_PER_SECTION]
        blocks.append(
            {
                "type": "section",
                "fields": [{"type": "mrkdwn", "text": f"*{mrkdwn(f.name)}*\n{mrkdwn(f.value)}"} for f in chunk],
            }
        )
    for field in fields:
        if field in inline:
            continue
        text = f"*{mrkdwn(field.name)}*\n{mrkdwn(field.value)}"
        blocks.extend(_section(piece) for piece in split_text(text, SECTION_TEXT_LIMIT))
    return blocks


def _button(button: Button) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(button.label, BUTTON_TEXT_LIMIT), "emoji": True},
        "action_id": str(button.action),
        "value": button.action.entity or button.action.action,
    }
    if button.style is ButtonStyle.PRIMARY:
        element["style"] = "primary"
    elif button.style is ButtonStyle.DANGER:
        element["style"] = "danger"
    return element


def render(reply: Reply) -> list[SlackMessage]:
    content: list[Block] = []
    if reply.title:
        content.append({"type": "header", "text": {"type": "plain_text", "text": truncate(reply.title, HEADER_LIMIT)}})
    if reply.ping:
        content.append(_section(reply.ping))  # Slack mention tokens notify wherever they appear
    if reply.text:
        content.extend(_section(piece) for piece in split_text(mrkdwn(reply.text), SECTION_TEXT_LIMIT))
    content.extend(_field_blocks(reply.fields))
    if reply.footer:
        content.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn(reply.footer), 2000)}],
            }
        )
    buttons = [_button(button) for button in reply.buttons]
    actions = [
        {"type": "actions", "elements": buttons[start : start + BUTTONS_PER_ACTIONS_BLOCK]}
        for start in range(0, len(buttons), BUTTONS_PER_ACTIONS_BLOCK)
    ]
    chunks = [content[start : start + BLOCKS_PER_MESSAGE] for start in range(0, len(content), BLOCKS_PER_MESSAGE)]
    chunks = chunks or [[]]
    if len(chunks[-1]) + len(actions) > BLOCKS_PER_MESSAGE:
        chunks.append([])
    chunks[-1].extend(actions)
    fallback = plain(reply.title or reply.text or "")
    return [
        SlackMessage(
            text=truncate(fallback if index == 0 else f"{fallback} (cont.)", FALLBACK_TEXT_LIMIT),
            blocks=blocks,
        )
        for index, blocks in enumerate(chunks)
    ]


def modal_view(form: Form, private_metadata: str) -> dict[str, Any]:
    """A modal whose callback_id is the form's action id; each field is an input block."""
    return {
        "type": "modal",
        "callback_id": str(form.action),
        "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": truncate(form.title, MODAL_TITLE_LIMIT)},
        "submit": {"type": "plain_text", "text": truncate(form.submit_label, MODAL_TITLE_LIMIT)},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": field.id,
                "optional": not field.required,
                "label": {"type": "plain_text", "text": truncate(field.label, INPUT_LABEL_LIMIT)},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": field.multiline,
                    "max_length": min(field.max_length, 3000),
                    **({"initial_value": field.default} if field.default else {}),
                    **(
                        {"placeholder": {"type": "plain_text", "text": truncate(field.placeholder, 150)}}
                        if field.placeholder
                        else {}
                    ),
                },
            }
            for field in form.fields
        ],
    }


def submitted_values(view: dict[str, Any]) -> dict[str, str]:
    """Field id -> value from a view_submission's state."""
    values: dict[str, str] = {}
    for block_id, actions in (view.get("state", {}).get("values", {}) or {}).items():
        for action in actions.values():
            values[block_id] = str(action.get("value") or "")
    return values
