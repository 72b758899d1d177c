"""What the Slack stand-in's modules share: JSON types, constants, errors, signing and Slack-style JSON."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from typing import Any

Json = dict[str, Any]
Record = dict[str, Any]

#: Parameters that ``slack_sdk`` (or a form-encoding client) sends as JSON strings.
JSON_PARAMS = ("blocks", "attachments", "view", "metadata")
#: How long a trigger_id stays usable in real Slack.
TRIGGER_TTL_SECONDS = 3.0
SLACKBOT_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class SlackApiFailure(Exception):
    """Raised inside a method implementation to answer ``{"ok": false, "error": error}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


def slack_json(value: Any) -> str:
    """Serialise like Slack does: compact, ASCII-only, with ``/`` escaped as ``\\/``."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def slack_signature(signing_secret: str, timestamp: str, body: str) -> str:
    """The ``X-Slack-Signature`` value (v0) for ``body`` sent at ``timestamp``."""
    return slack_signature_bytes(signing_secret, timestamp, body.encode())


def slack_signature_bytes(signing_secret: str, timestamp: str, body: bytes) -> str:
    """The signature of raw bytes, which need not be UTF-8 (Slack signs the bytes it sends)."""
    base = b"v0:" + timestamp.encode("utf-8", "surrogateescape") + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def rich_text(text: str, block_id: str) -> list[Json]:
    """The rich_text block Slack attaches to a user's message, mentions split out."""
    elements: list[Json] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def iter_elements(blocks: Iterable[Any]) -> Iterable[tuple[str, Json]]:
    """Yield (block_id, element) for every interactive element in ``blocks``."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block_id = str(block.get("block_id", ""))
        candidates: list[Any] = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            candidates.append(block["accessory"])
        if isinstance(block.get("element"), dict):
            candidates.append(block["element"])
        for element in candidates:
            if isinstance(element, dict) and "action_id" in element:
                yield block_id, element


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
