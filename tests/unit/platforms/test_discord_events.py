"""A closing Discord client's event handlers finish (or are cancelled after a bound), never dropped unstarted."""

from __future__ import annotations

import asyncio

import discord

from bot.platforms.discord_events import event_tasks_of, settle_event_tasks
from bot.platforms.discord_shards import PracticeClient


async def test_handlers_dispatched_just_before_closing_run_to_their_end() -> None:
    finished: list[str] = []
    async with discord.Client(intents=discord.Intents.none()) as client:

        async def on_thing(name: str) -> None:
            await asyncio.sleep(0.05)
            finished.append(name)

        client.event(on_thing)  # type: ignore[arg-type]
        client.dispatch("thing", "first")
        client.dispatch("thing", "second")  # neither task has started yet
        assert len(event_tasks_of(client)) == 2
        await settle_event_tasks(client)
    assert sorted(finished) == ["first", "second"]


async def test_a_handler_that_outlives_the_bound_is_cancelled() -> None:
    outcome: list[str] = []
    async with discord.Client(intents=discord.Intents.none()) as client:

        async def on_stuck() -> None:
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                outcome.append("cancelled")
                raise

        client.event(on_stuck)  # type: ignore[arg-type]
        client.dispatch("stuck")
        await settle_event_tasks(client, within=0.05)
        assert outcome == ["cancelled"]
        assert event_tasks_of(client) == []


async def test_another_clients_handlers_are_left_alone() -> None:
    async with (
        discord.Client(intents=discord.Intents.none()) as closing,
        discord.Client(intents=discord.Intents.none()) as other,
    ):
        release = asyncio.Event()

        async def on_wait() -> None:
            await release.wait()

        other.event(on_wait)  # type: ignore[arg-type]
        other.dispatch("wait")
        await settle_event_tasks(closing, within=0.05)
        [task] = event_tasks_of(other)
        assert not task.cancelled()
        release.set()
        await task


async def test_an_event_dispatched_after_the_client_closed_is_dropped_quietly() -> None:
    # discord.py's close() lets go of the loop before the gateway task ends; that task may still dispatch.
    client = PracticeClient(intents=discord.Intents.none(), guild_ready_timeout=0.1)
    heard: list[str] = []

    async def on_thing() -> None:
        heard.append("thing")

    client.event(on_thing)  # type: ignore[arg-type]
    async with client:
        client.dispatch("thing")
        await settle_event_tasks(client)
    assert client.loop is discord.utils.MISSING
    client.dispatch("thing")  # discord.py's own dispatch would fail here and drop the handler unstarted
    assert heard == ["thing"]
