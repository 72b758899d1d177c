"""The bar raiser in chat (pure): probes and scorecards as replies."""

from __future__ import annotations

from bot.charts.mock import ScoreBars
from bot.chat import Reply, ReplyField
from handlers.barraiser.models import ProbeOut, Scorecard
from question_bank import Level, Phase, Question

NO_TRANSCRIPT = (
    "No transcript yet, so no score: the scorecard only scores what the candidate wrote in this thread. "
    "Discuss the design here first."
)


def probes_reply(probes: list[ProbeOut], engine: str) -> Reply:
    """The probes as a reply in the mock thread, naming the engine that answered."""
    lines = [f"{number}. {probe.text}" for number, probe in enumerate(probes, start=1)]
    return Reply(title="Bar raiser", text="\n".join(lines), footer=engine)


def _label(phase: str) -> str:
    return "Leadership Principles" if phase == "leadership" else Phase(phase).label


def scorecard_bars(scorecard: Scorecard, level: Level) -> ScoreBars:
    """What the scorecard chart draws: each phase's score, and the bar of the level it was scored against."""
    labels = tuple(_label(score.phase) for score in scorecard.phases)
    return ScoreBars(labels, tuple(score.score for score in scorecard.phases), level.label)


def scorecard_reply(scorecard: Scorecard, question: Question, level: Level, engine: str) -> Reply:
    """The scorecard as a reply: scores per phase with evidence, the lean, and what to practise."""
    fields = [
        ReplyField(
            f"{_label(score.phase)} · {score.score}/4",
            "\n".join([*(f"Evidence: {quote}" for quote in score.evidence), f"Missing: {score.missing}"]),
        )
        for score in scorecard.phases
    ]
    fields.append(ReplyField(f"Overall · {scorecard.lean}", scorecard.lean_reason))
    fields.append(ReplyField("Practise next", "\n".join(f"• {item}" for item in scorecard.practise_next)))
    return Reply(
        title=f"Scorecard · {question.title} · {level.label} bar",
        text="Scored only on what was said in this thread.",
        fields=tuple(fields),
        footer=engine,
    )
