"""Checks and parsers for single setting values (pure): URLs, the key prefix, shard ids, Fernet keys."""

from __future__ import annotations

import base64
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

from bot.store import KEY_PREFIX_PATTERN


def _url_check(*schemes: str) -> AfterValidator:
    def check(value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            raise ValueError(f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}")
        return value

    return AfterValidator(check)


def _key_prefix_check(value: str) -> str:
    if not re.fullmatch(KEY_PREFIX_PATTERN, value):
        raise ValueError("must be 1 to 40 letters, digits, '-', '_' or '.'")
    return value


KeyPrefix = Annotated[str, AfterValidator(_key_prefix_check)]
RedisUrl = Annotated[str, _url_check("redis", "rediss", "unix")]
HttpUrl = Annotated[str, _url_check("http", "https")]
WebSocketUrl = Annotated[str, _url_check("ws", "wss")]


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """`0-3`, `0,2` or `0-1,6` as sorted shard ids; a ValueError names what is wrong."""
    ids: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if not (first.strip().isdigit() and (not dash or last.strip().isdigit())):
            raise ValueError("must be shard ids like 0-3 or 0,2")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ValueError(f"range {part} runs backwards")
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


def fernet_keys_ok(value: str) -> bool:
    """Whether `value` is one or more comma-separated Fernet keys (32 bytes, url-safe base64)."""
    keys = [part.strip() for part in value.split(",")]
    return all(_fernet_key_ok(key) for key in keys)


def _fernet_key_ok(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32 and len(key) == 44
    except (ValueError, UnicodeEncodeError):
        return False
