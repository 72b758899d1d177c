"""Records kept in Redis carry a schema version, so a later release can read what an earlier one wrote.

A record without `schema_version` is version 1 (the format before versions existed). On load,
each model's upgrade steps run in order (1 -> 2 -> ... -> SCHEMA_VERSION) on the raw data before
it is validated. A record written by a newer release than this one is refused with
`NewerRecord`, a friendly error, and logged once per model and version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, TypeVar

import redis.asyncio as aioredis
from pydantic import BaseModel, ValidationInfo, model_validator
from redis.exceptions import WatchError

from bot.errors import UserError

log = logging.getLogger(__name__)

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
_reported: set[tuple[str, int]] = set()
_LOADING = "stored-record"  # validation context: the data comes from the store


class NewerRecord(UserError):
    """A record written by a newer release of the bot than the one running."""

    def __init__(self, model: str, version: int, known: int) -> None:
        super().__init__("This was saved by a newer version of the bot. Try again once the update is done.")
        self.model = model
        self.version = version
        self.known = known


class StoredModel(BaseModel):
    """Base of every model stored as JSON: set SCHEMA_VERSION and UPGRADES[n] (n -> n + 1) per model."""

    SCHEMA_VERSION: ClassVar[int] = 1
    UPGRADES: ClassVar[Mapping[int, Upgrade]] = {}

    schema_version: int = 1

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Load a stored record (upgraded to the current schema)."""
        options["context"] = {**(options.get("context") or {}), _LOADING: True}
        return super().model_validate_json(json_data, **options)

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Load a stored record (upgraded to the current schema)."""
        options["context"] = {**(options.get("context") or {}), _LOADING: True}
        return super().model_validate(obj, **options)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        missing = [n for n in range(1, cls.SCHEMA_VERSION) if n not in cls.UPGRADES]
        if missing:
            raise TypeError(f"{cls.__name__} has no upgrade from schema version(s) {missing}")

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data  # an instance, or garbage that validation refuses
        loading = isinstance(info.context, dict) and info.context.get(_LOADING, False)
        # Loaded without a version: written before versions existed. Built by the code: current.
        version = data.get("schema_version", 1 if loading else cls.SCHEMA_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            return data  # validation refuses it with a clear message
        if version > cls.SCHEMA_VERSION:
            if (cls.__name__, version) not in _reported:
                _reported.add((cls.__name__, version))
                log.warning(
                    "a %s record has schema version %d; this release reads up to %d",
                    *(cls.__name__, version, cls.SCHEMA_VERSION),
                )
            raise NewerRecord(cls.__name__, version, cls.SCHEMA_VERSION)
        upgraded = dict(data)
        while version < cls.SCHEMA_VERSION:
            upgraded = cls.UPGRADES[version](upgraded)
            version += 1
        upgraded["schema_version"] = version
        return upgraded


M = TypeVar("M", bound=StoredModel)
R = TypeVar("R")


async def update_stored(
    redis: aioredis.Redis, key: str, model: type[M], change: Callable[[M], tuple[M, R]]
) -> R | None:
    """Apply `change` to the record at `key` atomically: read under WATCH, write in MULTI, and read again
    when another process wrote it meanwhile. `change` gives the new record and what to return; it may
    raise (a UserError to refuse) and nothing is written. None when there is no record."""
    async with redis.pipeline(transaction=True) as pipe:
        while True:
            try:
                await pipe.watch(key)
                raw = await pipe.get(key)
                if raw is None:
                    await pipe.reset()  # type: ignore[no-untyped-call]
                    return None
                updated, result = change(model.model_validate_json(raw))
                pipe.multi()  # type: ignore[no-untyped-call]
                pipe.set(key, updated.model_dump_json(), keepttl=True)
                await pipe.execute()
                return result
            except WatchError:
                continue
