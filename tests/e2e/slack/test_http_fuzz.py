"""Hundreds of malformed requests, signed and unsigned, through Slack HTTP mode: no 5xx, no traceback.

The real Bolt app behind the real aiohttp server on loopback, with the Web API stand-in; a seeded
generator keeps every run the same, so a failure names a case that can be replayed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.health import add_health_routes
from bot.http_server import HttpServer
from bot.platforms.slack_app import SlackAdapter
from tests.e2e.slack.support import SIGNING_SECRET, settings_for
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

SEED = 13
SIGNED_CASES = 260
UNSIGNED_CASES = 140
DEEP = "__DEEP__"
HOSTILE_VALUES: list[Any] = [
    None,
    0,
    -1,
    True,
    1.5,
    "",
    " ",
    "x" * 5000,
    "<!channel> @everyone",
    "\u0000\ud7ff\u202e",
    [],
    [None],
    {},
    {"id": None},
    DEEP,
]
HOSTILE_WORDS = ["start", "url-shortener", '"', "'", "--x", "9" * 40, "<@U1>", "ü" * 10, "\t", "status", "-1"]
COMMANDS = ["/mock", "/pp-help", "/question", "/prep", "/pair", "/daily", "/pp-star", "/nope", "/"]


class Generator:
    """Builds malformed requests from Slack's real payloads, deterministically."""

    def __init__(self, api: FakeSlackApi, rng: random.Random) -> None:
        self.api = api
        self.rng = rng

    def base(self) -> tuple[Any, str]:
        """A well-formed payload and how it is encoded ('form', 'payload' or 'json')."""
        payloads = self.api.payloads
        words = " ".join(self.rng.choice(HOSTILE_WORDS) for _ in range(self.rng.randrange(4)))
        kind = self.rng.randrange(5)
        if kind == 0:
            return dict(payloads.slash_command(self.rng.choice(COMMANDS), words)), "form"
        if kind == 1:
            action = self.rng.choice(["mock:pause:deadbeef", "help:page:2", "x" * 300, "pair:join:", "::"])
            return payloads.block_actions(action), "payload"
        if kind == 2:
            values = {"situation": {"value": {"type": "plain_text_input", "value": words}}}
            return payloads.view_submission("star:add:ownership", values), "payload"
        event = payloads.app_mention(f"<@{self.api.bot_user_id}> {words}") if kind == 3 else payloads.message(words)
        return payloads.event_callback(event), "json"

    def mutate(self, value: Any) -> Any:
        """Replace, drop or retype one field somewhere inside ``value``."""
        if not isinstance(value, (dict, list)) or not value or self.rng.random() < 0.25:
            return self.rng.choice(HOSTILE_VALUES)
        if isinstance(value, dict):
            key = self.rng.choice(list(value))
            changed = dict(value)
            if self.rng.random() < 0.2:
                del changed[key]
            else:
                changed[key] = self.mutate(value[key])
            return changed
        index = self.rng.randrange(len(value))
        return [*value[:index], self.mutate(value[index]), *value[index + 1 :]]

    def encode(self, payload: Any, how: str) -> tuple[bytes, str]:
        text = json.dumps(payload)
        nested = "[" * 3000 + "]" * 3000
        text = text.replace(json.dumps(DEEP), nested)
        if how == "json":
            return text.encode("utf-8", "surrogatepass"), "application/json"
        if how == "payload" or not isinstance(payload, dict):
            return urlencode({"payload": text}).encode("utf-8", "surrogatepass"), "application/x-www-form-urlencoded"
        fields = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
        return urlencode(fields).encode("utf-8", "surrogatepass"), "application/x-www-form-urlencoded"

    def garble(self, raw: bytes) -> bytes:
        """Byte-level damage: truncation, flipped bytes, invalid UTF-8, stray prefixes."""
        choice = self.rng.randrange(4)
        if choice == 0:
            return raw[: self.rng.randrange(len(raw) + 1)]
        if choice == 1:
            damaged = bytearray(raw)
            for _ in range(self.rng.randrange(1, 6)):
                if damaged:
                    damaged[self.rng.randrange(len(damaged))] = self.rng.randrange(256)
            return bytes(damaged)
        if choice == 2:
            return raw + b"\xc3\x28"
        return self.rng.choice([b"[]", b"{", b"payload=%7B", b"\xff", b"null", b"1e999999", b"%"]) + raw[:20]

    def request(self) -> tuple[bytes, str]:
        payload, how = self.base()
        if self.rng.random() < 0.8:
            payload = self.mutate(payload)
        raw, content_type = self.encode(payload, how)
        if self.rng.random() < 0.35:
            raw = self.garble(raw)
        if self.rng.random() < 0.1:
            content_type = self.rng.choice(["text/plain", "application/xml", "multipart/form-data", ""])
        return raw, content_type

    def forgery(self) -> dict[str, Any]:
        return self.rng.choice(
            [
                {"signed": False},
                {"bad_signature": True},
                {"timestamp": self.rng.choice(["abc", "", "-1", "1e9", "١٢٣", "9" * 30])},
                {"age": self.rng.choice([301, 3600, -301, -86400])},
                {"extra_headers": {"X-Slack-Signature": self.rng.choice(["v0=", "v1=00", "", "v0=" + "0" * 64])}},
            ]
        )


@pytest.fixture
async def served(app: App, api: FakeSlackApi, clock: FakeClock) -> AsyncIterator[tuple[SlackRequests, str]]:
    http = HttpServer(0, host="127.0.0.1")
    adapter = SlackAdapter(app, settings_for(api), http=http, pacing_clock=clock)
    app.attach(adapter.chat)
    add_health_routes(http, app.services.store, {"slack": adapter.ready})
    await adapter.start()
    await http.start()
    base = f"http://127.0.0.1:{http.port}"
    yield SlackRequests(app_url=f"{base}/slack/events", signing_secret=SIGNING_SECRET, api=api), base
    await adapter.close()
    await http.close()


async def test_hundreds_of_malformed_requests_get_no_5xx_and_no_traceback(
    served: tuple[SlackRequests, str], api: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    slack, base = served
    caplog.set_level(logging.INFO)
    generator = Generator(api, random.Random(SEED))
    running_before = asyncio.all_tasks()
    signed_statuses: list[int] = []
    for _ in range(SIGNED_CASES):
        raw, content_type = generator.request()
        status, _ = await slack.send(raw, content_type=content_type)
        assert status < 500, (raw[:300], content_type)
        signed_statuses.append(status)
    for _ in range(UNSIGNED_CASES):
        raw, content_type = generator.request()
        forgery = generator.forgery()
        status, _ = await slack.send(raw, content_type=content_type, **forgery)
        assert status == 401, (raw[:300], content_type, forgery)
    # Bolt runs handlers after its ack: let what the signed requests started finish before judging the log.
    started = {
        task
        for task in asyncio.all_tasks() - running_before - {asyncio.current_task()}
        # aiohttp's task for a connection held open by a client waits out the keep-alive, not the bot's work
        if getattr(task.get_coro(), "__qualname__", "") != "RequestHandler.start"
    }
    if started:
        await asyncio.wait(started, timeout=30)
    problems = [r.getMessage()[:300] for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert problems == []
    assert signed_statuses.count(400) > SIGNED_CASES // 3  # the generator really does send garbage
    assert signed_statuses.count(200) > 10  # and some of it is well-formed enough to reach the bot
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as health:
        assert health.status == 200
