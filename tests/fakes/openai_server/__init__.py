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
* ``response_format`` is handled as the server kind given by ``structured=`` (see ``_strict`` and
  ``_validation``): ``"strict"`` (the default) is OpenAI: a ``json_schema`` with ``strict: true`` outside the
  Structured Outputs subset gets OpenAI's 400 (``Invalid schema for response_format '<name>': In context=(...),
  '<keyword>' is not permitted.``, ``param: "response_format"``), and a scripted answer that strict mode could
  never give (not JSON, or off-schema, with ``finish_reason="stop"``) answers 500 and makes :meth:`stop` raise;
  ``"lenient"`` is Ollama/vLLM (any schema taken, any scripted answer sent); ``"json_object"`` refuses
  ``json_schema`` and ``"text"`` refuses any ``response_format``, both with the 400s OpenAI sends for them;
* a completion answers with ``id``, ``object: "chat.completion"``, ``created``, ``model`` (the request's),
  one choice (``n`` is ignored), ``usage`` and ``system_fingerprint``; by default usage counts roughly one
  token per 4 characters of the request's messages (prompt) and of the reply (completion); build it with
  ``chars_per_token=2.5`` (say) for a model whose tokenizer counts differently;
* ``stream: true`` gets SSE ``chat.completion.chunk`` events (role chunk, content pieces, a finish chunk),
  a final usage chunk with no choices when ``stream_options.include_usage`` is set, then ``data: [DONE]``;
* the client retries 408/409/429/5xx and dropped connections (``max_retries``, default 2) and sleeps between
  tries: ``Retry-After``/``retry-after-ms`` values in (0, 120] seconds are honoured as given (fractions too),
  otherwise it backs off 0.5 s, 1 s, ... So give :class:`Status` a small ``retry_after`` (e.g. 0.01) to keep
  tests fast; ``retry_after=0`` is *not* honoured and means the 0.5 s back-off.

Each request the client retries is a new request here: it consumes the next scripted behaviour and shows in
:attr:`FakeOpenAI.requests` with :attr:`RecordedRequest.retry_count` (``x-stainless-retry-count``).

Layout (private modules; import from this package):

* ``_behaviours``: the scripted behaviours (:class:`Reply`, :class:`Status`, ...) and reply content;
* ``_recording``: :class:`RecordedRequest`, what the tests read back;
* ``_server``: :class:`FakeOpenAI`, its lifecycle, scripting and inspection;
* ``_handlers``: the HTTP side: routing, auth, running a behaviour;
* ``_validation``: OpenAI's 400s for bad chat completion bodies and unsupported response formats;
* ``_strict``: the strict Structured Outputs subset: which schemas it refuses, whether an answer fits;
* ``_responses``: OpenAI-shaped JSON and error responses;
* ``_streaming``: the completion object and its SSE stream.
"""

from tests.fakes.openai_server._behaviours import (
    Behaviour,
    Content,
    Delay,
    Disconnect,
    Malformed,
    Refusal,
    Reply,
    Status,
)
from tests.fakes.openai_server._recording import RecordedRequest
from tests.fakes.openai_server._server import FakeOpenAI

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
