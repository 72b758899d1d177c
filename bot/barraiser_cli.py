"""`python -m bot barraiser`: run the bar raiser on a transcript file (prompt work, regression)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.config import load_settings
from bot.llm import LlmClient, LlmUnavailable
from bot.store import open_store
from handlers.barraiser.llm_engine import LlmEngine
from handlers.barraiser.models import BarRaiserRequest, Line, ProbeOut, Scorecard
from handlers.barraiser.rubric_engine import rubric_probes, rubric_scorecard
from question_bank import Level, Phase, load_bank

EXIT_USAGE = 2


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `barraiser` subcommand and its options to the CLI."""
    parser = commands.add_parser("barraiser", help="ask the bar raiser about a transcript file")
    parser.add_argument("--question", required=True, help="question id")
    parser.add_argument("--phase", required=True, choices=[phase.value for phase in Phase])
    parser.add_argument("--level", default="sde2", choices=[level.value for level in Level])
    parser.add_argument("--transcript", required=True, type=Path, help="one message per line: `speaker: text`")
    parser.add_argument("--engine", choices=["rubric", "llm"], default="rubric")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--scorecard", action="store_true", help="score instead of asking probes")


def read_transcript(path: Path) -> tuple[Line, ...]:
    """`speaker: text` lines; `# candidate: NAME` marks who the candidate is (default: all but `interviewer`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    candidate = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("# candidate:")), None)
    parsed = []
    for raw in lines:
        if not raw.strip() or raw.startswith("#") or ":" not in raw:
            continue
        speaker, text = (part.strip() for part in raw.split(":", 1))
        is_candidate = speaker == candidate if candidate else speaker.lower() != "interviewer"
        parsed.append(Line(speaker, text, is_candidate))
    return tuple(parsed)


async def _run(args: argparse.Namespace) -> int:
    question = load_bank().get(args.question)
    if question is None:
        print(f"practice-partner: no question '{args.question}'", file=sys.stderr)
        return EXIT_USAGE
    try:
        transcript = read_transcript(args.transcript)
    except OSError as error:
        print(f"practice-partner: cannot read {args.transcript}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    request = BarRaiserRequest(question, Phase(args.phase), Level(args.level), transcript)
    engine = "offline rubric"
    result: list[ProbeOut] | Scorecard | None
    if args.engine == "llm":
        settings = load_settings()
        if settings.llm.api_key is None:
            print("practice-partner: --engine llm needs OPENAI_API_KEY", file=sys.stderr)
            return EXIT_USAGE
        store = await open_store(None)
        llm = LlmEngine(LlmClient(settings.llm, SystemClock(), store))
        engine = llm.name
        try:
            result = await (llm.scorecard(request) if args.scorecard else llm.probes(request))
        except LlmUnavailable as error:
            print(f"practice-partner: the LLM {error.reason}", file=sys.stderr)
            return 1
        finally:
            await llm.client.close()
            await store.close()
    else:
        result = rubric_scorecard(request) if args.scorecard else rubric_probes(request)
    _print(result, engine, as_json=args.json)
    return 0


def _print(result: list[ProbeOut] | Scorecard | None, engine: str, *, as_json: bool) -> None:
    payload: dict[str, object]
    if isinstance(result, list):
        payload = {"engine": engine, "probes": [probe.model_dump() for probe in result]}
        text = "\n".join(f"{n}. {probe.text}  [{', '.join(probe.targets)}]" for n, probe in enumerate(result, 1))
    elif result is None:
        payload = {"engine": engine, "scorecard": None, "reason": "no candidate messages: nothing to score"}
        text = "No candidate messages: nothing to score."
    else:
        payload = {"engine": engine, "scorecard": result.model_dump()}
        text = "\n".join(
            [f"{score.phase}: {score.score}/4 · missing: {score.missing}" for score in result.phases]
            + [f"lean: {result.lean} ({result.lean_reason})", *(f"practise: {item}" for item in result.practise_next)]
        )
    print(json.dumps(payload) if as_json else text)


def run(args: argparse.Namespace) -> int:
    """Run the bar raiser on the transcript `args` name; return the process exit code."""
    return asyncio.run(_run(args))


__all__ = ["add_parser", "read_transcript", "run"]
