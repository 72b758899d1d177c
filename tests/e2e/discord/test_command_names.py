"""On Discord, texts name commands as Discord shows them: `/star`, never Slack's `/pp-star`."""

from __future__ import annotations

from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord


async def test_an_empty_story_list_says_how_to_add_one_with_star(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    response = await fake.wait_for_response(await fake.slash_command("star list"))
    shown = str(response.content) + "".join(str(embed.get("description")) for embed in response.embeds)
    assert "No stories yet: /star add lp:Ownership" in shown
