"""What the fake OpenAI answers: the scripted behaviours and the reply content they carry."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import pydantic

JSON = dict[str, Any]

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_REPLY = "This is a reply from the fake OpenAI server."


@dataclass(frozen=True)
class Reply:
    """A normal 200 completion.

    ``content`` is a string, a dict (sent JSON-encoded), a pydantic model (sent as its JSON), or a callable
    that gets the request's JSON body and returns one of those (or any other :data:`Behaviour`).
    ``usage`` is ``(prompt_tokens, completion_tokens)``; left out, it is counted at the server's
    ``chars_per_token`` (4 unless the fake was built with another figure).
    ``finish_reason="length"`` or ``"content_filter"`` make ``parse()`` raise the client's
    ``LengthFinishReasonError`` / ``ContentFilterFinishReasonError``.
    """

    content: Content
    usage: tuple[int, int] | None = None
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Refusal:
    """A 200 whose message has ``refusal`` set and ``content: null`` (structured-outputs refusal)."""

    message: str = "I'm sorry, but I can't help with that."
    usage: tuple[int, int] | None = None


@dataclass(frozen=True)
class Malformed:
    """A 200 whose content is not JSON, as a model ignoring the response format would answer."""

    content: str = "Sure! Here are some probes:"
    usage: tuple[int, int] | None = None


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds`` before answering with ``then`` (the default reply when ``None``).

    If the client gives up first (its timeout), the handler is cancelled; nothing is sent. Stopping the server
    ends a pending delay by dropping the connection.
    """

    seconds: float
    then: Behaviour | None = None


@dataclass(frozen=True)
class Status:
    """An OpenAI-shaped error response: ``{"error": {"message", "type", "param", "code"}}``.

    ``retry_after`` (seconds, fractions allowed) sets ``Retry-After``; ``retry_after_ms`` sets
    ``retry-after-ms`` (the client prefers it). ``should_retry`` sets ``x-should-retry``, which overrides the
    client's own choice. ``message``, ``error_type`` and ``code`` override the defaults for the status.
    """

    status: int
    retry_after: float | None = None
    retry_after_ms: float | None = None
    message: str | None = None
    error_type: str | None = None
    code: str | None = None
    param: str | None = None
    should_retry: bool | None = None


@dataclass(frozen=True)
class Disconnect:
    """Close the connection without answering (the client sees a connection error)."""


Behaviour: TypeAlias = Reply | Refusal | Malformed | Delay | Status | Disconnect
Content: TypeAlias = (
    str | Mapping[str, Any] | list[Any] | pydantic.BaseModel | Callable[[JSON], "str | Mapping[str, Any] | Behaviour"]
)

BEHAVIOUR_TYPES = (Reply, Refusal, Malformed, Delay, Status, Disconnect)


def resolve_content(content: Content | Behaviour, body: JSON) -> str | Behaviour:
    """Content to the message text; a callable is called with the request body first."""
    if isinstance(content, BEHAVIOUR_TYPES):
        return content
    if callable(content) and not isinstance(content, pydantic.BaseModel):
        content = content(body)
        if isinstance(content, BEHAVIOUR_TYPES):
            return content
    if isinstance(content, str):
        return content
    if isinstance(content, pydantic.BaseModel):
        return content.model_dump_json()
    if isinstance(content, Mapping | list):
        return json.dumps(content)
    raise TypeError(f"unsupported reply content: {content!r}")
