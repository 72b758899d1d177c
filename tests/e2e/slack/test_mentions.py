"""On Slack, text a user wrote is repeated inert (blocks and fallback text); the bot's own mentions still work."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from bot.app import App
from bot.store import Workspace
from handlers import transcripts
from tests.e2e.slack.support import texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

# What Slack turns into a notification in a message's mrkdwn or fallback text.
LIVE = re.compile(r"<!(channel|here|everyone|subteam)|<@U|@(channel|here|everyone)")
HOSTILE = "@channel <!channel> <!here> <!everyone> <!subteam^S1|@eng> <@UADMIN> <@UADMIN|ada>"


def every_text(params: dict[str, Any]) -> str:
    """The fallback text and every string inside the blocks (JSON-escaped, so zero-width spaces stay visible)."""
    return json.dumps({"text": params.get("text"), "blocks": params.get("blocks")}, ensure_ascii=False)


async def until_captured(app: App, api: FakeSlackApi, thread_ts: str, count: int) -> None:
    scope = Workspace("slack", api.team_id)
    for _ in range(2000):  # the event is handled after Slack's ack, on a possibly busy machine
        if len(await transcripts.load(app.services.store, scope, thread_ts)) >= count:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the message never reached the transcript")


async def test_a_public_scorecard_quotes_hostile_text_inert(slack: SlackRequests, app: App, api: FakeSlackApi) -> None:
    await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
    [intro] = await api.wait_for(lambda: api.messages("C1"))
    assert "<@U1>" in texts(intro["blocks"])  # the bot's own mention of the starter stays live
    thread = str(intro["ts"])
    await api.wait_for(lambda: any(str(m["text"]).startswith("Phase 1/5") for m in api.messages("C1", thread)))
    await slack.message(f"{HOSTILE} we key links by id because redirects are lookups", thread_ts=intro["ts"])
    await until_captured(app, api, str(intro["ts"]), 1)

    await slack.app_mention("barraiser scorecard", channel_id="C1", thread_ts=intro["ts"])
    card = await api.wait_for(
        lambda: next((m for m in api.messages("C1", thread_ts=intro["ts"]) if "Scorecard" in str(m["text"])), None),
        timeout=10,
    )
    [posted] = [c["params"] for c in api.calls("chat.postMessage") if "Scorecard" in str(c["params"].get("text"))]
    shown = every_text(posted)
    assert "we key links by id because" in shown and "@ada" in shown  # quoted, readable
    assert not LIVE.search(shown), shown
    assert card["text"] == posted["text"]


async def test_echoes_of_typed_text_are_inert(slack: SlackRequests, app: App, api: FakeSlackApi) -> None:
    await slack.slash_command("/question", "<!channel>", channel_id="C1")
    await slack.slash_command("/prep", 'done "@channel <!here> <!subteam^S1|@eng> <@UADMIN|ada>"', channel_id="C1")
    await api.wait_for(lambda: len(api.answers()) + len(api.calls("chat.postEphemeral")) >= 2)
    answers = [every_text(r.get("body") or r.get("params") or {}) for r in api.answers()]
    answers += [every_text(c["params"]) for c in api.calls("chat.postEphemeral")]
    assert any("no question" in answer for answer in answers), answers
    assert any("Noted: @" in answer and "@ada" in answer for answer in answers), answers
    for answer in answers:
        assert not LIVE.search(answer), answer
