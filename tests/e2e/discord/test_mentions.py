"""On Discord, text a user wrote is repeated inert; the bot's own mentions still notify."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.app import App
from bot.platforms.discord_bot import DiscordAdapter
from bot.store import Workspace
from handlers import transcripts
from tests.fakes.discord_server import FakeDiscord


def notified(body: dict[str, Any]) -> set[str]:
    """Who Discord would notify for a message body: content only (embeds never ping), as allowed_mentions lets it."""
    content = str(body.get("content") or "")
    allowed = body.get("allowed_mentions") or {"parse": ["users", "roles", "everyone"]}
    parse = set(allowed.get("parse", []))
    found = set()
    if "everyone" in parse and re.search(r"@(everyone|here)", content):
        found.add("everyone")
    for user in re.findall(r"<@!?(\d+)>", content):
        if "users" in parse or user in allowed.get("users", []):
            found.add(f"user:{user}")
    for role in re.findall(r"<@&(\d+)>", content):
        if "roles" in parse or role in allowed.get("roles", []):
            found.add(f"role:{role}")
    return found


def shown_text(body: dict[str, Any]) -> str:
    """Everything a reader sees: content, and every embed's title, description, fields and footer."""
    parts = [str(body.get("content") or "")]
    for embed in body.get("embeds") or []:
        parts += [str(embed.get("title", "")), str(embed.get("description", ""))]
        parts += [f"{field['name']}\n{field['value']}" for field in embed.get("fields", [])]
        parts.append(str((embed.get("footer") or {}).get("text", "")))
    return "\n".join(parts)


LIVE = re.compile(r"<[@!]|@(everyone|here)")


async def until_captured(app: App, fake: FakeDiscord, thread_id: int, count: int) -> None:
    scope = Workspace("discord", str(fake.guild_id))
    for _ in range(500):
        if len(await transcripts.load(app.services.store, scope, str(thread_id))) >= count:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the message never reached the transcript")


async def test_a_public_scorecard_quotes_hostile_text_inert(bot: DiscordAdapter, app: App, fake: FakeDiscord) -> None:
    app.attach(bot.chat)
    await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
    hostile = (
        f"@everyone @here <@&{fake.admin_role_id}> <@{fake.admin_user.id}> <@!{fake.admin_user.id}> "
        "<!channel> <!here> <!subteam^S1|@eng> we key links by id because redirects are lookups"
    )
    await fake.post_message(thread.id, hostile, user=fake.member_user)
    await until_captured(app, fake, thread.id, 1)

    asked = await fake.slash_command("barraiser", {"focus": "scorecard"}, channel_id=thread.id)
    card = await fake.wait_for_response(asked, timeout=10, count=2)

    assert not card.ephemeral
    text = shown_text(card.data)
    assert "Scorecard · Design a URL shortener" in text
    assert "everyone" in text and "we key links by id because" in text  # quoted, readable
    assert not LIVE.search(text), text
    assert notified(card.data) == set()
    assert not {"everyone", "roles"} & set(card.data["allowed_mentions"]["parse"])


async def test_an_echoed_validation_error_is_inert_and_a_partner_mention_still_notifies(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    app.attach(bot.chat)
    hostile = f"@everyone<@&{fake.admin_role_id}>"
    refused = await fake.wait_for_response(await fake.slash_command("question", {"id": hostile}))
    assert "no question" in shown_text(refused.data)
    assert not LIVE.search(shown_text(refused.data))
    assert notified(refused.data) == set()

    await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    await fake.wait_for_response(await fake.slash_command("mock pause", channel_id=thread.id))
    await fake.wait_for(lambda: any(m.content.startswith("⏸ Paused by") for m in fake.messages(thread.id)))
    [call] = [c for c in fake.calls_to("POST", rf"/channels/{thread.id}/messages") if "Paused by" in str(c.json or {})]
    assert notified(call.json) == {f"user:{fake.member_user.id}"}  # the bot's own mention works


async def test_the_partner_named_at_the_start_of_a_mock_is_still_a_live_mention(
    bot: DiscordAdapter, app: App, fake: FakeDiscord
) -> None:
    app.attach(bot.chat)
    options = {"question": "url-shortener", "partner": fake.admin_user}
    answer = await fake.wait_for_response(await fake.slash_command("mock start", options, user=fake.member_user))
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
    assert f"Candidate: <@{fake.member_user.id}>" in shown_text(answer.data)
    assert f"Interviewer: <@{fake.admin_user.id}>" in shown_text(answer.data)
    assert fake.admin_user.id in thread.members  # added to the private thread, which notifies them
