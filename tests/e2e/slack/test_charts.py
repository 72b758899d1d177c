"""Charts on Slack: uploaded with the external upload flow, alt text set, never shown to the wrong people."""

from __future__ import annotations

from bot.app import App
from bot.chat import ChannelRef, Image, Platform, Reply, ThreadRef
from bot.platforms.slack_chat import CHART_IN_DM
from tests.e2e.slack.support import texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


async def test_a_private_chart_goes_to_the_users_dm_and_the_ephemeral_reply_says_so(
    slack: SlackRequests, app: App, api: FakeSlackApi
) -> None:
    await slack.slash_command("/pp-star", "list", channel_id="C1")
    [told] = await api.wait_for(lambda: api.response_posts())
    assert told["response_type"] == "ephemeral"
    assert CHART_IN_DM in texts(told["blocks"])
    [upload] = await api.wait_for(lambda: api.uploaded_files())
    [share] = upload["shares"]
    assert share["channel"].startswith("D")  # the DM with the bot, not the channel
    assert upload["name"] == "star-coverage.png" and upload["data"].startswith(PNG[:8])
    assert upload["alt_txt"].startswith("Two charts. Stories per Leadership Principle")
    assert api.uploaded_files("C1") == []


async def test_a_chart_posted_in_a_thread_is_shared_into_that_thread(
    slack: SlackRequests, app: App, api: FakeSlackApi
) -> None:
    chat = app.services.chats["slack"]
    channel = ChannelRef(Platform.SLACK, api.team_id, "C1", "general")
    parent = await chat.post(channel, Reply(text="Mock starting"))
    thread = ThreadRef(channel, parent.id, "Mock")
    await chat.post(thread, Reply(text="Mock over", image=Image(PNG, "mock-timeline.png", "Timeline in words")))
    [upload] = api.uploaded_files("C1")
    assert upload["shares"] == [{"channel": "C1", "ts": upload["shares"][0]["ts"], "thread_ts": parent.id}]
    assert upload["alt_txt"] == "Timeline in words"
    [summary, chart] = api.messages("C1", thread_ts=parent.id)
    assert summary["text"].startswith("Mock over") and chart["files"][0]["name"] == "mock-timeline.png"


async def test_a_refused_upload_leaves_the_text_posted(slack: SlackRequests, app: App, api: FakeSlackApi) -> None:
    api.fail_next("files.completeUploadExternal", "not_in_channel")
    chat = app.services.chats["slack"]
    channel = ChannelRef(Platform.SLACK, api.team_id, "C1", "general")
    await chat.post(channel, Reply(text="This channel's stats", image=Image(PNG, "channel-stats.png", "In words")))
    assert [m["text"] for m in api.messages("C1")] == ["This channel's stats"]
    assert api.uploaded_files() == []
