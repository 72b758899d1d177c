"""Neutral replies as Slack Block Kit messages, within Slack's limits (split, never rejected)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from slackify_markdown import slackify_markdown

from bot.chat import Button, ButtonStyle, Form, FormField, Reply, ReplyField
from bot.text_split import split_text, truncate

SECTION_TEXT_LIMIT = 3000
FIELD_TEXT_LIMIT = 2000
FIELDS_PER_SECTION = 10
BLOCKS_PER_MESSAGE = 50
BUTTONS_PER_ACTIONS_BLOCK = 25
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
FALLBACK_TEXT_LIMIT = 3000
MRKDWN_CACHE_SIZE = 1024
RENDER_CACHE_SIZE = 256
MODAL_TITLE_LIMIT = 24
MODAL_BLOCKS_LIMIT = 100
INPUT_LABEL_LIMIT = 2000
INPUT_VALUE_LIMIT = 3000

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
# The converter keeps every <@...>, <#...> and <!...> token; only user mentions the bot wrote may stay live.
_SPECIAL_TOKEN = re.compile(r"<([#!][^>]*)>")

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """One Slack message: blocks and their plain-text fallback."""

    text: str  # the notification and accessibility fallback
    blocks: list[Block]


def escape(text: str) -> str:
    """Text shown as-is in mrkdwn: only Slack's three control characters are escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """A message's text as its author typed it: Slack sends `&`, `<` and `>` escaped (mention tokens stay)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@functools.lru_cache(maxsize=MRKDWN_CACHE_SIZE)
def mrkdwn(markdown: str) -> str:
    """Markdown (ours and the LLM's) as Slack mrkdwn: `**b**` -> `*b*`, `*i*` -> `_i_`, lists, links.

    User mentions (`<@U123>`) stay live; channel, broadcast and group tokens are shown, not sent.
    Cached: the converter builds a new Markdown parser per call, the most CPU an answer costs, and
    most texts (help, cards, hints) repeat.
    """
    if not markdown.strip():
        return markdown
    converted = slackify_markdown(markdown).rstrip("\n")
    return _SPECIAL_TOKEN.sub(r"&lt;\1&gt;", converted)


def plain(markdown: str) -> str:
    """Markdown as plain text: bold dropped, links as `text (url)`."""
    return _LINK.sub(r"\1 (\2)", _BOLD.sub(r"\1", markdown))


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _sections(text: str) -> list[Block]:
    """As many sections as the text needs; none for blank text (Slack refuses empty text)."""
    return [_section(piece) for piece in split_text(text, SECTION_TEXT_LIMIT) if piece.strip()]


def _field_text(field: ReplyField) -> str:
    return f"*{escape(field.name)}*\n{mrkdwn(field.value)}" if field.name.strip() else mrkdwn(field.value) or " "


def _field_blocks(fields: tuple[ReplyField, ...]) -> list[Block]:
    blocks: list[Block] = []
    # Measured after conversion: escaping can make a short value longer than a field may be.
    texts = {field: _field_text(field) for field in fields}
    inline = [f for f in fields if f.inline and len(texts[f]) <= FIELD_TEXT_LIMIT and texts[f].strip()]
    for start in range(0, len(inline), FIELDS_PER_SECTION):
        chunk = inline[start : start + FIELDS_PER_SECTION]
        blocks.append({"type": "section", "fields": [{"type": "mrkdwn", "text": texts[f]} for f in chunk]})
    for field in fields:
        if field not in inline:
            blocks.extend(_sections(texts[field]))
    return blocks


def _button(button: Button) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(button.label.strip() or "…", BUTTON_TEXT_LIMIT), "emoji": True},
        "action_id": str(button.action),
        "value": button.action.entity or button.action.action,
    }
    if button.style is ButtonStyle.PRIMARY:
        element["style"] = "primary"
    elif button.style is ButtonStyle.DANGER:
        element["style"] = "danger"
    return element


def render(reply: Reply) -> list[SlackMessage]:
    """The Slack messages that show the reply, each within Slack's block limits.

    An equal reply gets the same messages back (a button's answer is the same for everyone who presses
    it): callers only read them. A reply with a picture is rendered anew (its bytes are not kept)."""
    if reply.image is not None:
        return _render(reply)
    return list(_rendered(reply))


@functools.lru_cache(maxsize=RENDER_CACHE_SIZE)
def _rendered(reply: Reply) -> tuple[SlackMessage, ...]:
    return tuple(_render(reply))


def _render(reply: Reply) -> list[SlackMessage]:
    content: list[Block] = []
    if reply.title and reply.title.strip():
        content.append({"type": "header", "text": {"type": "plain_text", "text": truncate(reply.title, HEADER_LIMIT)}})
    if reply.ping:
        content.extend(_sections(reply.ping))  # Slack mention tokens notify wherever they appear
    if reply.text:
        content.extend(_sections(mrkdwn(reply.text)))
    content.extend(_field_blocks(reply.fields))
    footer = mrkdwn(reply.footer or "").strip()  # blank after conversion too: `***` is a rule, no text
    if footer:
        content.append({"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(footer, 2000)}]})
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


def _plain(text: str, limit: int, fallback: str) -> Block:
    """A plain_text object Slack accepts: never blank, never over `limit`."""
    return {"type": "plain_text", "text": truncate(text.strip() or fallback, limit)}


def _input_block(field: FormField) -> Block:
    max_length = max(1, min(field.max_length, INPUT_VALUE_LIMIT))
    element: Block = {"type": "plain_text_input", "action_id": "value", "multiline": field.multiline}
    element["max_length"] = max_length
    if field.default:
        element["initial_value"] = field.default[:max_length]
    if field.placeholder.strip():
        element["placeholder"] = _plain(field.placeholder, 150, "")
    return {
        "type": "input",
        "block_id": field.id,
        "optional": not field.required,
        "label": _plain(field.label, INPUT_LABEL_LIMIT, field.id),
        "element": element,
    }


def modal_view(form: Form, private_metadata: str) -> dict[str, Any]:
    """A modal whose callback_id is the form's action id; each field is an input block (100 at most)."""
    return {
        "type": "modal",
        "callback_id": str(form.action),
        "private_metadata": private_metadata,
        "title": _plain(form.title, MODAL_TITLE_LIMIT, "Form"),
        "submit": _plain(form.submit_label, MODAL_TITLE_LIMIT, "Submit"),
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [_input_block(field) for field in form.fields[:MODAL_BLOCKS_LIMIT]],
    }


def submitted_values(view: dict[str, Any]) -> dict[str, str]:
    """Field id -> value from a view_submission's state."""
    values: dict[str, str] = {}
    for block_id, actions in (view.get("state", {}).get("values", {}) or {}).items():
        for action in actions.values():
            values[block_id] = str(action.get("value") or "")
    return values
