"""Answers through a request's response_url: Slack's way to answer a button press or a slow command."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
import orjson
from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env

log = logging.getLogger(__name__)

DROPPED = (aiohttp.ServerConnectionError, aiohttp.ClientOSError)


def json_text(value: Any) -> str:
    """A post's JSON body, by orjson (aiohttp's default, the stdlib encoder, cost ~2% of a busy bot's CPU)."""
    return orjson.dumps(value).decode()


class ResponseUrls:
    """Posts to requests' response_urls over one kept-alive HTTP session.

    Bolt's `respond` opens a new connection (against Slack, a TLS handshake) for every post: on a busy
    bot that was the largest CPU cost after an ack, and it delays the acks that share the event loop.
    The posts go out as slack_sdk's webhook client sends them (JSON, its proxy settings, one retry on
    a dropped connection) without building that client per post, which cost a third of each post's CPU.
    """

    def __init__(self, timeout_seconds: float = 30.0) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None
        self.proxy = load_http_proxy_from_env()  # as slack_sdk reads it (HTTPS_PROXY, HTTP_PROXY), read once

    def session(self) -> aiohttp.ClientSession:
        """The shared session, opened on first use (inside the running event loop)."""
        if self._session is None or self._session.closed:
            # No cookie jar: a response_url needs none, and one workspace's must not reach another's posts.
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, cookie_jar=aiohttp.DummyCookieJar(), json_serialize=json_text
            )
        return self._session

    def for_url(self, url: str) -> ResponseUrl:
        """What answers through `url`, called like Bolt's `respond`."""
        return ResponseUrl(url, self)

    async def close(self) -> None:
        """Close the session (it opens again if used after)."""
        if self._session is not None:
            await self._session.close()
            self._session = None


class ResponseUrl:
    """One request's response_url: posts a message there, as Bolt's `respond` does."""

    def __init__(self, url: str, urls: ResponseUrls) -> None:
        self.url = url
        self._urls = urls

    async def __call__(
        self,
        *,
        text: str,
        blocks: Sequence[dict[str, Any]],
        response_type: str,
        replace_original: bool | None = None,
    ) -> None:
        """Post one message through the response_url; Slack's refusal (4xx) is logged, not raised."""
        body: dict[str, Any] = {"text": text, "blocks": list(blocks), "response_type": response_type}
        if replace_original is not None:
            body["replace_original"] = replace_original
        for attempt in (1, 2):
            try:
                async with self._urls.session().post(self.url, json=body, proxy=self._urls.proxy) as response:
                    answer = await response.read()
            except DROPPED:
                if attempt == 2:
                    raise
                continue
            if response.status >= 400:
                log.warning("Slack refused a response_url post: %s %r", response.status, answer[:200])
            return
