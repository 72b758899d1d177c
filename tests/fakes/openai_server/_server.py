""":class:`FakeOpenAI`: the server's lifecycle, what the tests script, and what they read back."""

from __future__ import annotations

import asyncio
import time
from collections import deque

from aiohttp import web

from tests.fakes._recording import Recorder
from tests.fakes.openai_server._behaviours import BEHAVIOUR_TYPES, DEFAULT_MODEL, DEFAULT_REPLY, Behaviour, Content
from tests.fakes.openai_server._handlers import Handlers
from tests.fakes.openai_server._recording import RecordedRequest
from tests.fakes.openai_server._validation import Structured


class FakeOpenAI(Handlers):
    """An OpenAI-compatible chat completions server on 127.0.0.1 (see the package docstring)."""

    def __init__(
        self,
        api_key: str | None = "sk-test",
        *,
        model: str = DEFAULT_MODEL,
        host: str = "127.0.0.1",
        port: int = 0,
        default_reply: Content | Behaviour = DEFAULT_REPLY,
        structured: Structured = "strict",
        chars_per_token: float = 4.0,
    ) -> None:
        self.api_key = api_key
        # How this "model" counts tokens in usage: ~4 characters a token is GPT-4o on English; a smaller
        # figure stands in for a model whose tokenizer splits text finer than the bot's estimate assumes.
        self.chars_per_token = chars_per_token
        self.model = model
        self.structured: Structured = structured
        self.script_errors: list[str] = []  # scripted answers strict mode could never give (raised by stop())
        self.host = host
        self.port = port
        self.recorder: Recorder[RecordedRequest] = Recorder("requests", _describe)
        self.requests = self.recorder.items
        self._default: Content | Behaviour = default_reply
        self._queue: deque[Behaviour] = deque()
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._created = int(time.time())

    # -- lifecycle -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # handler_cancellation: a client that times out mid-Delay cancels the handler instead of leaving it running
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop serving; raise if a test scripted an answer strict mode could never give."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self.script_errors:
            errors, self.script_errors = self.script_errors, []
            raise AssertionError("fake OpenAI: " + "; ".join(errors))

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
            if not isinstance(behaviour, BEHAVIOUR_TYPES):
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
        await self.recorder.wait_for(lambda: len(self.requests) >= count, within, what=f"{count} request(s)")
        return list(self.requests)


def _describe(request: RecordedRequest) -> str:
    return f"{request.method} {request.path} -> {request.status or 'pending'}"
