"""How fast the AI interviewer answers: offline replies, and the placeholder in front of a slow LLM.

    python -m bench.interviewer [--json]

offline: every candidate line of the hand-labelled transcripts (tests/data/eval/transcripts) answered as
a burst in its phase by the offline interviewer, plus every phase's opening; p50/p99 ms of one reply,
wall and CPU (target p99 < 300 ms).
placeholder: a mock on the real dispatcher and deadline queue whose LLM is a local OpenAI-compatible
stand-in that answers in 2 s; real time from the turn falling due until the placeholder is posted
(target < 1 s) and until the answer replaces it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from pydantic import SecretStr

from bench.barraiser_eval import cases
from bot.app import build_app
from bot.clock import FakeClock
from bot.config import LlmSettings, load_settings
from bot.llm import LlmClient
from bot.store import open_store
from handlers.interviewer.offline import Turn, offline_reply
from handlers.interviewer.openings import phase_opening
from handlers.interviewer.service import PLACEHOLDER
from handlers.interviewer.state import InterviewState
from question_bank import Phase, load_bank
from tests.fakes.openai_server import Delay, FakeOpenAI, Reply
from tests.integration.mock_harness import MockHarness

LLM_SECONDS = 2.0
RUNS = 5


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2) if ordered else 0.0


def offline_figures() -> dict[str, float]:
    """Every candidate line of the labelled transcripts answered in its phase, and every opening."""
    bank = load_bank()
    wall: list[float] = []
    cpu: list[float] = []
    for split in ("tune", "heldout"):
        for case in cases(split):
            question = bank.get(case.head["question"])
            assert question is not None
            phase = Phase(case.head["phase"])
            said: list[str] = []
            state = InterviewState(session_id=case.name)
            for line in (line for line in case.lines if line.is_candidate):
                said.append(line.text)
                started, started_cpu = time.perf_counter(), time.process_time()
                answer = offline_reply(Turn(question, phase, (line.text,), tuple(said), state))
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                state = answer.state
            started, started_cpu = time.perf_counter(), time.process_time()
            phase_opening(question, phase, said, state)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return {
        "replies": len(wall),
        "p50_ms": _percentile(wall, 0.5),
        "p99_ms": _percentile(wall, 0.99),
        "p99_cpu_ms": _percentile(cpu, 0.99),
    }


async def _one_slow_turn(server: FakeOpenAI) -> tuple[float, float]:
    clock = FakeClock()
    store = await open_store(None)
    try:
        app = await build_app(load_settings(env_file=None), clock, store=store, bank=load_bank(), rng=random.Random(1))
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-bench"), OPENAI_BASE_URL=server.base_url)  # type: ignore[call-arg]
        app.services.llm = LlmClient(settings, clock, store, max_retries=0)
        mock = MockHarness(app, clock)
        server.reply_with(Reply({"reply": "I'm here."}))
        await mock.run("/mock start url-shortener")
        await mock.wait(1, step=1)  # the opening, answered at once
        server.reply_with(Delay(LLM_SECONDS, Reply({"reply": "About 100M a month. What else?"})))
        await mock.say("how many links a month?")
        sent_before = len(mock.chat.sent)
        started = time.perf_counter()
        placeholder_at: float | None = None

        async def watch() -> None:
            nonlocal placeholder_at
            while placeholder_at is None:
                if any(s.reply and s.reply.text == PLACEHOLDER for s in mock.chat.sent[sent_before:]):
                    placeholder_at = time.perf_counter() - started
                await asyncio.sleep(0.005)

        watcher = asyncio.ensure_future(watch())
        await mock.queue.run_due()  # the turn is due at once: the LLM takes 2 s
        answered_at = time.perf_counter() - started
        watcher.cancel()
        return placeholder_at if placeholder_at is not None else answered_at, answered_at
    finally:
        await store.close()


async def placeholder_figures() -> dict[str, float]:
    """Real time to the placeholder and to the answer, over a few runs."""
    shown: list[float] = []
    answered: list[float] = []
    async with FakeOpenAI(api_key="sk-bench") as server:
        for _ in range(RUNS):
            first, last = await _one_slow_turn(server)
            shown.append(first)
            answered.append(last)
    return {
        "llm_seconds": LLM_SECONDS,
        "runs": RUNS,
        "placeholder_max_ms": round(1000 * max(shown), 1),
        "answer_max_ms": round(1000 * max(answered), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = {"offline": offline_figures(), "placeholder": asyncio.run(placeholder_figures())}
    figures["targets"] = {"offline_p99_ms": "< 300", "placeholder_max_ms": "< 1000"}
    if args.json:
        print(json.dumps(figures))
        return
    for name, values in figures.items():
        print(f"{name:12} {json.dumps(values)}")


if __name__ == "__main__":
    main()
