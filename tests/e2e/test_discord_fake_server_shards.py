"""The Discord stand-in shards like Discord: routing by guild, IDENTIFY rules, and its refusals."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.discord_server import FakeDiscord, Intent

INTENTS = Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.DIRECT_MESSAGES | Intent.MESSAGE_CONTENT


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class RawShard:
    """A bare gateway connection: what a client sends and everything it receives."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []

    async def identify(self, fake: FakeDiscord, shard: object = None) -> dict[str, Any] | None:
        """Send IDENTIFY; return the first frame after it (READY or op 9), or None when the gateway closed."""
        body: dict[str, Any] = {"token": fake.token, "intents": INTENTS, "properties": {}}
        if shard is not None:
            body["shard"] = shard
        await self.ws.send_str(json.dumps({"op": 2, "d": body}))
        return await self.next_frame()

    async def next_frame(self) -> dict[str, Any] | None:
        message = await self.ws.receive(timeout=5)
        if message.type is not aiohttp.WSMsgType.TEXT:
            return None
        frame: dict[str, Any] = json.loads(message.data)
        if frame.get("op") == 0:
            self.events.append(frame)
        return frame

    async def drain(self) -> list[dict[str, Any]]:
        """Read until a quiet moment; return the dispatched events seen so far."""
        while True:
            try:
                message = await self.ws.receive(timeout=0.3)
            except TimeoutError:
                return self.events
            if message.type is not aiohttp.WSMsgType.TEXT:
                return self.events
            frame = json.loads(message.data)
            if frame.get("op") == 0:
                self.events.append(frame)


async def connect(http: aiohttp.ClientSession, fake: FakeDiscord) -> RawShard:
    ws = await http.ws_connect(fake.gateway_url)
    hello = json.loads((await ws.receive(timeout=5)).data)
    assert hello["op"] == 10
    return RawShard(ws)


def names(events: list[dict[str, Any]], event: str) -> list[str]:
    return [str(e["d"].get("id")) for e in events if e["t"] == event]


async def test_gateway_bot_reports_the_recommended_shards_and_identify_concurrency(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.shard_count, fake.max_concurrency = 4, 2
    async with http.get(fake.api_base_url + "/gateway/bot", headers={"Authorization": "Bot " + fake.token}) as reply:
        body = await reply.json()
    assert body["shards"] == 4
    assert body["session_start_limit"]["max_concurrency"] == 2


@pytest.mark.parametrize("shard", [[4, 4], [0, 0], [-1, 2], [0], "0,1", [0, True]])
async def test_an_invalid_shard_is_closed_with_4010(
    fake: FakeDiscord, http: aiohttp.ClientSession, shard: object
) -> None:
    raw = await connect(http, fake)
    assert await raw.identify(fake, shard) is None
    assert raw.ws.close_code == 4010
    assert fake.identify_count == 0


async def test_too_many_guilds_on_one_session_is_closed_with_4011(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.max_guilds_per_shard = 1
    fake.add_guild("Second")
    unsharded = await connect(http, fake)
    assert await unsharded.identify(fake) is None
    assert unsharded.ws.close_code == 4011
    sharded = await connect(http, fake)
    ready = await sharded.identify(fake, [0, 2])
    assert ready is not None and ready["t"] == "READY"


async def test_a_second_identify_in_the_same_bucket_within_5_seconds_is_an_invalid_session(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.max_concurrency, fake.identify_window = 2, 5.0
    first = await connect(http, fake)
    assert (await first.identify(fake, [0, 4]) or {}).get("t") == "READY"
    other_bucket = await connect(http, fake)
    assert (await other_bucket.identify(fake, [1, 4]) or {}).get("t") == "READY"
    same_bucket = await connect(http, fake)
    assert await same_bucket.identify(fake, [2, 4]) == {"op": 9, "d": False}
    assert (fake.identify_count, fake.rate_limited_identifies) == (2, 1)


async def test_guild_events_go_to_the_guilds_shard_and_dms_to_shard_0(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.max_concurrency = 2
    second_guild, second_channel = fake.add_guild("Second")
    assert (fake.shard_of(fake.guild_id, 2), fake.shard_of(second_guild, 2)) == (0, 1)
    shard0, shard1 = await connect(http, fake), await connect(http, fake)
    ready0, ready1 = await shard0.identify(fake, [0, 2]), await shard1.identify(fake, [1, 2])
    assert ready0 and [g["id"] for g in ready0["d"]["guilds"]] == [str(fake.guild_id)]
    assert ready1 and [g["id"] for g in ready1["d"]["guilds"]] == [str(second_guild)]
    here = await fake.post_message(second_channel, "in the second guild")
    there = await fake.post_message(fake.general_channel_id, "in the first guild")
    dm = await fake.post_message(fake.open_dm(fake.member_user), "a DM")
    assert names(await shard1.drain(), "MESSAGE_CREATE") == [str(here.id)]
    assert names(await shard0.drain(), "MESSAGE_CREATE") == [str(there.id), str(dm.id)]
    assert names(shard1.events, "GUILD_CREATE") == [str(second_guild)]


async def test_two_sessions_on_one_shard_are_recorded(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    # Discord does not refuse a second session on a shard (both get its events): the fake records it
    first, second = await connect(http, fake), await connect(http, fake)
    await first.identify(fake, [0, 2])
    assert fake.sessions_on_shard(0) == 1 and fake.shard_overlaps == []
    await second.identify(fake, [0, 2])
    assert fake.sessions_on_shard(0) == 2 and fake.shard_overlaps == [0]
