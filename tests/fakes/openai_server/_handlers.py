"""The fake OpenAI's request handling: routes, auth, and turning a scripted behaviour into a response."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections import deque
from typing import Any

from aiohttp import web

from tests.fakes._recording import Recorder
from tests.fakes.openai_server._behaviours import (
    DEFAULT_REPLY,
    JSON,
    Behaviour,
    Content,
    Delay,
    Disconnect,
    Malformed,
    Refusal,
    Reply,
    Status,
    resolve_content,
)
from tests.fakes.openai_server._recording import RecordedRequest, estimate_prompt_tokens, estimate_tokens
from tests.fakes.openai_server._responses import (
    API_KEYS_URL,
    drop_connection,
    error_response,
    json_response,
    mask_key,
    status_error,
)
from tests.fakes.openai_server._streaming import Completion, stream_completion
from tests.fakes.openai_server._strict import fits
from tests.fakes.openai_server._validation import Structured, validate_body


class Handlers:
    """The HTTP side of :class:`FakeOpenAI`: record each request, route it, check auth, run a behaviour.

    A mixin: :class:`FakeOpenAI` owns the state these handlers read and write.
    """

    api_key: str | None
    model: str
    structured: Structured
    chars_per_token: float
    script_errors: list[str]
    requests: list[RecordedRequest]
    recorder: Recorder[RecordedRequest]
    _default: Content | Behaviour
    _queue: deque[Behaviour]
    _closing: asyncio.Event
    _created: int

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", errors="replace")
        headers = {k.lower(): v for k, v in request.headers.items() if k.lower() != "authorization"}
        auth_error = self._check_auth(request.headers.get("Authorization"))
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            headers=headers,
            authorized=auth_error is None,
            body=body,
            time=time.monotonic(),
        )
        self.recorder.record(record)
        response = await self._route(request, record, auth_error)
        dropped = request.transport is None or request.transport.is_closing()
        record.status = 0 if dropped else response.status
        return response

    async def _route(
        self, request: web.Request, record: RecordedRequest, auth_error: web.Response | None
    ) -> web.StreamResponse:
        path, method = request.path.rstrip("/"), request.method
        known = path == "/v1/chat/completions" or path == "/v1/models" or path.startswith("/v1/models/")
        if not known:
            return error_response(404, f"Invalid URL ({method} {request.path})", "invalid_request_error")
        if auth_error is not None:
            return auth_error
        if path == "/v1/chat/completions":
            if method != "POST":
                return error_response(405, f"Not allowed to {method} on /v1/chat/completions.", "invalid_request_error")
            return await self._chat_completions(request, record)
        if method != "GET":
            return error_response(405, f"Not allowed to {method} on {request.path}.", "invalid_request_error")
        if path == "/v1/models":
            return json_response({"object": "list", "data": [self._model_object()]})
        model_id = path.removeprefix("/v1/models/")
        if model_id != self.model:
            return error_response(
                404,
                f"The model '{model_id}' does not exist or you do not have access to it.",
                "invalid_request_error",
                code="model_not_found",
                param="model",
            )
        return json_response(self._model_object())

    def _model_object(self) -> JSON:
        return {"id": self.model, "object": "model", "created": self._created, "owned_by": "system"}

    def _check_auth(self, header: str | None) -> web.Response | None:
        if self.api_key is None:
            return None
        scheme, _, key = (header or "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return error_response(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using "
                "Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from "
                f"{API_KEYS_URL}.",
                "invalid_request_error",
            )
        if not secrets.compare_digest(key.encode(), self.api_key.encode()):
            return error_response(
                401,
                f"Incorrect API key provided: {mask_key(key)}. You can find your API key at {API_KEYS_URL}.",
                "invalid_request_error",
                code="invalid_api_key",
            )
        return None

    async def _chat_completions(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse:
        invalid = validate_body(record.body, self.structured)
        if invalid is not None:
            return invalid
        return await self._perform(request, record.body, self._queue.popleft() if self._queue else self._default)

    async def _perform(self, request: web.Request, body: JSON, item: Content | Behaviour) -> web.StreamResponse:
        if isinstance(item, Delay):
            if not await self._sleep(item.seconds):
                return drop_connection(request)
            then: Content | Behaviour = item.then if item.then is not None else self._default
            if item.then is None and isinstance(then, Delay):
                then = DEFAULT_REPLY
            return await self._perform(request, body, then)
        if isinstance(item, Disconnect):
            return drop_connection(request)
        if isinstance(item, Status):
            return status_error(item)
        content: str | None
        refusal: str | None = None
        finish_reason = "stop"
        if isinstance(item, Refusal):
            content, refusal, usage = None, item.message, item.usage
        elif isinstance(item, Malformed):
            content, usage = item.content, item.usage
        else:
            reply = item if isinstance(item, Reply) else Reply(item)
            resolved = resolve_content(reply.content, body)
            if not isinstance(resolved, str):  # a callable chose a behaviour
                return await self._perform(request, body, resolved)
            content, usage, finish_reason = resolved, reply.usage, reply.finish_reason
        unfit = self._unfit_for_strict(body, content, finish_reason)
        if unfit is not None:
            self.script_errors.append(unfit)
            return error_response(500, f"fake OpenAI: {unfit}", "server_error")
        if usage is None:
            usage = (
                estimate_prompt_tokens(body, self.chars_per_token),
                estimate_tokens(content or refusal or "", self.chars_per_token),
            )
        completion = Completion(
            id="chatcmpl-" + secrets.token_hex(15),
            created=int(time.time()),
            model=str(body["model"]),
            fingerprint="fp_" + secrets.token_hex(5),
            content=content,
            refusal=refusal,
            finish_reason=finish_reason,
            usage=usage,
        )
        if body.get("stream"):
            stream_options = body.get("stream_options")
            include_usage = isinstance(stream_options, dict) and bool(stream_options.get("include_usage"))
            return await stream_completion(request, completion, include_usage=include_usage)
        return json_response(completion.as_json())

    def _unfit_for_strict(self, body: JSON, content: str | None, finish_reason: str) -> str | None:
        """Why a scripted answer is one OpenAI's strict mode could never give, or None.

        Strict mode constrains decoding: an answer that is complete (``finish_reason == "stop"``) always fits the
        schema. Scripting anything else against a strict fake is a mistake in the test (use ``structured="lenient"``
        or ``"json_object"`` to play a server that can answer off-schema).
        """
        response_format = body.get("response_format")
        if self.structured != "strict" or content is None or finish_reason != "stop":
            return None
        if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
            return None
        schema = response_format.get("json_schema") or {}
        if schema.get("strict") is not True:
            return None
        try:
            value = json.loads(content)
        except ValueError:
            return f"the scripted reply is not JSON, which strict mode never answers: {content[:80]!r}"
        if not fits(value, schema.get("schema") or {}):
            return f"the scripted reply does not fit the strict schema {schema.get('name')!r}: {content[:200]}"
        return None

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server stops first; False when it did."""
        try:
            async with asyncio.timeout(max(0.0, seconds)):
                await self._closing.wait()
        except TimeoutError:
            return True
        return False
