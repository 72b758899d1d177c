"""Images people post, fetched only from the platform's own file host, never past a size limit.

A URL on any other host (or a redirect away from it) is refused before a byte is read: the bot never
fetches an address a user chose.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

import aiohttp

from bot.chat import ImageUnavailable, PostedImage

FETCH_TIMEOUT_SECONDS = 15.0
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})  # the platform stand-ins in tests speak plain HTTP


def checked_url(url: str, hosts: frozenset[str]) -> str:
    """`url` when it is HTTPS (or loopback HTTP) on one of `hosts`; `ImageUnavailable` otherwise."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in hosts or not (parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)):
        raise ImageUnavailable("it is not on the platform's own file host")
    return url


async def download(url: str, limit: int, *, hosts: frozenset[str], headers: Mapping[str, str] | None = None) -> bytes:
    """At most `limit` bytes of the image at `url`, which must be on one of `hosts` (no redirects followed)."""
    checked_url(url, hosts)
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_SECONDS)
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.get(url, headers=dict(headers or {}), allow_redirects=False) as response,
    ):
        if response.status != 200:
            raise ImageUnavailable(f"the platform answered {response.status}")
        if response.content_length is not None and response.content_length > limit:
            raise ImageUnavailable("it is over the size limit")
        data = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            data += chunk
            if len(data) > limit:  # the header lied, or there was none: stop reading at once
                raise ImageUnavailable("it is over the size limit")
    return bytes(data)


def fetcher(
    url: str, hosts: frozenset[str], headers: Mapping[str, str] | None = None
) -> Callable[[int], Awaitable[bytes]]:
    """`PostedImage.fetch` for one platform file."""

    async def fetch(limit: int) -> bytes:
        return await download(url, limit, hosts=hosts, headers=headers)

    return fetch


def posted_image(
    filename: str,
    content_type: str | None,
    size: int,
    url: str,
    hosts: frozenset[str],
    headers: Mapping[str, str] | None = None,
) -> PostedImage | None:
    """A posted image, or None for a file that is not an image."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if not kind.startswith("image/"):
        return None
    return PostedImage(filename, kind, size, fetcher(url, hosts, headers))
