"""OpenAI-shaped responses: JSON bodies with OpenAI's headers, ``{"error": ...}`` bodies, dropped connections."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping

from aiohttp import web

from tests.fakes.openai_server._behaviours import JSON, Status

API_KEYS_URL = "https://platform.openai.com/account/api-keys"

_STATUS_DEFAULTS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: (
        f"Incorrect API key provided. You can find your API key at {API_KEYS_URL}.",
        "invalid_request_error",
        "invalid_api_key",
    ),
    403: ("You are not allowed to sample from this model", "invalid_request_error", None),
    404: ("The model does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"),
    408: ("Request timed out.", "timeout", None),
    409: ("The request conflicts with another request.", "invalid_request_error", None),
    422: ("Unprocessable entity.", "invalid_request_error", None),
    429: (
        "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


def status_error(status: Status) -> web.Response:
    message, error_type, code = _STATUS_DEFAULTS.get(
        status.status,
        ("The server had an error while processing your request.", "server_error", None)
        if status.status >= 500
        else ("Invalid request.", "invalid_request_error", None),
    )
    headers: dict[str, str] = {}
    if status.retry_after is not None:
        headers["Retry-After"] = _number(status.retry_after)
    if status.retry_after_ms is not None:
        headers["retry-after-ms"] = _number(status.retry_after_ms)
    if status.should_retry is not None:
        headers["x-should-retry"] = "true" if status.should_retry else "false"
    return error_response(
        status.status,
        status.message if status.message is not None else message,
        status.error_type if status.error_type is not None else error_type,
        code=status.code if status.code is not None else code,
        param=status.param,
        headers=headers,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def common_headers() -> dict[str, str]:
    return {
        "x-request-id": "req_" + secrets.token_hex(16),
        "openai-version": "2020-10-01",
        "openai-processing-ms": "1",
    }


def json_response(payload: JSON, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # text= with content_type gives exactly "application/json; charset=utf-8", as OpenAI sends
    return web.Response(
        status=status,
        text=json.dumps(payload),
        content_type="application/json",
        headers={**common_headers(), **(headers or {})},
    )


def error_response(
    status: int,
    message: str,
    error_type: str,
    *,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    return json_response(
        {"error": {"message": message, "type": error_type, "param": param, "code": code}}, status, headers
    )


def drop_connection(request: web.Request) -> web.Response:
    """Close the connection; aiohttp then fails to write the (empty) response and quietly gives up."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=499)


def mask_key(key: str) -> str:
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:3]}{'*' * (len(key) - 7)}{key[-4:]}"
