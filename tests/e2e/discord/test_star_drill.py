"""/star drill on the real discord.py: the question lives only in a private thread."""

from __future__ import annotations

from bot.app import App
from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord


async def test_the_drill_question_is_asked_only_in_a_private_thread(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    app.attach(bot.chat)
    answer = await fake.wait_for_response(await fake.slash_command("star drill"))
    assert answer.ephemeral
    assert (answer.content or "").startswith("Your STAR drill is in a private thread: STAR drill · ")
    [thread] = [t for t in fake.threads if t.name.startswith("STAR drill · ")]
    assert thread.private
    assert fake.member_user.id in thread.members
    await fake.wait_for(lambda: fake.messages(thread.id), what="the drill question")
    [question] = fake.messages(thread.id)
    assert question.embeds[0]["description"].startswith("Tell me about a time ")
    public = fake.messages(fake.general_channel_id)
    assert not any("Tell me about a time" in str(m.embeds) + (m.content or "") for m in public if not m.ephemeral)
