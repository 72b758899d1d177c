"""The console shuts down quietly when its input ends while an AI call is still in flight."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.fakes.openai_server import Delay, FakeOpenAI, Reply

REPO = Path(__file__).resolve().parents[2]
PROBE = {"probes": [{"text": "What breaks first at ten times the load?", "targets": ["general"]}]}


async def test_input_ending_during_an_ai_call_exits_0_without_a_traceback() -> None:
    async with FakeOpenAI(api_key="sk-test") as llm:
        for _ in range(12):  # the poller runs later turns while one waits on the AI: each may call it
            llm.queue(Delay(60, then=Reply(PROBE)))  # longer than the shutdown grace: still running at exit
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
        env.pop("REDIS_URL", None)
        env.update(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=llm.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "console", "--speed", "2000", cwd=REPO, env=env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stdin is not None
        # barraiser:on interjects early in the deep dive (about 27 minutes in): an AI call from the poller.
        process.stdin.write(b"/mock start url-shortener barraiser:on\nwe need shorten and redirect\n/wait 30m\n")
        await process.stdin.drain()
        await llm.wait_for_requests(1, within=30)  # the AI call is in flight...
        process.stdin.close()  # ...when the input ends
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    assert "it is now" in stdout.decode()
    assert "Traceback" not in stderr.decode()
    assert "CancelledError" not in stderr.decode()
