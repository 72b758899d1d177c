"""The AI interviewer on the real discord.py: a solo mock's thread, the candidate's lines as gateway events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.app import App
from bot.chat import IncomingMessage
from bot.clock import FakeClock
from bot.deadlines import DeadlineQueue
from bot.platforms.discord_bot import DiscordAdapter
from handlers.interviewer.pushback import COUNTER
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_server._models import FakeUser, StoredMessage

FOOTER = "Interviewer · offline interviewer"


def interviewer(fake: FakeDiscord, thread_id: int) -> list[StoredMessage]:
    """The interviewer's messages in the thread (an embed with its footer), oldest first."""
    return [m for m in fake.messages(thread_id) if m.embeds and m.embeds[-1].get("footer", {}).get("text") == FOOTER]


def words(message: StoredMessage) -> str:
    return "\n".join(str(embed.get("description", "")) for embed in message.embeds)


async def polled_until(queue: DeadlineQueue, done: Callable[[], bool], what: str) -> None:
    """Poll the deadline queue, as the live bot does, without moving the clock, until `done`."""
    for _ in range(500):
        await queue.run_due()
        if done():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"never happened: {what}")


async def said_in_thread(
    fake: FakeDiscord, heard: list[IncomingMessage], thread_id: int, text: str, user: FakeUser
) -> None:
    """`user` posts a line in the thread (a gateway MESSAGE_CREATE); wait until every listener of the bot heard it."""
    await fake.post_message(thread_id, text, user=user)
    await fake.wait_for(lambda: any(message.text == text for message in heard), what=f"the bot heard {text!r}")


async def test_the_bot_interviews_a_solo_mock_in_its_thread_and_answers_only_the_candidate(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock, heard: list[IncomingMessage]
) -> None:
    queue = app.attach(bot.chat)
    await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    [thread] = await fake.wait_for(lambda: fake.threads, what="the mock thread")
    await polled_until(queue, lambda: bool(interviewer(fake, thread.id)), "the interviewer's opening")
    [opening] = interviewer(fake, thread.id)
    assert words(opening).startswith("I'll be your interviewer today. Let's build a URL shortener")
    assert words(opening).endswith("What would you like to know?")

    candidate = fake.member_user  # who ran /mock start
    await said_in_thread(fake, heard, thread.id, "how many links are created each month?", user=candidate)
    await polled_until(queue, lambda: len(interviewer(fake, thread.id)) == 2, "the answer to the clarification")
    assert "About 100M new short links a month" in words(interviewer(fake, thread.id)[-1])

    await said_in_thread(fake, heard, thread.id, "what database should I use?", user=candidate)
    await polled_until(queue, lambda: len(interviewer(fake, thread.id)) == 3, "the counter-question")
    assert COUNTER in words(interviewer(fake, thread.id)[-1])

    await said_in_thread(fake, heard, thread.id, "do links ever expire?", user=fake.admin_user)  # not the candidate
    clock.advance(25)  # past the pause after a burst too
    await queue.run_due()
    replies = interviewer(fake, thread.id)
    assert len(replies) == 3  # one answer per candidate line, none to the bystander
    assert all(message.channel_id == thread.id and not message.ephemeral for message in replies)
