"""Two bot processes on one token and one Redis: Discord sends both every event, exactly one answers."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Mapping

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.app import App, build_app
from bot.chat import IncomingMessage
from bot.claim_batches import ClaimBatches, Claimed
from bot.clock import FakeClock
from bot.config import load_settings
from bot.platforms.discord_bot import DiscordAdapter
from bot.store import Store
from question_bank import QuestionBank
from tests.e2e.discord.support import add_test_commands, start_adapter
from tests.fakes.discord_server import FakeDiscord


@pytest.fixture
async def second(
    bot: DiscordAdapter,
    store: Store,
    clock: FakeClock,
    bank: QuestionBank,
    fake: FakeDiscord,
    heard: list[IncomingMessage],
    forms: list[Mapping[str, str]],
) -> AsyncIterator[App]:
    """A second process: its own app and gateway session, the same Redis, bot token and commands."""
    app = await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(2))
    add_test_commands(app, heard, forms)  # both processes hear into the same list
    adapter = await start_adapter(app, fake)
    await fake.wait_for(lambda: fake.connected_count == 2, what="both processes connected")
    yield app
    await adapter.close()


@pytest.fixture
def claims(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keys each process claimed an event under (both processes share one Redis)."""
    claimed: list[str] = []
    real = ClaimBatches.claim

    async def recording(batches: ClaimBatches, key: str, read_key: str | None = None) -> Claimed:
        taken = await real(batches, key, read_key)
        claimed.append(key)
        return taken

    monkeypatch.setattr(ClaimBatches, "claim", recording)
    return claimed


async def answers_once(fake: FakeDiscord, claims: list[str], event_id: int) -> list[tuple[int | None, bool]]:
    """The callbacks sent for an interaction, once both processes decided whether to take it."""
    await fake.wait_for(lambda: sum(k.endswith(f":{event_id}") for k in claims) == 2, what="both processes decided")
    return [(r.type, r.accepted) for r in fake.responses(event_id) if r.kind == "callback"]


async def test_a_slash_command_is_answered_once(second: App, fake: FakeDiscord, claims: list[str]) -> None:
    asked = await fake.slash_command("question", {"id": "url-shortener"})
    await fake.wait_for_response(asked)
    assert await answers_once(fake, claims, asked.id) == [(4, True)]
    assert len(fake.messages(fake.general_channel_id)) == 1


async def test_a_button_press_is_answered_once(second: App, fake: FakeDiscord, claims: list[str]) -> None:
    await fake.wait_for_response(await fake.slash_command("question", {"id": "url-shortener"}))
    pressed = await fake.press_button("question:hints:url-shortener")
    await fake.wait_for_response(pressed)
    assert await answers_once(fake, claims, pressed.id) == [(4, True)]


async def test_autocomplete_is_answered_once(second: App, fake: FakeDiscord, claims: list[str]) -> None:
    typing = await fake.autocomplete("question", {"id": "url"}, focused="id")
    await fake.wait_for_response(typing)
    assert await answers_once(fake, claims, typing.id) == [(8, True)]


async def test_a_form_submission_is_handled_once(
    second: App, fake: FakeDiscord, forms: list[Mapping[str, str]], claims: list[str]
) -> None:
    await fake.wait_for_response(await fake.slash_command("story"))
    submitted = await fake.submit_modal("story:add:ownership", {"situation": "Late launch", "result": "Shipped"})
    await fake.wait_for_response(submitted)
    assert await answers_once(fake, claims, submitted.id) == [(4, True)]
    assert len(forms) == 1


async def test_a_message_is_heard_by_one_process(
    second: App, fake: FakeDiscord, heard: list[IncomingMessage], claims: list[str]
) -> None:
    posted = [
        await fake.post_message(fake.general_channel_id, text, user=fake.member_user)
        for text in ("I would shard by user id", "and cache the hot keys")
    ]
    for message in posted:
        await fake.wait_for(lambda m=message: sum(k.endswith(f":{m.id}") for k in claims) == 2, what="both decided")
    await fake.wait_for(lambda: len(heard) >= 2, what="the messages heard")
    assert [m.text for m in heard] == ["I would shard by user id", "and cache the hot keys"]


async def test_an_interaction_is_answered_when_redis_cannot_record_who_took_it(
    bot: DiscordAdapter, fake: FakeDiscord, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable(*args: object) -> bool:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(store.redis, "evalsha", unreachable)
    answer = await fake.wait_for_response(await fake.slash_command("question", {"id": "url-shortener"}))
    assert answer.accepted and answer.embeds[0]["footer"]["text"] == "id: url-shortener"
