"""/pp-star drill on the real slack_bolt: the question lives only in a DM thread, never in the channel."""

from __future__ import annotations

from bot.app import App
from tests.e2e.slack.support import texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def test_the_drill_question_is_asked_only_in_a_direct_message(
    slack: SlackRequests, app: App, api: FakeSlackApi
) -> None:
    await slack.slash_command("/pp-star", "drill", channel_id="C1")
    [told] = await api.wait_for(lambda: api.answers())
    assert told["response_type"] == "ephemeral"
    assert told["text"].startswith("Your STAR drill is in a private thread: STAR drill · ")
    [opened] = api.calls("conversations.open")
    dm = str(opened["response"]["channel"]["id"])
    [starter] = api.messages(dm)
    asked = await api.wait_for(lambda: api.messages(dm, thread_ts=str(starter["ts"])))
    assert "Tell me about a time " in texts(asked[0]["blocks"])  # type: ignore[arg-type]
    assert not any("Tell me about a time" in texts(m.get("blocks") or []) for m in api.messages("C1"))  # type: ignore[arg-type]
