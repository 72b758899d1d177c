"""`python -m bot` as its own process, against a local Slack Web API stand-in."""

from __future__ import annotations

import asyncio

from tests.e2e.slack.support import SIGNING_SECRET, bot_env, free_port
from tests.e2e.support import start_bot, stop
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def test_python_m_bot_starts_socket_mode_with_both_tokens(api: FakeSlackApi) -> None:
    process = await start_bot(bot_env(api, SLACK_APP_TOKEN=api.app_token))
    try:
        await api.wait_for(lambda: api.socket_connected, timeout=30)
        envelope = await api.socket_send_slash_command("/question", "url-shortener", channel_id="C1", user_id="U1")
        await api.wait_for_ack(envelope, timeout=10)
        await api.wait_for(lambda: api.messages("C1"), timeout=10)
    finally:
        stdout, stderr = await stop(process)
    assert process.returncode == 0, stderr
    assert api.bot_token not in stdout + stderr
    assert api.app_token not in stdout + stderr


async def test_python_m_bot_serves_slack_events_over_http(api: FakeSlackApi) -> None:
    port = free_port()
    env = bot_env(api, SLACK_MODE="http", SLACK_SIGNING_SECRET=SIGNING_SECRET, HTTP_PORT=str(port))
    process = await start_bot(env)
    sender = SlackRequests(app_url=f"http://127.0.0.1:{port}/slack/events", signing_secret=SIGNING_SECRET, api=api)
    try:
        for _ in range(300):
            try:
                status, _ = await sender.slash_command("/question", "url-shortener", channel_id="C1")
                break
            except OSError:
                await asyncio.sleep(0.1)
        assert status == 200
        await api.wait_for(lambda: api.messages("C1"), timeout=10)
    finally:
        stdout, stderr = await stop(process)
    assert process.returncode == 0, stderr
    assert SIGNING_SECRET not in stdout + stderr


async def test_python_m_bot_with_a_wrong_token_exits_2_with_one_line(api: FakeSlackApi) -> None:
    env = bot_env(api, SLACK_APP_TOKEN=api.app_token)
    env["SLACK_BOT_TOKEN"] = "xoxb-wrong"
    process = await start_bot(env)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert (
        stderr.decode().strip().splitlines()[-1] == "practice-partner: Slack rejected the bot token (SLACK_BOT_TOKEN)"
    )
    assert "Traceback" not in stderr.decode()
    assert "xoxb-wrong" not in stdout.decode() + stderr.decode()
