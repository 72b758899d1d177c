"""Operating a real bot process: health, readiness and metrics over HTTP; how it stops."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_health_readiness_and_metrics_are_served_next_to_the_console() -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "REDIS_URL"))}
    env["HTTP_PORT"] = str(port)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "console", cwd=REPO, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(b"/help\n/question nope\n")
    await process.stdin.drain()
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as alive:
                        assert alive.status == 200
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            async with http.get(f"http://127.0.0.1:{port}/readyz") as ready:
                assert ready.status == 200
                assert (await ready.json())["checks"] == {"redis": True}
            for _ in range(100):
                async with http.get(f"http://127.0.0.1:{port}/metrics") as metrics:
                    text = await metrics.text()
                if 'pp_commands_total{command="/question",outcome="user_error"} 1.0' in text:
                    break
                await asyncio.sleep(0.05)
            assert 'pp_commands_total{command="/help",outcome="ok"} 1.0' in text
            assert 'pp_commands_total{command="/question",outcome="user_error"} 1.0' in text
    finally:
        process.stdin.close()
        await asyncio.wait_for(process.wait(), 30)
    assert process.returncode == 0


async def console_until(lines: bytes, seen: bytes, *args: str) -> asyncio.subprocess.Process:
    """`python -m bot console *args`, given `lines`, once it has printed a line containing `seen`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "REDIS_URL"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "console", *args, cwd=REPO, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(lines)
    await process.stdin.drain()
    while seen not in await asyncio.wait_for(process.stdout.readline(), 30):
        pass
    return process


async def test_sigterm_stops_the_console_gracefully_with_exit_0() -> None:
    process = await console_until(b"/mock start url-shortener\n", b"Phase 1/5", "--speed", "600")
    process.terminate()
    await asyncio.wait_for(process.communicate(), 30)  # keep reading, or a full pipe blocks the bot
    assert process.returncode == 0


async def test_sigterm_during_a_long_wait_stops_the_console_at_once() -> None:
    # A `/wait` runs at the clock's real speed: a stop must not wait for its 8 minutes.
    process = await console_until(b"/wait 8m\n/help\n", b"waiting 8m")
    process.terminate()
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert b"it is now" not in stdout and b"Commands" not in stdout  # the wait was cut short, no line after it ran
    assert b"Traceback" not in stderr


def test_a_reader_that_goes_away_ends_the_console_without_a_traceback() -> None:
    # `python -m bot console | head -3`: the console's output pipe closes under it.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "REDIS_URL"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"], cwd=REPO, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"-- practice-partner console")
    process.stdout.close()
    process.stdin.write(b"/help\n" * 20)
    process.stdin.close()
    assert process.wait(30) == 1
    assert b"Traceback" not in process.stderr.read()
