"""How the LLM is asked for JSON, per what the server supports, and how the JSON is read back.

Three output modes, best first: ``json_schema`` (OpenAI's strict Structured Outputs; Ollama and vLLM take it too),
``json_object`` (JSON mode: valid JSON, any shape) and ``text`` (no ``response_format`` at all; the JSON is found in
the text). In the weaker modes the schema goes into the instructions instead. Whatever the mode, the answer is
validated with pydantic afterwards, so lengths, counts and enums the schema cannot express are checked there.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel

if TYPE_CHECKING:
    import openai

Mode: TypeAlias = Literal["json_schema", "json_object", "text"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "text")

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema as strict mode wants it: every object closed and every property required."""
    schema = model.model_json_schema()
    _close(schema)
    return schema


def _close(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and isinstance(node.get("properties"), dict):
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for item in node:
            _close(item)


def response_format(mode: Mode, model: type[BaseModel]) -> dict[str, Any] | None:
    """The `response_format` request field for `mode` (`None` for plain text)."""
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": model.__name__, "schema": strict_schema(model), "strict": True},
        }
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def messages_for(mode: Mode, messages: list[dict[str, Any]], model: type[BaseModel]) -> list[dict[str, Any]]:
    """The messages to send: without a schema-aware response format, the schema goes into the instructions."""
    if mode == "json_schema":
        return messages
    shape = "Answer with exactly one JSON object and nothing else, valid against this JSON Schema:\n" + json.dumps(
        strict_schema(model), separators=(",", ":")
    )
    for index, message in enumerate(messages):
        if message.get("role") == "system":
            extended = {**message, "content": f"{message['content']}\n\n{shape}"}
            return [*messages[:index], extended, *messages[index + 1 :]]
    return [{"role": "system", "content": shape}, *messages]


def extract_json(text: str) -> str | None:
    """The first JSON object in a model's answer: the whole text, a fenced block, or an object inside prose."""
    for candidate in (text.strip(), *(match.group(1).strip() for match in _FENCE.finditer(text))):
        try:
            if isinstance(json.loads(candidate), dict):
                return candidate
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return text[match.start() : end]
    return None


def refuses_format(error: openai.APIStatusError) -> bool:
    """True when a 400/422 says the server does not support the response format asked (not a broken request)."""
    if error.status_code not in (400, 422):
        return False
    param = getattr(error, "param", None)
    message = str(getattr(error, "message", "") or "").lower()
    return param == "response_format" or "response_format" in message or "json_schema" in message
