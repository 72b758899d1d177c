"""DISCORD_SHARD_COUNT with DISCORD_SHARD_IDS: a process runs its slice of the shards and nothing else."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.platforms.discord_bot import DiscordAdapter
from tests.e2e.discord.support import settings_for
from tests.fakes.discord_server import FakeDiscord


async def test_a_process_runs_only_its_slice_of_the_shards(app: App, fake: FakeDiscord) -> None:
    fake.shard_count, fake.identify_window = 4, 0.2
    guilds = {0: (fake.guild_id, fake.general_channel_id)}
    for shard in (1, 2, 3):
        guilds[shard] = fake.add_guild(f"Guild {shard}")
    settings = settings_for(fake).model_copy(update={"shard_count": 4, "shard_ids": (0, 1)})
    adapter = DiscordAdapter(app, settings, guild_ready_timeout=0.1, identify_window_seconds=0.2)
    await adapter.start()
    try:
        await fake.wait_for(lambda: fake.sessions_on_shard(0) == fake.sessions_on_shard(1) == 1, what="shards 0, 1")
        assert (fake.sessions_on_shard(2), fake.sessions_on_shard(3)) == (0, 0)
        for shard in (0, 1):
            asked = await fake.slash_command("question", {"id": "url-shortener"}, channel_id=guilds[shard][1])
            assert (await fake.wait_for_response(asked)).accepted
        with pytest.raises(RuntimeError, match="no discord.py client has identified for that guild's shard"):
            await fake.slash_command("question", {"id": "url-shortener"}, channel_id=guilds[2][1])
        assert fake.rate_limited_identifies == 0
    finally:
        await adapter.close()
