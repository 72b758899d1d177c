"""A private first answer goes without asking Discord to send the message back, and is otherwise the same."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.platforms import discord_chat
from bot.platforms.discord_bot import DiscordAdapter
from bot.platforms.discord_callback import answer_privately
from bot.platforms.discord_render import SAFE_MENTIONS
from tests.e2e.discord_raw import Api, api_fixture, discord_py_interaction  # noqa: F401 - api_fixture: the `api` fixture
from tests.fakes.discord_server import FakeDiscord, FakeInteraction

CALLBACK = r"/interactions/\d+/[^/]+/callback"


def callback_queries(fake: FakeDiscord, interaction: FakeInteraction) -> list[dict[str, str]]:
    return [call.query for call in fake.calls_to("POST", CALLBACK) if f"/{interaction.id}/" in call.path]


async def whispered(fake: FakeDiscord) -> tuple[FakeInteraction, list[Any]]:
    asked = await fake.slash_command("whisper")
    await fake.wait_for(lambda: len(fake.responses(asked)) == 2, what="both private answers")
    return asked, fake.responses(asked)


async def test_a_private_answer_is_not_sent_back_and_reaches_only_its_user(
    bot: DiscordAdapter, fake: FakeDiscord
) -> None:
    asked, (first, second) = await whispered(fake)
    assert callback_queries(fake, asked) == [{}]  # no with_response: Discord answers 204
    assert (first.kind, first.type, first.accepted, first.ephemeral) == ("callback", 4, True, True)
    assert first.embeds[0]["title"] == "Psst" and first.embeds[0]["description"] == "Only you see this"
    stored = fake.message(first.message_id or 0)
    assert stored.ephemeral and stored.custom_ids() == ["question:hints:url-shortener"]
    # discord.py knows the interaction is answered: the second answer is a followup, not a refused callback
    assert (second.kind, second.accepted, second.ephemeral) == ("followup", True, True)


async def test_the_private_answer_sends_what_discord_py_would_send(
    bot: DiscordAdapter, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, fast = await whispered(fake)
    monkeypatch.setattr(discord_chat, "answers_privately_without_reply", lambda piece, ephemeral: False)
    asked, by_discord_py = await whispered(fake)
    assert callback_queries(fake, asked) == [{"with_response": "1"}]
    assert [(r.kind, r.type, r.data, r.flags) for r in fast] == [
        (r.kind, r.type, r.data, r.flags) for r in by_discord_py
    ]


async def test_a_public_answer_still_asks_for_its_message(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    asked = await fake.slash_command("question", {"id": "url-shortener"})
    answer = await fake.wait_for_response(asked)
    assert not answer.ephemeral
    assert callback_queries(fake, asked) == [{"with_response": "1"}]  # the card's id is kept for its thread


async def interaction_of(api: Api) -> discord.Interaction[Any]:
    """discord.py's Interaction for a slash command the stand-in sends; nobody answers it but the test."""
    return discord_py_interaction(api, await api.fake.slash_command("quiet"))


async def test_a_refused_private_answer_raises_as_discord_py_does_and_leaves_it_unanswered(
    api: Api,
) -> None:
    fake, interaction = api.fake, await interaction_of(api)
    with pytest.raises(discord.HTTPException) as refused:
        await answer_privately(
            interaction,
            content="x" * 2001,
            embed=discord.utils.MISSING,
            view=discord.utils.MISSING,
            allowed_mentions=SAFE_MENTIONS,
        )
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert not interaction.response.is_done()
    fake.callback_deadline = 0.0  # Discord forgets an interaction 3 s after sending it
    with pytest.raises(discord.NotFound) as late:
        await answer_privately(
            interaction,
            content="late",
            embed=discord.utils.MISSING,
            view=discord.utils.MISSING,
            allowed_mentions=SAFE_MENTIONS,
        )
    assert late.value.code == 10062


async def test_a_second_private_answer_is_refused_before_any_request(
    api: Api,
) -> None:
    fake, interaction = api.fake, await interaction_of(api)
    missing = discord.utils.MISSING
    await answer_privately(interaction, content="once", embed=missing, view=missing, allowed_mentions=SAFE_MENTIONS)
    assert interaction.response.is_done()
    sent = len(fake.calls_to("POST", CALLBACK))
    with pytest.raises(discord.InteractionResponded):
        await answer_privately(
            interaction, content="twice", embed=missing, view=missing, allowed_mentions=SAFE_MENTIONS
        )
    assert len(fake.calls_to("POST", CALLBACK)) == sent
    [message] = [m for m in fake.messages(fake.general_channel_id) if m.ephemeral]
    assert message.content == "once"
