"""Charts on Discord: a PNG attached to the reply, its alt text as the attachment's description."""

from __future__ import annotations

from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_star_list_answers_with_its_chart_attached_and_described(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    response = await fake.wait_for_response(await fake.slash_command("star list", {}))
    assert response.ephemeral
    assert "No stories yet" in response.data["embeds"][0]["description"]
    (attachment,) = response.data["attachments"]
    assert attachment["filename"] == "star-coverage.png"
    assert attachment["description"].startswith("Two charts. Stories per Leadership Principle: none yet.")
    upload = fake.uploads[-1]
    assert upload["filename"] == "star-coverage.png"
    assert isinstance(upload["data"], bytes) and upload["data"].startswith(PNG_SIGNATURE)
    assert len(upload["data"]) < 200 * 1024


async def test_stats_is_for_admins_and_answers_with_the_channels_chart(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    response = await fake.wait_for_response(await fake.slash_command("stats", {}, user=fake.admin_user))
    (attachment,) = response.data["attachments"]
    assert attachment["filename"] == "channel-stats.png"
    assert "last 12 weeks" in attachment["description"]
