"""Slack deliveries claimed together in one turn of the event loop: each once, each with its own sender's flag."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from bot.chat import Platform, UserRef
from bot.platforms.slack_chat import SlackChat
from bot.platforms.slack_members import SlackMembers
from bot.store import Store


def press(trigger_id: str, user_id: str) -> dict[str, Any]:
    return {"type": "block_actions", "trigger_id": trigger_id, "team": {"id": "T1"}, "user": {"id": user_id}}


async def cache_admin_flag(store: Store, members: SlackMembers, user_id: str, flag: str) -> None:
    key = members._admin_key("T1", user_id)  # the key the bot caches Slack's answer under
    await store.redis.set(key, flag)


async def test_deliveries_claimed_together_are_each_claimed_once(store: Store) -> None:
    members = SlackMembers(store, cast(SlackChat, None))
    bodies = [press("1.a", "U1"), press("1.b", "U2"), press("1.a", "U1"), press("1.c", "U3")]
    claims = await asyncio.gather(*(members.claim(body) for body in bodies))
    assert [claimed for claimed, _ in claims] == [True, True, False, True]
    again = await asyncio.gather(*(members.claim(body) for body in bodies))
    assert [claimed for claimed, _ in again] == [False, False, False, False]


async def test_claims_made_together_read_each_senders_own_admin_flag(store: Store) -> None:
    members = SlackMembers(store, cast(SlackChat, None))
    await cache_admin_flag(store, members, "UADMIN", "1")
    await cache_admin_flag(store, members, "U1", "0")
    bodies = [press("2.a", "U1"), press("2.b", "UADMIN"), press("2.c", "UNEW")]
    claims = await asyncio.gather(*(members.claim(body) for body in bodies))
    assert claims == [(True, "0"), (True, "1"), (True, None)]
    assert await members.is_admin(UserRef(Platform.SLACK, "T1", "UADMIN"), claims[1][1]) is True


async def test_a_claim_after_redis_forgot_the_script_still_works(store: Store) -> None:
    members = SlackMembers(store, cast(SlackChat, None))
    await store.redis.script_flush()
    assert await members.claim(press("3.a", "U1")) == (True, None)
