"""Diagrams and images in a mock thread on Slack, against the Web API stand-in."""

from __future__ import annotations

import pytest

from bot.chat import ImageUnavailable, IncomingMessage
from bot.platforms.images import download
from bot.platforms.slack_files import SLACK_FILE_HOSTS, file_hosts
from handlers.diagrams.images import OFFLINE
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

PNG = b"\x89PNG\r\n\x1a\n" + b"whiteboard" * 50


def thread_text(api: FakeSlackApi, ts: str) -> str:
    return "\n".join(str(m.get("text", "")) + str(m.get("blocks", "")) for m in api.messages("C1", thread_ts=ts))


async def start_mock(slack: SlackRequests, api: FakeSlackApi) -> str:
    await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
    [intro] = await api.wait_for(lambda: api.messages("C1"))
    return str(intro["ts"])


async def test_a_fenced_diagram_is_reviewed_in_the_thread(slack: SlackRequests, api: FakeSlackApi) -> None:
    ts = await start_mock(slack, api)
    diagram = "```mermaid\nflowchart LR\n  U[User] --&gt; S[Redirect service] --&gt; DB[(Links DB)]\n```"
    await slack.message(diagram, channel_id="C1", thread_ts=ts)  # Slack escapes > as &gt;
    await api.wait_for(lambda: "Single point of failure" in thread_text(api, ts))


async def test_an_uploaded_image_reaches_the_bot_with_a_token_bound_fetch(
    slack: SlackRequests, api: FakeSlackApi, heard: list[IncomingMessage]
) -> None:
    ts = await start_mock(slack, api)
    event = api.payloads.file_share("my whiteboard", [("board.png", PNG, "image/png")], channel_id="C1", thread_ts=ts)
    await slack.event(event)
    await api.wait_for(lambda: [m for m in heard if m.images])
    [image] = next(m for m in heard if m.images).images
    assert (image.filename, image.content_type, image.size) == ("board.png", "image/png", len(PNG))
    assert await image.fetch(10_000) == PNG
    with pytest.raises(ImageUnavailable, match="size limit"):
        await image.fetch(100)
    await api.wait_for(lambda: OFFLINE[:40] in thread_text(api, ts))


async def test_a_private_file_without_the_token_is_never_handed_over(api: FakeSlackApi) -> None:
    url = api.add_user_file("board.png", PNG, "image/png")["url_private_download"]
    hosts = file_hosts(api.base_url)
    with pytest.raises(ImageUnavailable, match="answered 302"):
        await download(url, 10_000, hosts=hosts)  # no token: Slack redirects to sign in
    with pytest.raises(ImageUnavailable, match="answered 302"):
        await download(url, 10_000, hosts=hosts, headers={"Authorization": "Bearer xoxb-wrong"})
    assert await download(url, 10_000, hosts=hosts, headers={"Authorization": f"Bearer {api.bot_token}"}) == PNG
    with pytest.raises(ImageUnavailable, match="own file host"):
        await download("https://evil.example.com/board.png", 10_000, hosts=SLACK_FILE_HOSTS)


async def test_slacks_untagged_code_block_is_read_as_a_diagram(slack: SlackRequests, api: FakeSlackApi) -> None:
    ts = await start_mock(slack, api)
    await slack.message(
        "```flowchart LR\nU[User] --&gt; S[Service] --&gt; DB[(Links DB)]```", channel_id="C1", thread_ts=ts
    )
    await api.wait_for(lambda: "Single point of failure" in thread_text(api, ts))
