"""The store on whatever Redis the run has: the real server in CI, the embedded one elsewhere."""

import os

import pytest

from bot.chat import ChannelRef, Platform, UserRef
from bot.store import Store, StoreUnavailable, open_store


def test_keys_carry_platform_and_workspace(store: Store) -> None:
    user = UserRef(Platform.SLACK, "T123", "U9")
    assert store.key(user, "user", user.id, "seen") == f"{store.prefix}:slack:T123:user:U9:seen"


def test_a_colon_inside_a_part_cannot_forge_another_key(store: Store) -> None:
    channel = ChannelRef(Platform.DISCORD, "guild:1", "c")
    assert store.key(channel, "a:b") == f"{store.prefix}:discord:guild%3A1:a%3Ab"


async def test_two_workspaces_never_see_each_other(store: Store) -> None:
    first = ChannelRef(Platform.SLACK, "T1", "C1")
    second = ChannelRef(Platform.SLACK, "T2", "C1")
    await store.redis.set(store.key(first, "daily"), "09:00")
    assert await store.redis.get(store.key(second, "daily")) is None
    assert await store.redis.get(store.key(first, "daily")) == "09:00"


async def test_lua_scripts_run(store: Store) -> None:
    # The deadline queue claims work with Lua; the embedded store must run it too.
    script = store.redis.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    key = store.global_key("counter")
    assert await script(keys=[key], args=[5]) == 5


async def test_store_reports_its_kind(store: Store) -> None:
    assert store.embedded is (not os.environ.get("REDIS_URL"))
    assert await store.ping()


async def test_an_unreachable_redis_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreUnavailable) as raised:
        await open_store("redis://:hunter2@127.0.0.1:1/0")
    assert "cannot reach Redis at redis://***@127.0.0.1:1/0" in str(raised.value)
    assert "hunter2" not in str(raised.value)
