"""The real Redis as the tests' bot processes use it: one key prefix per test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotRedis:
    """The real Redis for one test's bot processes, under a key prefix of the test's own."""

    url: str
    prefix: str

    def env(self) -> dict[str, str]:
        """What points a `python -m bot` process at it."""
        return {"REDIS_URL": self.url, "REDIS_KEY_PREFIX": self.prefix}
