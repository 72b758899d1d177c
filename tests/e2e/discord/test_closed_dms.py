"""Discord refuses a DM to someone who does not accept them (403/50007): what needed the DM goes on."""

from __future__ import annotations

import logging

import pytest

from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord


async def test_a_mock_starts_when_the_interviewer_does_not_accept_dms(
    bot: DiscordAdapter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.closed_dms.add(fake.member_user.id)
    asked = await fake.slash_command(
        "mock start", {"question": "url-shortener", "partner": fake.member_user}, user=fake.admin_user
    )
    card = await fake.wait_for_response(asked)
    assert card.embeds and card.embeds[0]["title"] == "Mock · Design a URL shortener"
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    await fake.wait_for(
        lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)),
        what="phase 1 announced",
    )
    assert fake.dms(fake.member_user) == []
    assert [call.status for call in fake.calls if call.status == 403] == [403]  # the guide, refused once
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
