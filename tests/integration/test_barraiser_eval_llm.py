"""The evaluation measures the AI bar raiser the same way, here behind the local OpenAI stand-in."""

from __future__ import annotations

from pydantic import SecretStr

from bench.barraiser_eval import Engine, Tally, _measure_case, cases
from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import Store
from handlers.barraiser.llm_engine import LlmEngine
from question_bank import QuestionBank
from tests.fakes.openai_server import FakeOpenAI

ON_SCALE = {"probes": [{"text": "How many users and requests a day should this handle at peak?", "targets": ["scale"]}]}


async def test_ai_probes_are_judged_from_their_text(store: Store, clock: FakeClock, bank: QuestionBank) -> None:
    async with FakeOpenAI(api_key="sk-test") as server:
        server.reply_with(ON_SCALE)
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=server.base_url)
        engine = Engine("llm")
        engine.llm = LlmEngine(LlmClient(settings, clock, store))
        case = next(case for case in cases("tune") if not case.head.get("lean") and "scale" in case.areas("misses"))
        tally = Tally()
        await _measure_case(engine, bank, case, tally, show=False)
        await engine.close()
        sent = server.last_request
    assert tally.cases == 1 and tally.probes >= 1
    assert tally.hit_all >= 1  # the judge read "scale" from the AI's text, whatever its targets say
    assert sent is not None and "ANALYSIS" in sent.user
