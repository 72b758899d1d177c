"""Two `python -m bot` processes in cluster mode on one Redis and a 4-shard Discord stand-in; one is killed."""

from __future__ import annotations

import asyncio
import signal

import redis

from tests.bot_redis import BotRedis
from tests.e2e.discord.support import bot_process_env
from tests.e2e.support import start_bot, stop
from tests.fakes.discord_server import FakeDiscord

SHARDS = 4
LEASE_SECONDS = 2  # real seconds: the processes run on the wall clock


def cluster_env(fake: FakeDiscord, shared: BotRedis) -> dict[str, str]:
    env = bot_process_env(fake, fake.token) | shared.env()
    env.update(
        DISCORD_SHARDS="cluster",
        DISCORD_SHARD_COUNT=str(SHARDS),
        DISCORD_SHARD_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return env


async def test_two_processes_share_the_shards_and_survive_one_being_killed(
    fake: FakeDiscord, bot_redis: BotRedis
) -> None:
    fake.shard_count, fake.max_concurrency, fake.identify_window = SHARDS, SHARDS, 5.0  # Discord's window
    channels = {0: fake.general_channel_id}
    for shard in (1, 2, 3):
        channels[shard] = fake.add_guild(f"Guild {shard}")[1]
    processes = [await start_bot(cluster_env(fake, bot_redis)) for _ in range(2)]
    try:
        running = lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS))  # noqa: E731
        await fake.wait_for(running, timeout=30, what="every shard running")
        await fake.wait_for(lambda: fake.commands(), timeout=30, what="commands synced")
        for channel_id in channels.values():
            asked = await fake.slash_command("question", {"id": "url-shortener"}, channel_id=channel_id)
            assert (await fake.wait_for_response(asked, timeout=10)).accepted

        holder = holder_of_shard_0(bot_redis)
        killed = next(p for p in processes if p.pid == holder)
        killed.send_signal(signal.SIGKILL)  # no clean shutdown: its leases must run out
        await killed.wait()
        await fake.wait_for(lambda: not running(), timeout=10, what="the killed process's sessions gone")
        await fake.wait_for(running, timeout=30, what="every shard running again")
        for channel_id in channels.values():
            asked = await fake.slash_command("question", {"id": "url-shortener"}, channel_id=channel_id)
            assert (await fake.wait_for_response(asked, timeout=10)).accepted
            await asyncio.sleep(0.2)
            assert len([r for r in fake.responses(asked) if r.kind == "callback"]) == 1
        assert fake.shard_overlaps == [] and fake.rate_limited_identifies == 0
    finally:
        outputs = [await stop(process) for process in processes]
    survivor = next(i for i, p in enumerate(processes) if p is not killed)
    assert processes[survivor].returncode == 0, outputs[survivor][1][-3000:]


def holder_of_shard_0(shared: BotRedis) -> int:
    """The pid of the process holding shard 0 (a lease's owner is host:pid:random)."""
    client = redis.Redis.from_url(shared.url, decode_responses=True)
    try:
        owner = client.hget(f"{shared.prefix}:_:discord:shards:{SHARDS}:owners", "0")
    finally:
        client.close()
    assert isinstance(owner, str), "nobody holds shard 0"
    return int(owner.split(":")[1])
