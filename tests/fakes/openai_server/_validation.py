"""Checking a chat completion body before any scripted behaviour runs (rejected requests use none)."""

from __future__ import annotations

import base64
import re
from typing import Any, Literal, TypeAlias

from aiohttp import web

from tests.fakes.openai_server._recording import message_text
from tests.fakes.openai_server._responses import error_response
from tests.fakes.openai_server._strict import strict_schema_error

# What a server does with `response_format` (see FakeOpenAI):
# strict: OpenAI itself; lenient: Ollama/vLLM (any schema accepted, nothing guaranteed about the answer);
# json_object: a server without structured outputs; text: a server that refuses `response_format` at all.
Structured: TypeAlias = Literal["strict", "lenient", "json_object", "text"]
STRUCTURED_OUTPUTS_GUIDE = "https://platform.openai.com/docs/guides/structured-outputs"


def validate_body(body: Any, structured: Structured = "strict") -> web.Response | None:
    """OpenAI's 400s for the mistakes a client can make in a chat completion body."""
    if not isinstance(body, dict):
        return error_response(
            400,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
            "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
            "invalid_request_error",
        )
    if not body.get("model"):
        return error_response(400, "you must provide a model parameter", "invalid_request_error")
    messages = body.get("messages")
    if messages is None:
        return error_response(
            400,
            "Missing required parameter: 'messages'.",
            "invalid_request_error",
            param="messages",
            code="missing_required_parameter",
        )
    if not isinstance(messages, list) or not messages:
        return error_response(
            400,
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            "invalid_request_error",
            param="messages",
            code="empty_array",
        )
    refused_image = _image_parts_error(messages)
    if refused_image is not None:
        return refused_image
    response_format = body.get("response_format")
    if isinstance(response_format, dict):
        kind = response_format.get("type")
        refused = _refused_format(str(kind), structured)
        if refused is not None:
            return refused
        if kind == "json_schema":
            schema = response_format.get("json_schema")
            for key in ("name", "schema"):
                if not isinstance(schema, dict) or key not in schema:
                    return error_response(
                        400,
                        f"Missing required parameter: 'response_format.json_schema.{key}'.",
                        "invalid_request_error",
                        param=f"response_format.json_schema.{key}",
                        code="missing_required_parameter",
                    )
            if structured == "strict" and schema.get("strict") is True:
                message = strict_schema_error(str(schema["name"]), schema["schema"], model=str(body["model"]))
                if message is not None:
                    return error_response(400, message, "invalid_request_error", param="response_format")
        elif kind == "json_object":
            text = " ".join(message_text(m) for m in messages if isinstance(m, dict))
            if "json" not in text.lower():
                return error_response(
                    400,
                    "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                    "'json_object'.",
                    "invalid_request_error",
                    param="messages",
                )
    return None


def _refused_format(kind: str, structured: Structured) -> web.Response | None:
    """The 400 a server answers for a response format it does not support."""
    if structured == "text" and kind != "text":
        return error_response(
            400,
            "Unsupported parameter: 'response_format' is not supported with this model.",
            "invalid_request_error",
            param="response_format",
            code="unsupported_parameter",
        )
    if structured == "json_object" and kind == "json_schema":
        return error_response(
            400,
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn "
            f"more about supported models at the Structured Outputs guide: {STRUCTURED_OUTPUTS_GUIDE}",
            "invalid_request_error",
            param="response_format",
        )
    return None


IMAGE_LIMIT_BYTES = 20 * 1024 * 1024  # OpenAI: "Please make sure your image is below 20 MB in size"
_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=]+)$")
_INVALID_IMAGE = (
    "You uploaded an unsupported image. Please make sure your image is below 20 MB in size and is of one the "
    "following formats: ['png', 'jpeg', 'gif', 'webp']."
)


def _image_parts_error(messages: list[Any]) -> web.Response | None:
    """OpenAI's 400s for image content parts: only in user messages, a data URL of a supported type under 20 MB."""
    for index, message in enumerate(messages):
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        for part_index, part in enumerate(content):
            if not isinstance(part, dict) or part.get("type") != "image_url":
                continue
            param = f"messages.[{index}].content.[{part_index}].image_url"
            if message.get("role") != "user":
                return error_response(
                    400,
                    f"Invalid 'messages[{index}]'. Image URLs are only allowed for messages with role 'user', but "
                    f"this message with role '{message.get('role')}' contains an image URL.",
                    "invalid_request_error",
                    param=f"messages.[{index}].content.[{part_index}].type",
                    code="invalid_value",
                )
            url = str((part.get("image_url") or {}).get("url", ""))
            if url.startswith(("https://", "http://")):
                continue  # OpenAI would fetch it; the stand-in records it, and the bot's tests check it sent none
            found = _DATA_URL.match(url)
            if found is None or len(base64.b64decode(found.group(2), validate=False)) > IMAGE_LIMIT_BYTES:
                return error_response(
                    400, _INVALID_IMAGE, "invalid_request_error", param=param, code="invalid_image_format"
                )
    return None
