"""A local stand-in for OpenAI's chat completions API, good enough for the real ``openai`` client.

The ``openai`` package sends through httpx2, which respx cannot intercept, so this is a real HTTP server
(aiohttp on 127.0.0.1, random port). Point a client at it and script what the "LLM" answers::

    async with FakeOpenAI(api_key="sk-test") as fake:
        client = AsyncOpenAI(api_key="sk-test", base_url=fake.base_url, timeout=0.5, max_retries=0)
        fake.reply_with({"probes": ["How would you shard it?"]})      # dict -> JSON-encoded content
        fake.queue(Status(429, retry_after=0.01), Delay(0.1, then=Reply("slow")), Malformed())
        ...
        assert fake.last_request.json_schema["name"] == "Probes"
        await client.close()

Behaviour worth knowing (it mirrors OpenAI):

* routes: ``POST /v1/chat/completions``, ``GET /v1/models``, ``GET /v1/models/{id}``; anything else is a
  404 ``Invalid URL (METHOD /path)``;
* every request must carry ``Authorization: Bearer <api_key>`` (unless the fake was built with
  ``api_key=None``); otherwise 401 with ``code: "invalid_api_key"`` (the client raises ``AuthenticationError``);
* errors are shaped like OpenAI's: ``{"error": {"message", "type", "param", "code"}}``;
* bodies are checked a little: no JSON object, no ``model``, no/empty ``messages``, a ``json_schema``
  response format without ``name``/``schema``, or ``json_object`` without the word "json" in the
  messages get OpenAI's 400s. Rejected requests are recorded but consume no scripted behaviour;
* a completion answers with ``id``, ``object: "chat.completion"``, ``created``, ``model`` (the request's),
  one choice (``n`` is ignored), ``usage`` and ``system_fingerprint``; by default usage counts roughly one
  token per 4 characters of the request's messages (prompt) and of the reply (completion);
* ``stream: true`` gets SSE ``chat.completion.chunk`` events (role chunk, content pieces, a finish chunk),
  a final usage chunk with no choices when ``stream_options.include_usage`` is set, then ``data: [DONE]``;
* the client retries 408/409/429/5xx and dropped connections (``max_retries``, default 2) and sleeps between
  tries: ``Retry-After``/``retry-after-ms`` values in (0, 120] seconds are honoured as given (fractions too),
  otherwise it backs off 0.5 s, 1 s, ... So give :class:`Status` a small ``retry_after`` (e.g. 0.01) to keep
  tests fast; ``retry_after=0`` is *not* honoured and means the 0.5 s back-off.

Each request the client retries is a new request here: it consumes the next scripted behaviour and shows in
:attr:`FakeOpenAI.requests` with :attr:`RecordedRequest.retry_count` (``x-stainless-retry-count``).
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import pydantic
from aiohttp import web

__all__ = [
    "Behaviour",
    "Content",
    "Delay",
    "Disconnect",
    "FakeOpenAI",
    "Malformed",
    "RecordedRequest",
    "Refusal",
    "Reply",
    "Status",
]

JSON = dict[str, Any]

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_REPLY = "This is a reply from the fake OpenAI server."
API_KEYS_URL = "https://platform.openai.com/account/api-keys"


# -- scripted behaviours ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A normal 200 completion.

    ``content`` is a string, a dict (sent JSON-encoded), a pydantic model (sent as its JSON), or a callable
    that gets the request's JSON body and returns one of those (or any other :data:`Behaviour`).
    ``usage`` is ``(prompt_tokens, completion_tokens)``; left out, it is estimated (~4 characters a token).
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

_BEHAVIOUR_TYPES = (Reply, Refusal, Malformed, Delay, Status, Disconnect)

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


# -- recorded requests -----------------------------------------------------------------------------------------


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
        return "\n\n".join(_message_text(m) for m in self.messages if m.get("role") == role)

    @property
    def system(self) -> str:
        return self.text_of("system")

    @property
    def user(self) -> str:
        return self.text_of("user")


# -- the server ------------------------------------------------------------------------------------------------


class FakeOpenAI:
    """An OpenAI-compatible chat completions server on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        api_key: str | None = "sk-test",
        *,
        model: str = DEFAULT_MODEL,
        host: str = "127.0.0.1",
        port: int = 0,
        default_reply: Content | Behaviour = DEFAULT_REPLY,
    ) -> None:
        self.api_key = api_key
        self.model = model
        self.host = host
        self.port = port
        self.requests: list[RecordedRequest] = []
        self._default: Content | Behaviour = default_reply
        self._queue: deque[Behaviour] = deque()
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._arrived = asyncio.Condition()
        self._created = int(time.time())

    # -- lifecycle -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        self._closing = asyncio.Event()
        self._arrived = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # handler_cancellation: a client that times out mid-Delay cancels the handler instead of leaving it running
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give ``AsyncOpenAI(base_url=...)``."""
        return f"{self.url}/v1"

    # -- scripting -------------------------------------------------------------------------------------------

    def reply_with(self, content: Content | Behaviour) -> None:
        """What every completion answers once the queue is empty: content (str, dict, pydantic model, or a
        callable of the request body) or any behaviour (e.g. ``Status(503)`` for an outage)."""
        self._default = content

    def queue(self, *behaviours: Behaviour) -> None:
        """Behaviours for the next completion requests, one each, in order; then the default reply."""
        for behaviour in behaviours:
            if not isinstance(behaviour, _BEHAVIOUR_TYPES):
                raise TypeError(f"not a behaviour: {behaviour!r} (wrap content in Reply(...))")
            self._queue.append(behaviour)

    @property
    def pending(self) -> int:
        """How many queued behaviours have not been used yet."""
        return len(self._queue)

    def reset(self) -> None:
        """Forget recorded requests and queued behaviours; the default reply goes back to the built-in one."""
        self.requests.clear()
        self._queue.clear()
        self._default = DEFAULT_REPLY

    # -- inspection ------------------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many requests arrived (every route, retries and rejected ones included)."""
        return len(self.requests)

    @property
    def last_request(self) -> RecordedRequest:
        if not self.requests:
            raise AssertionError("the fake OpenAI server has received no request")
        return self.requests[-1]

    @property
    def completions(self) -> list[RecordedRequest]:
        """The chat completion requests only."""
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    async def wait_for_requests(self, count: int = 1, within: float = 2.0) -> list[RecordedRequest]:
        """Wait until at least ``count`` requests have arrived in all; return them."""
        async with asyncio.timeout(within), self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)
        return list(self.requests)

    # -- HTTP ------------------------------------------------------------------------------------------------

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
        self.requests.append(record)
        async with self._arrived:
            self._arrived.notify_all()
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
            return _error(404, f"Invalid URL ({method} {request.path})", "invalid_request_error")
        if auth_error is not None:
            return auth_error
        if path == "/v1/chat/completions":
            if method != "POST":
                return _error(405, f"Not allowed to {method} on /v1/chat/completions.", "invalid_request_error")
            return await self._chat_completions(request, record)
        if method != "GET":
            return _error(405, f"Not allowed to {method} on {request.path}.", "invalid_request_error")
        if path == "/v1/models":
            return _json({"object": "list", "data": [self._model_object()]})
        model_id = path.removeprefix("/v1/models/")
        if model_id != self.model:
            return _error(
                404,
                f"The model '{model_id}' does not exist or you do not have access to it.",
                "invalid_request_error",
                code="model_not_found",
                param="model",
            )
        return _json(self._model_object())

    def _model_object(self) -> JSON:
        return {"id": self.model, "object": "model", "created": self._created, "owned_by": "system"}

    def _check_auth(self, header: str | None) -> web.Response | None:
        if self.api_key is None:
            return None
        scheme, _, key = (header or "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return _error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using "
                "Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from "
                f"{API_KEYS_URL}.",
                "invalid_request_error",
            )
        if not secrets.compare_digest(key.encode(), self.api_key.encode()):
            return _error(
                401,
                f"Incorrect API key provided: {_mask(key)}. You can find your API key at {API_KEYS_URL}.",
                "invalid_request_error",
                code="invalid_api_key",
            )
        return None

    async def _chat_completions(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse:
        invalid = _validate(record.body)
        if invalid is not None:
            return invalid
        return await self._perform(request, record.body, self._queue.popleft() if self._queue else self._default)

    async def _perform(self, request: web.Request, body: JSON, item: Content | Behaviour) -> web.StreamResponse:
        if isinstance(item, Delay):
            if not await self._sleep(item.seconds):
                return _drop(request)
            then: Content | Behaviour = item.then if item.then is not None else self._default
            if item.then is None and isinstance(then, Delay):
                then = DEFAULT_REPLY
            return await self._perform(request, body, then)
        if isinstance(item, Disconnect):
            return _drop(request)
        if isinstance(item, Status):
            return _status_error(item)
        content: str | None
        refusal: str | None = None
        finish_reason = "stop"
        if isinstance(item, Refusal):
            content, refusal, usage = None, item.message, item.usage
        elif isinstance(item, Malformed):
            content, usage = item.content, item.usage
        else:
            reply = item if isinstance(item, Reply) else Reply(item)
            resolved = _resolve(reply.content, body)
            if not isinstance(resolved, str):  # a callable chose a behaviour
                return await self._perform(request, body, resolved)
            content, usage, finish_reason = resolved, reply.usage, reply.finish_reason
        if usage is None:
            usage = (_estimate_prompt_tokens(body), _estimate_tokens(content or refusal or ""))
        completion = _Completion(
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
            return await _stream(request, completion, include_usage=include_usage)
        return _json(completion.as_json())

    async def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server stops first; False when it did."""
        try:
            async with asyncio.timeout(max(0.0, seconds)):
                await self._closing.wait()
        except TimeoutError:
            return True
        return False


# -- helpers ---------------------------------------------------------------------------------------------------


@dataclass
class _Completion:
    id: str
    created: int
    model: str
    fingerprint: str
    content: str | None
    refusal: str | None
    finish_reason: str
    usage: tuple[int, int]

    def usage_json(self) -> JSON:
        prompt, completion = self.usage
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def envelope(self, obj: str) -> JSON:
        return {
            "id": self.id,
            "object": obj,
            "created": self.created,
            "model": self.model,
            "service_tier": "default",
            "system_fingerprint": self.fingerprint,
        }

    def as_json(self) -> JSON:
        message: JSON = {"role": "assistant", "content": self.content, "refusal": self.refusal, "annotations": []}
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": self.finish_reason}
        return {**self.envelope("chat.completion"), "choices": [choice], "usage": self.usage_json()}

    def chunks(self, *, include_usage: bool) -> list[JSON]:
        def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            out = {**self.envelope("chat.completion.chunk"), "choices": [choice]}
            if include_usage:
                out["usage"] = None
            return out

        if self.refusal is not None:
            first: JSON = {"role": "assistant", "content": None, "refusal": ""}
            pieces, key = _pieces(self.refusal), "refusal"
        else:
            first = {"role": "assistant", "content": "", "refusal": None}
            pieces, key = _pieces(self.content or ""), "content"
        out = [chunk(first), *(chunk({key: piece}) for piece in pieces), chunk({}, self.finish_reason)]
        if include_usage:
            out.append({**self.envelope("chat.completion.chunk"), "choices": [], "usage": self.usage_json()})
        return out


async def _stream(request: web.Request, completion: _Completion, *, include_usage: bool) -> web.StreamResponse:
    response = web.StreamResponse(
        status=200,
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            **_common_headers(),
        },
    )
    await response.prepare(request)
    for chunk in completion.chunks(include_usage=include_usage):
        await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response


def _pieces(text: str) -> list[str]:
    """Split text into word-ish pieces (whitespace kept) as a model streams tokens."""
    return re.findall(r"\s*\S+|\s+$", text) or ([text] if text else [])


def _resolve(content: Content | Behaviour, body: JSON) -> str | Behaviour:
    """Content to the message text; a callable is called with the request body first."""
    if isinstance(content, _BEHAVIOUR_TYPES):
        return content
    if callable(content) and not isinstance(content, pydantic.BaseModel):
        content = content(body)
        if isinstance(content, _BEHAVIOUR_TYPES):
            return content
    if isinstance(content, str):
        return content
    if isinstance(content, pydantic.BaseModel):
        return content.model_dump_json()
    if isinstance(content, Mapping | list):
        return json.dumps(content)
    raise TypeError(f"unsupported reply content: {content!r}")


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _estimate_tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4)) if text else 0


def _estimate_prompt_tokens(body: JSON) -> int:
    messages = body.get("messages") or []
    return max(1, _estimate_tokens("".join(_message_text(m) for m in messages if isinstance(m, dict))))


def _validate(body: Any) -> web.Response | None:
    """OpenAI's 400s for the mistakes a client can make in a chat completion body."""
    if not isinstance(body, dict):
        return _error(
            400,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
            "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
            "invalid_request_error",
        )
    if not body.get("model"):
        return _error(400, "you must provide a model parameter", "invalid_request_error")
    messages = body.get("messages")
    if messages is None:
        return _error(
            400,
            "Missing required parameter: 'messages'.",
            "invalid_request_error",
            param="messages",
            code="missing_required_parameter",
        )
    if not isinstance(messages, list) or not messages:
        return _error(
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
                    return _error(
                        400,
                        f"Missing required parameter: 'response_format.json_schema.{key}'.",
                        "invalid_request_error",
                        param=f"response_format.json_schema.{key}",
                        code="missing_required_parameter",
                    )
        elif kind == "json_object":
            text = " ".join(_message_text(m) for m in messages if isinstance(m, dict))
            if "json" not in text.lower():
                return _error(
                    400,
                    "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                    "'json_object'.",
                    "invalid_request_error",
                    param="messages",
                )
    return None


def _status_error(status: Status) -> web.Response:
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
    return _error(
        status.status,
        status.message if status.message is not None else message,
        status.error_type if status.error_type is not None else error_type,
        code=status.code if status.code is not None else code,
        param=status.param,
        headers=headers,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _common_headers() -> dict[str, str]:
    return {
        "x-request-id": "req_" + secrets.token_hex(16),
        "openai-version": "2020-10-01",
        "openai-processing-ms": "1",
    }


def _json(payload: JSON, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # text= with content_type gives exactly "application/json; charset=utf-8", as OpenAI sends
    return web.Response(
        status=status,
        text=json.dumps(payload),
        content_type="application/json",
        headers={**_common_headers(), **(headers or {})},
    )


def _error(
    status: int,
    message: str,
    error_type: str,
    *,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    return _json({"error": {"message": message, "type": error_type, "param": param, "code": code}}, status, headers)


def _drop(request: web.Request) -> web.Response:
    """Close the connection; aiohttp then fails to write the (empty) response and quietly gives up."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=499)


def _mask(key: str) -> str:
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:3]}{'*' * (len(key) - 7)}{key[-4:]}"
