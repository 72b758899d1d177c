"""Checking a chat completion body before any scripted behaviour runs (rejected requests use none)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.openai_server._recording import message_text
from tests.fakes.openai_server._responses import error_response


def validate_body(body: Any) -> web.Response | None:
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
    response_format = body.get("response_format")
    if isinstance(response_format, dict):
        kind = response_format.get("type")
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
