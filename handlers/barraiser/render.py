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


def probes_reply(probes: list[ProbeOut], engine: str, phase: Phase | None = None) -> Reply:
    """The probes as a reply in the mock thread, naming the engine that answered."""
    if not probes:
        return Reply(title="Bar raiser", text=nothing_missing(phase), footer=engine)
    lines = [f"{number}. {probe.text}" for number, probe in enumerate(probes, start=1)]
    return Reply(title="Bar raiser", text="\n".join(lines), footer=engine)


def nothing_missing(phase: Phase | None) -> str:
    """What the bar raiser says when what this phase and the earlier ones call for is all settled."""
    if phase is None:
        return "Nothing I would probe right now: what was said so far settles it."
    phases = list(Phase)
    later = phases[phases.index(phase) + 1 :]
    move_on = f"Move on to {later[0].label.lower()}" if later else "Wrap up, or ask for the scorecard"
    return (
        f"Nothing that {phase.label.lower()} calls for is missing from what I can read in this thread. "
        f"{move_on} - or name an area for a probe on it, e.g. `/barraiser failure`."
    )


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
