"""Mock feedback on the real discord.py: a modal submit cannot answer with a modal, so a button asks again."""

from __future__ import annotations

from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_server._models import StoredMessage

SCORES = "3 2 4 3 3 2"


def said(message: StoredMessage) -> str:
    """A message's words, whether sent as content or as an embed (a reply with a title or footer)."""
    if message.embeds:
        return "\n".join(str(embed.get("description", "")) for embed in message.embeds)
    return message.content or ""


def with_prefix(custom_ids: list[str], prefix: str) -> str:
    found = [custom_id for custom_id in custom_ids if custom_id.startswith(prefix)]
    assert found, f"no {prefix} component among {custom_ids}"
    return found[0]


async def test_bad_scores_keep_the_text_and_a_button_opens_a_modal_with_only_the_scores(
    bot: DiscordAdapter, fake: FakeDiscord
) -> None:
    candidate, interviewer = fake.admin_user, fake.member_user
    options = {"question": "url-shortener", "partner": interviewer}
    started = await fake.slash_command("mock start", options, user=candidate)
    await fake.wait_for_response(started)
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
    await fake.wait_for_response(await fake.slash_command("mock end", user=candidate, channel_id=thread.id))
    [over] = await fake.wait_for(lambda: [m for m in fake.messages(thread.id) if said(m).startswith("Mock over")])
    give = with_prefix(over.custom_ids(), "mock:feedback:")
    opened = await fake.wait_for_response(await fake.press_button(give, message_id=over.id, user=interviewer))
    assert opened.type == 9  # a modal
    written = {"went_well": "Clear API", "practise_next": "Estimate first"}
    submitted = await fake.submit_modal(give, {"scores": "3 3 9", **written}, user=interviewer)
    asked = await fake.wait_for_response(submitted)
    assert asked.accepted and asked.ephemeral
    assert "What you wrote is kept; only the scores are asked again." in (asked.content or "")
    again = with_prefix(
        [c["custom_id"] for row in asked.components for c in row["components"]], "mock:feedback-scores:"
    )
    assert asked.message_id is not None
    reopened = await fake.wait_for_response(
        await fake.press_button(again, message_id=asked.message_id, user=interviewer)
    )
    assert reopened.type == 9
    inputs = [c for row in reopened.data["components"] for c in row["components"]]
    assert [(c["custom_id"], c.get("value")) for c in inputs] == [("scores", "3 3 9")]
    saved = await fake.wait_for_response(await fake.submit_modal(again, {"scores": SCORES}, user=interviewer))
    assert (saved.content or "") == "Thanks, your feedback is saved."
    [posted] = [m for m in fake.messages(thread.id) if m.embeds and m.embeds[0].get("title") == "Interviewer feedback"]
    assert "Went well: Clear API" in posted.embeds[0]["description"]
    assert "Practise next: Estimate first" in posted.embeds[0]["description"]
