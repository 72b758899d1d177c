"""Mocks, the bar raiser and daily drops on the real discord.py, against a local Discord stand-in."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from pydantic import SecretStr

from bot.app import App
from bot.clock import FakeClock
from bot.platforms.discord_bot import DiscordAdapter
from bot.store import Store
from tests.fakes.discord_server import FakeDiscord


async def test_a_mock_runs_in_a_thread_and_its_pause_button_works(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    response = await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    assert response.embeds[0]["title"] == "Mock · Design a URL shortener"
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    assert thread.starter_message_id == response.message_id
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
    for _ in range(500):  # the warning and the status refresh are scheduled just after phase 1 is said
        if await queue.pending() >= 2:
            break
        await asyncio.sleep(0.01)
    clock.advance(7 * 60)
    await queue.run_due()
    contents = [m.content or "" for m in fake.messages(thread.id)]
    assert [c.split("\n")[0] for c in contents if c.startswith(("Phase", "⏳"))] == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
    ]  # the warning fell due in the same poll: only the latest is said
    status = next(m for m in fake.messages(thread.id) if any(c.startswith("mock:pause:") for c in m.custom_ids()))
    pause = next(c for c in status.custom_ids() if c.startswith("mock:pause:"))
    pressed = await fake.wait_for_response(await fake.press_button(pause, message_id=status.id))
    assert pressed.ephemeral
    public = [m for m in fake.messages(thread.id) if not m.ephemeral]
    assert public[-1].content.startswith("⏸ Paused by")
    assert "paused" in fake.message(status.id).embeds[0]["description"]


async def test_the_bar_raiser_is_deferred_then_answers_from_a_slow_llm(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock, store: Store
) -> None:
    from bot.config import LlmSettings
    from bot.llm import LlmClient
    from tests.fakes.openai_server import Delay, FakeOpenAI
    from tests.fakes.openai_server import Reply as LlmReply

    async with FakeOpenAI(api_key="sk-test") as llm:
        probe = {
            "text": "The create call is retried after a timeout. What stops a second link?",
            "targets": ["idempotent-create"],
        }
        llm.reply_with(Delay(2.5, then=LlmReply({"probes": [probe]})))
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=llm.base_url)  # type: ignore[call-arg]
        app.services.llm = LlmClient(settings, clock, store)
        app.attach(bot.chat)
        await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
        await fake.wait_for(lambda: fake.threads, what="the mock thread")
        thread = fake.threads[0]
        await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
        await fake.post_message(thread.id, "A Redis cache in front of DynamoDB", user=fake.member_user)
        asked = await fake.slash_command("barraiser", channel_id=thread.id)
        first = await fake.wait_for_response(asked)
        assert (first.kind, first.type) == ("callback", 5)  # deferred at once: Discord's 3 s are safe
        answer = await fake.wait_for_response(asked, timeout=10, count=2)
        assert answer.kind == "edit_original"
        assert answer.embeds[0]["title"] == "Bar raiser"
        assert probe["text"] in answer.embeds[0]["description"]
        assert answer.embeds[0]["footer"]["text"] == "AI bar raiser"
        await app.services.llm.close()


async def test_a_daily_drop_posts_a_card_and_opens_a_thread(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    answer = await fake.wait_for_response(
        await fake.slash_command("daily setup", {"time": "10:00", "tz": "UTC"}, user=fake.admin_user)
    )
    assert answer.ephemeral
    assert (answer.content or "").startswith("Saved. The first drop:")
    clock.advance(timedelta(hours=1, minutes=1))  # the fixture clock starts at 09:00 UTC
    await queue.run_due()
    posted = fake.messages(fake.general_channel_id)
    [card] = [m for m in posted if m.embeds and m.embeds[0]["title"].startswith("Daily")]
    thread = next(t for t in fake.threads if t.starter_message_id == card.id)
    assert thread.name.startswith("Daily · ")


async def test_a_daily_drop_mentions_the_chosen_role(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    options = {"time": "10:00", "tz": "UTC", "mention": fake.admin_role_id}
    await fake.wait_for_response(await fake.slash_command("daily setup", options, user=fake.admin_user))
    clock.advance(timedelta(hours=1, minutes=1))
    await queue.run_due()
    [card] = [
        m for m in fake.messages(fake.general_channel_id) if m.embeds and m.embeds[0]["title"].startswith("Daily")
    ]
    assert card.content == f"<@&{fake.admin_role_id}>"
    drop_call = next(
        call
        for call in reversed(fake.calls_to("POST", rf"/channels/{fake.general_channel_id}/messages"))
        if call.json and call.json.get("embeds")
    )
    assert "roles" in drop_call.json["allowed_mentions"]["parse"]  # this message may ping the role


async def test_a_pairing_round_opens_private_threads_on_discord(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    app.attach(bot.chat)
    for user in (fake.member_user, fake.admin_user):
        joined = await fake.wait_for_response(
            await fake.slash_command("pair join", {"availability": "weekday evenings"}, user=user)
        )
        assert (joined.content or "").startswith("You are in the pool")
    done = await fake.wait_for_response(await fake.slash_command("pair round", user=fake.admin_user))
    assert done.content == "Round done: 1 pair, 0 carried to the next round."
    [thread] = [t for t in fake.threads if t.name.startswith("Pair ")]
    assert thread.private
    assert {fake.member_user.id, fake.admin_user.id} <= set(thread.members)
    intro = fake.messages(thread.id)[0]
    assert intro.custom_ids()[0].startswith("pair:mock:")
    started = await fake.wait_for_response(await fake.press_button(intro.custom_ids()[0], user=fake.member_user))
    assert started.content == "Mock started in this thread."
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))


async def test_a_star_story_is_written_in_a_modal_on_discord(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("star add", {"lp": "Ownership"}))
    assert opened.type == 9  # a modal
    values = {
        "situation": "Our checkout failed in a sale",
        "task": "I owned payments",
        "action": "I added a breaker",
        "result": "Errors fell 90%",
    }
    saved = await fake.wait_for_response(await fake.submit_modal(None, values))
    assert saved.ephemeral
    assert (saved.content or "").startswith("Saved (only you can see it). A complete STAR answer")
