"""The C speed-ups the bot's libraries pick up when installed are installed: without them it still works,
only with more CPU per request (bench/notes/ack.md)."""

import discord.utils
import redis.utils


def test_discord_py_parses_json_with_orjson() -> None:
    # discord.py decodes every gateway event and REST response with orjson when it can import it.
    assert discord.utils.HAS_ORJSON


def test_redis_py_parses_replies_with_hiredis() -> None:
    assert redis.utils.HIREDIS_AVAILABLE
