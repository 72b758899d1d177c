"""`python -m bot` as its own process, against a local Slack Web API stand-in."""

from __future__ import annotations

import asyncio

from tests.bot_redis import BotRedis
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


def _oauth_env(api: FakeSlackApi, token_key: str, **extra: str) -> dict[str, str]:
    env = bot_env(api, **extra)
    del env["SLACK_BOT_TOKEN"]
    env.update(
        SLACK_CLIENT_ID=api.client_id,
        SLACK_CLIENT_SECRET=api.client_secret,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_TOKEN_KEY=token_key,
        HTTP_PORT=str(free_port()),
    )
    return env


async def test_python_m_bot_with_a_malformed_token_key_exits_2_with_one_line(api: FakeSlackApi) -> None:
    process = await start_bot(_oauth_env(api, "not-a-fernet-key"))
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert lines == [
        "practice-partner: configuration error: SLACK_TOKEN_KEY: not a Fernet key "
        "(32 url-safe base64-encoded bytes; comma-separated)"
    ]
    assert "not-a-fernet-key" not in stdout.decode() + stderr.decode()


async def test_python_m_bot_in_oauth_mode_serves_the_install_page_then_a_wrong_token_key_exits_2_with_one_line(
    api: FakeSlackApi, bot_redis: BotRedis
) -> None:
    import aiohttp
    import redis.asyncio as aioredis
    from cryptography.fernet import Fernet

    check = f"{bot_redis.prefix}:_:slack-install-key-check"
    first_key, other_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    client = aioredis.Redis.from_url(bot_redis.url)
    await client.delete(check)
    try:
        env = _oauth_env(api, first_key, **bot_redis.env())
        serving = await start_bot(env)
        try:
            for _ in range(600):  # until the first process has checked (and so written) its key
                if await client.exists(check):
                    break
                await asyncio.sleep(0.05)
            install_page = f"http://127.0.0.1:{env['HTTP_PORT']}/slack/install"
            async with aiohttp.ClientSession() as browser:
                for _ in range(300):
                    try:
                        async with browser.get(install_page) as page:
                            status, html = page.status, await page.text()
                        break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.05)
            assert status == 200
            assert "Add to Slack" in html
        finally:
            stdout_first, stderr_first = await stop(serving)
        process = await start_bot({**env, "SLACK_TOKEN_KEY": other_key})
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await client.delete(check)
        await client.aclose()
    assert serving.returncode == 0, stderr_first
    assert first_key not in stdout_first + stderr_first
    assert api.client_secret not in stdout_first + stderr_first
    assert process.returncode == 2
    assert stderr.decode().strip().splitlines()[-1] == (
        "practice-partner: SLACK_TOKEN_KEY does not decrypt the stored Slack installations (see 'Rotate the token key')"
    )
    assert "Traceback" not in stderr.decode()
    assert other_key not in stdout.decode() + stderr.decode()
