"""What the bot sends stays within Discord's limits: the stand-in refuses anything over them, as Discord does."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import App
from bot.context import Services
from bot.platforms import discord_commands
from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord

LONGEST_PRINCIPLE = "Success and Scale Bring Broad Responsibility"


async def test_autocomplete_with_many_long_suggestions_is_accepted(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    @app.services.registry.completer("question")
    async def wordy(services: Services, typed: str) -> list[tuple[str, str]]:
        return [(f"q{n} · " + "a question about caching and queues " * 4, f"q{n}") for n in range(30)]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "q"}, focused="id"))
    assert answer.accepted
    assert [choice["value"] for choice in answer.choices] == [f"q{n}" for n in range(25)]
    assert all(len(choice["name"]) <= 100 and choice["name"].endswith("…") for choice in answer.choices)


async def test_a_suggestion_whose_value_cannot_be_sent_is_left_out(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    @app.services.registry.completer("question")
    async def odd(services: Services, typed: str) -> list[tuple[str, str]]:
        return [("too long", "x" * 101), ("fine", "url-shortener"), ("   ", "rate-limiter")]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "u"}, focused="id"))
    assert answer.accepted
    assert answer.choices == [
        {"name": "fine", "value": "url-shortener"},
        {"name": "rate-limiter", "value": "rate-limiter"},
    ]


async def test_a_slow_autocomplete_answers_no_suggestions_before_discord_gives_up(
    bot: DiscordAdapter,
    app: App,
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(discord_commands, "AUTOCOMPLETE_SECONDS", 0.05)
    fake.callback_deadline = 0.5  # Discord's 3 s, scaled down with the adapter's budget

    @app.services.registry.completer("question")
    async def stuck(services: Services, typed: str) -> list[tuple[str, str]]:
        await asyncio.sleep(1.0)  # a completer that would answer after Discord gave up
        return [("url-shortener", "url-shortener")]

    answer = await fake.wait_for_response(await fake.autocomplete("question", {"id": "u"}, focused="id"))
    assert answer.accepted and answer.choices == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_the_star_form_of_the_longest_principle_names_it_whole(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("star add", {"lp": LONGEST_PRINCIPLE}))
    assert opened.accepted and opened.type == 9  # the modal was shown
    assert opened.data["title"] == LONGEST_PRINCIPLE


async def test_the_star_form_title_keeps_its_prefix_when_it_fits(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("star add", {"lp": "Ownership"}))
    assert opened.data["title"] == "STAR · Ownership"
