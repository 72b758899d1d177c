"""`python -m bot` as its own process, against a local Discord stand-in."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from tests.e2e.discord.support import REPO, bot_process_env
from tests.e2e.support import start_bot, stop
from tests.fakes.discord_server import FakeDiscord


async def test_python_m_bot_with_a_wrong_token_exits_2_with_one_line(fake: FakeDiscord) -> None:
    process = await start_bot(bot_process_env(fake, "wrong-token"))
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert lines[-1] == "practice-partner: Discord rejected the token (DISCORD_TOKEN)"
    assert "Traceback" not in stderr.decode()
    assert "wrong-token" not in stderr.decode() + stdout.decode()


async def test_python_m_bot_with_a_token_serves_discord_and_stops_on_sigterm(fake: FakeDiscord) -> None:
    process = await start_bot(bot_process_env(fake, fake.token))
    try:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for(lambda: fake.commands(), timeout=30, what="commands synced")
        response = await fake.wait_for_response(await fake.slash_command("question", {"id": "url-shortener"}))
        assert response.embeds[0]["footer"]["text"] == "id: url-shortener"
    finally:
        stdout, stderr = await stop(process)
    assert process.returncode == 0, stderr
    assert fake.token not in stderr + stdout
    assert "practice-partner console" not in stdout  # the console only opens when asked


def test_discord_invite_prints_the_link_for_the_token() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env["DISCORD_TOKEN"] = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-part"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "discord-invite"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678")
    assert "secret-part" not in result.stdout + result.stderr


async def test_the_console_runs_next_to_discord_only_when_asked(fake: FakeDiscord) -> None:
    process = await start_bot(bot_process_env(fake, fake.token), "--console", stdin=subprocess.PIPE)
    await fake.wait_until_ready(timeout=30)
    stdout, stderr = await asyncio.wait_for(process.communicate(b"/question url-shortener\n"), 30)
    assert process.returncode == 0, stderr.decode()
    assert "(id: url-shortener)" in stdout.decode()


async def test_json_logs_carry_context_and_never_a_secret(fake: FakeDiscord) -> None:
    env = bot_process_env(fake, fake.token)
    env.update(
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
        OPENAI_API_KEY="sk-never-log-this-key",
        SLACK_SIGNING_SECRET="signing-secret-never-logged",
    )
    process = await start_bot(env)
    try:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for(lambda: fake.commands(), timeout=30, what="commands synced")
        await fake.wait_for_response(await fake.slash_command("question", {"id": "nope"}))
        await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    finally:
        stdout, logs = await stop(process)
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert lines, logs[:2000]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    for secret in (fake.token, "sk-never-log-this-key", "signing-secret-never-logged"):
        assert secret not in logs + stdout
    refused = [line for line in lines if line["message"].startswith("/question: refused")]
    assert refused and refused[0]["platform"] == "discord"
    assert refused[0]["workspace"] == str(fake.guild_id)
    assert refused[0]["command"] == "/question"
