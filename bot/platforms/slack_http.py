"""Slack's HTTP entry: signature first, then the body, and only a checked body reaches Bolt.

Anyone can POST to the events URL, so nothing of an unsigned request is parsed (401), and a signed
body that is not what Slack sends gets 400 with a one-line log, never a 500 or a traceback. Slack's
checks of the URL itself (url_verification, ssl_check) are answered here: Bolt's middleware for them
is switched off, as it would otherwise look at every request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote_plus

import orjson
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.platforms.slack_inbound import BadPayload, checked

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 5 * 60  # Slack's own replay window
MAX_FORM_FIELDS = 100
_PASSED_HEADERS = ("x-slack-retry-num", "x-slack-retry-reason", "user-agent")


def signature_ok(secret: str, headers: Mapping[str, str], raw: bytes, now: float) -> bool:
    """Slack's v0 request signature over the raw bytes, within the replay window."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not secret or not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = orjson.loads(text)  # ~3x the stdlib's speed; refuses nesting over 1,024 deep as not JSON
    except orjson.JSONDecodeError:
        raise BadPayload("not JSON") from None
    if not isinstance(value, dict):
        raise BadPayload("JSON is not an object")
    return value


def unquote_form(text: str) -> str:
    """`unquote_plus(text)`, decoded by C codecs: Python's own decodes escape by escape in a Python loop,
    which cost ~0.1 ms a button press (its JSON payload is mostly escapes)."""
    if "%" not in text:
        return text.replace("+", " ")
    # Every backslash doubled, so the only escapes unicode_escape sees are these \xHH, one byte each.
    escaped = text.replace("\\", "\\\\").replace("+", " ").replace("%", "\\x")
    try:
        return escaped.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
    except UnicodeDecodeError:  # a % not followed by two hex digits: Python's decoder keeps it as typed
        return unquote_plus(text)


def parse_form(text: str) -> dict[str, str]:
    """A urlencoded form as `dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True,
    max_num_fields=MAX_FORM_FIELDS))` reads it (the empty form is empty); ValueError when malformed."""
    if not text:
        return {}
    fields = text.split("&")
    if len(fields) > MAX_FORM_FIELDS:
        raise ValueError("too many fields")
    form = {}
    for field in fields:
        name, equals, value = field.partition("=")
        if not equals:
            raise ValueError(f"bad form field {field!r}")
        form[unquote_form(name)] = unquote_form(value)
    return form


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """The body as Slack encodes it: a JSON object (events) or a form, whose ``payload`` is JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadPayload("body is not UTF-8") from None
    if content_type == "application/json":
        return _json_object(text)
    if content_type != "application/x-www-form-urlencoded":
        raise BadPayload(f"unsupported content type {content_type!r}")
    try:
        form = parse_form(text)
    except ValueError:
        raise BadPayload("not a form") from None
    if "payload" in form:
        return _json_object(form["payload"])
    return form


def url_check_answer(body: dict[str, Any]) -> web.Response | None:
    """The answer to Slack's check of the events URL (its challenge back, or a bare 200), or None
    when the (checked) body is not such a check."""
    if body.get("type") == "url_verification":
        return web.json_response({"challenge": body["challenge"]})
    if body.get("ssl_check") == "1":
        return web.Response(status=200)
    return None


class SlackHttpEntry:
    """The aiohttp handler for POST /slack/events."""

    def __init__(self, bolt: AsyncApp, signing_secret: str, now: Callable[[], float]) -> None:
        self.bolt = bolt
        self.signing_secret = signing_secret
        self.now = now

    async def handle(self, request: web.Request) -> web.Response:
        """Serve one Slack request: 401 unless signed and fresh, 400 for a malformed payload."""
        raw = await request.read()
        if not signature_ok(self.signing_secret, request.headers, raw, self.now()):
            log.info("Slack: refused a request with a missing, wrong or stale signature")
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            body = checked(parse_body(raw, request.content_type))
        except BadPayload as error:
            log.warning("Slack: refused a signed request that is not what Slack sends (%s)", error)
            return web.json_response({"error": "invalid payload"}, status=400)
        url_check = url_check_answer(body)
        if url_check is not None:
            return url_check
        headers: dict[str, str | Sequence[str]] = {
            name: request.headers[name] for name in _PASSED_HEADERS if name in request.headers
        }
        # Bolt takes a parsed body only when told the request came over Socket Mode; the one thing that
        # changes is that Bolt skips its signature check (off here anyway: checked above). Handing Bolt a
        # JSON string instead meant encoding the body only for Bolt to decode it again.
        bolt_request = AsyncBoltRequest(body=body, headers=headers, mode="socket_mode")
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))
