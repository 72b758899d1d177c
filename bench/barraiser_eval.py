"""How well the bar raiser aims, per engine, on the labelled transcripts in tests/data/transcripts/.

    python -m bench.barraiser_eval [--json]

recall: share of the areas a transcript misses that some probe targets (target >= 0.9).
covered: share of probes spent on areas the transcript already covers (target <= 0.1).
The LLM engine is measured when OPENAI_API_KEY (and OPENAI_BASE_URL, LLM_MODEL) are set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from bot.barraiser_cli import read_transcript
from bot.clock import SystemClock
from bot.config import load_settings
from bot.llm import LlmClient, LlmUnavailable
from bot.store import open_store
from handlers.barraiser.evaluation import Aim, Labelled, aim, covered_rate, recall
from handlers.barraiser.llm_engine import LlmEngine
from handlers.barraiser.models import BarRaiserRequest, ProbeOut
from handlers.barraiser.rubric_engine import rubric_probes
from question_bank import Area, Level, Phase, load_bank

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = sorted((ROOT / "tests" / "data" / "transcripts").glob("*.txt"))


def labelled(path: Path) -> tuple[dict[str, str], Labelled]:
    head = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ":" in line:
            key, value = line[2:].split(":", 1)
            head[key.strip()] = value.strip()

    def areas(key: str) -> frozenset[Area]:
        return frozenset(Area(name.strip()) for name in head.get(key, "").split(",") if name.strip())

    return head, Labelled(areas("covers"), areas("misses"))


async def measure(engine: str) -> dict[str, float]:
    bank = load_bank()
    llm = None
    if engine == "llm":
        settings = load_settings()
        llm = LlmEngine(LlmClient(settings.llm, SystemClock(), await open_store(None)))
    aims: list[Aim] = []
    failures = 0
    started = time.perf_counter()
    for path in TRANSCRIPTS:
        head, labels = labelled(path)
        question = bank.get(head["question"])
        assert question is not None, path
        request = BarRaiserRequest(question, Phase(head["phase"]), Level(head["level"]), read_transcript(path))
        probes: list[ProbeOut]
        if llm is None:
            probes = rubric_probes(request)
        else:
            try:
                probes = await llm.probes(request)
            except LlmUnavailable:
                failures += 1
                continue
        aims.append(aim(question, labels, probes))
    if llm is not None:
        await llm.client.close()
    return {
        "transcripts": len(aims),
        "recall": round(recall(aims), 3),
        "covered": round(covered_rate(aims), 3),
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {"rubric": asyncio.run(measure("rubric"))}
    if load_settings().llm.api_key is not None:
        results["llm"] = asyncio.run(measure("llm"))
    if args.json:
        print(json.dumps(results))
        return
    print(f"bar raiser aim on {len(TRANSCRIPTS)} labelled transcripts (recall target >= 0.9, covered <= 0.1)")
    for engine, figures in results.items():
        print(
            f"  {engine:7} recall {figures['recall']:.3f}  covered {figures['covered']:.3f}  "
            f"transcripts {figures['transcripts']}  failures {figures['failures']}  {figures['seconds']} s"
        )
    if "llm" not in results:
        print("  llm     not measured: set OPENAI_API_KEY (and OPENAI_BASE_URL, LLM_MODEL) to include it")


if __name__ == "__main__":
    main()
