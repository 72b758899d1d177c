"""What the fake OpenAI received: one :class:`RecordedRequest` per request, and prompt-size estimates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.openai_server._behaviours import JSON


@dataclass
class RecordedRequest:
    """One request the fake received. ``headers`` keys are lower-case and never include ``authorization``;
    ``authorized`` says whether it carried the right key. ``time`` is ``time.monotonic()`` on arrival."""

    method: str
    path: str
    headers: dict[str, str]
    authorized: bool
    body: Any
    time: float
    status: int = 0  # the status answered (0 while pending or when the connection was dropped)

    @property
    def json(self) -> JSON:
        return self.body if isinstance(self.body, dict) else {}

    @property
    def model(self) -> str | None:
        model = self.json.get("model")
        return model if isinstance(model, str) else None

    @property
    def messages(self) -> list[JSON]:
        messages = self.json.get("messages")
        return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []

    @property
    def stream(self) -> bool:
        return bool(self.json.get("stream"))

    @property
    def response_format(self) -> JSON | None:
        response_format = self.json.get("response_format")
        return response_format if isinstance(response_format, dict) else None

    @property
    def json_schema(self) -> JSON | None:
        """``response_format.json_schema`` (``{"name", "schema", "strict"}``) when structured outputs were asked."""
        schema = (self.response_format or {}).get("json_schema")
        return schema if isinstance(schema, dict) else None

    @property
    def retry_count(self) -> int:
        try:
            return int(self.headers.get("x-stainless-retry-count", "0"))
        except ValueError:
            return 0

    def text_of(self, role: str) -> str:
        """The text of every message with ``role``, joined by blank lines."""
        return "\n\n".join(message_text(m) for m in self.messages if m.get("role") == role)

    @property
    def system(self) -> str:
        return self.text_of("system")

    @property
    def user(self) -> str:
        return self.text_of("user")


def message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def estimate_tokens(text: str, chars_per_token: float = 4.0) -> int:
    """The tokens `text` counts as: one per `chars_per_token` characters, rounded up."""
    return max(1, math.ceil(len(text) / chars_per_token)) if text else 0


def estimate_prompt_tokens(body: JSON, chars_per_token: float = 4.0) -> int:
    """The prompt tokens of a request: its messages' text at `chars_per_token` characters a token."""
    messages = body.get("messages") or []
    text = "".join(message_text(m) for m in messages if isinstance(m, dict))
    return max(1, estimate_tokens(text, chars_per_token))
