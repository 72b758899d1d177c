"""What a mock says in chat (pure): status card, announcements, summary, interviewer guide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import accumulate

from bot.chat import ActionId, Button, ButtonStyle, Reply, ReplyField
from bot.text_split import truncate
from bot.user_text import defuse_mentions
from handlers.mock.plan import PHASES
from handlers.mock.session import Feedback, MockSession
from handlers.mock.timeline import Event, EventKind, clock_text, phase_bounds, progress_bar
from question_bank import Question

FEATURE = "mock"
EXTEND_BUTTON_MINUTES = 5
SCORED = [phase.label for phase in PHASES] + ["Leadership Principles"]
FEEDBACK_GIST_LENGTH = 90  # one line in /mock history; the "Full feedback" button shows the rest


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


def phase_heading(durations: Sequence[float], index: int) -> str:
    """`Phase 3/5 · High-level design · 13 min`: every phase announcement begins with this."""
    return f"Phase {index + 1}/{len(durations)} · {PHASES[index].label} · {_minutes(durations[index])}"


def resume_button(session: MockSession) -> Button:
    """A Resume button for `session`."""
    return Button("Resume", ActionId(FEATURE, "resume", session.id), ButtonStyle.PRIMARY)


def controls(session: MockSession) -> tuple[Button, ...]:
    """The control buttons that fit the mock's state (Pause or Resume, +5 min, Next, End)."""
    if session.over:
        return ()
    pause_or_resume = (
        resume_button(session)
        if session.paused_at is not None
        else Button("Pause", ActionId(FEATURE, "pause", session.id))
    )
    return (
        pause_or_resume,
        Button(f"+{EXTEND_BUTTON_MINUTES} min", ActionId(FEATURE, "extend", session.id)),
        Button("Next phase", ActionId(FEATURE, "next", session.id)),
        Button("End", ActionId(FEATURE, "end", session.id), ButtonStyle.DANGER),
    )


def status_card(session: MockSession, question: Question, now: datetime) -> Reply:
    """The live status: progress bar, phase, time left, and the controls."""
    elapsed = session.clockwork.elapsed(now)
    total = sum(session.durations)
    index = session.phase_index(now)
    if session.over:
        state = "Mock over"
    else:
        if index is None:  # time is up but the end is not said yet: "Mock over" comes with the summary
            index = len(session.durations) - 1
        _, phase_end = phase_bounds(session.durations)[index]
        paused = " · ⏸ paused" if session.paused_at is not None else ""
        state = (
            f"Phase {index + 1}/{len(session.durations)} · {PHASES[index].label}{paused}\n"
            f"{clock_text(phase_end - elapsed)} left in this phase · {clock_text(total - elapsed)} left in all"
        )
    fraction = 1.0 if session.over or not total else min(elapsed / total, 1.0)
    return Reply(
        title=f"Mock · {question.title}",
        text=f"`{progress_bar(fraction)}` {round(fraction * 100)}%\n{state}",
        fields=_people(session),
        buttons=controls(session),
        footer=f"session {session.id}",
    )


def _people(session: MockSession) -> tuple[ReplyField, ...]:
    fields = []
    if session.candidate is not None:
        fields.append(ReplyField("Candidate", session.candidate.mention, inline=True))
    if session.interviewer is not None:
        fields.append(ReplyField("Interviewer", session.interviewer.mention, inline=True))
    if session.level is not None:
        fields.append(ReplyField("Level", session.level.value.upper(), inline=True))
    return tuple(fields)


def announcement(session: MockSession, question: Question, event: Event, late_seconds: float) -> Reply:
    """What the thread is told when `event` happens (a phase starts, a warning, the end)."""
    late = f" · announced {_minutes(late_seconds)} late" if late_seconds > 60 else ""
    if event.kind is EventKind.START:
        brief = question.rubric[PHASES[event.phase_index]].brief
        # A phase cut short before its start was said is announced at the length it began with.
        began_with = session.durations
        if began_with != session.planned:
            began_with = [max(now, plan) for now, plan in zip(session.durations, session.planned, strict=True)]
        return Reply(text=f"{phase_heading(began_with, event.phase_index)}{late}\n{brief}")
    if event.kind is EventKind.WARNING:
        label = PHASES[event.phase_index].label
        return Reply(
            text=f"⏳ One minute left in phase {event.phase_index + 1}/{len(session.durations)} · {label}{late}"
        )
    return summary(session, question, late_seconds)


def summary(session: MockSession, question: Question, late_seconds: float = 0.0) -> Reply:
    """`Mock over`: the time each phase really took against the plan."""
    lines = []
    # Whole seconds from rounded boundaries, not rounded lengths: the lines add up to the time taken.
    ends = list(accumulate(session.durations))
    took = [round(end) - round(start) for start, end in zip([0.0, *ends[:-1]], ends, strict=True)]
    for index, phase in enumerate(PHASES):
        actual, planned = took[index], session.planned[index]
        difference = actual - planned
        sign = "+" if difference > 0 else "-"
        delta = f" ({sign}{clock_text(abs(difference))})" if abs(difference) >= 30 else ""
        lines.append(f"{phase.label}: {clock_text(actual)} of {clock_text(planned)}{delta}")
    late = f" · announced {_minutes(late_seconds)} late" if late_seconds > 60 else ""
    buttons: tuple[Button, ...] = ()
    if session.interviewer is not None and session.candidate is not None:
        buttons = (
            Button("Give feedback (interviewer)", ActionId(FEATURE, "feedback", session.id), ButtonStyle.PRIMARY),
        )
    return Reply(
        text=f"Mock over · {question.title}{late}\n" + "\n".join(lines),
        buttons=buttons,
        footer=f"session {session.id} · /mock history shows your past mocks",
    )


def interviewer_guide(question: Question, durations: Sequence[float]) -> Reply:
    """Sent privately to the interviewer: the rubric per phase, the worked estimate, the probes."""
    fields = [
        ReplyField(
            phase_heading(durations, index),
            question.rubric[phase].goal
            + "\n"
            + "\n".join(f"• {signal.description} — ask: {signal.probe}" for signal in question.rubric[phase].signals),
        )
        for index, phase in enumerate(PHASES)
    ]
    estimate = question.estimate
    fields.append(ReplyField("Worked estimate", "\n".join([*estimate.steps, f"→ {estimate.conclusion}"])))
    probes = [*question.deep_dive_probes, *question.failure_probes, *question.cost_probes]
    fields.append(ReplyField("Probes", "\n".join(f"• {probe.text}" for probe in probes)))
    fields.append(ReplyField("Leadership Principles", "\n".join(f"• {p.lp}: {p.question}" for p in question.lp_probes)))
    fields.append(
        ReplyField("SDE II vs SDE III", f"SDE II: {question.level_bar.sde2}\nSDE III: {question.level_bar.sde3}")
    )
    return Reply(
        title=f"Interviewer guide · {question.title}",
        text="Keep this to yourself. Ask, don't tell: probe what the candidate has not covered.",
        fields=tuple(fields),
        ephemeral=True,
    )


def feedback_text(feedback: Feedback) -> str:
    """The scores line by line, then what the interviewer wrote."""
    lines = [f"{name}: {score}/4" for name, score in zip(SCORED, feedback.scores, strict=True)]
    return "\n".join(lines + _feedback_notes(feedback))


def feedback_gist(feedback: Feedback, limit: int = FEEDBACK_GIST_LENGTH) -> str:
    """What the interviewer wrote, on one line and shortened (`…`); empty if they wrote nothing."""
    return truncate(" ".join(" · ".join(_feedback_notes(feedback)).split()), limit)


def _feedback_notes(feedback: Feedback) -> list[str]:
    """What the interviewer wrote, repeated inert: a mention in it notifies nobody."""
    notes = [f"Went well: {defuse_mentions(feedback.went_well)}"] if feedback.went_well else []
    return notes + ([f"Practise next: {defuse_mentions(feedback.practise_next)}"] if feedback.practise_next else [])


def history(sessions: list[MockSession], titles: dict[str, str], user_id: str) -> Reply:
    """Your past mocks: question, time taken, role, scores and a line of feedback, with Full feedback buttons."""
    if not sessions:
        return Reply(text="No mocks yet. Start one with /mock start.", ephemeral=True)
    lines = []
    buttons = []
    for session in sessions:
        role = "candidate" if session.candidate and session.candidate.id == user_id else "interviewer"
        title = titles.get(session.question_id, session.question_id)
        taken = clock_text(sum(session.durations))
        scores = ""
        if session.feedback is not None:
            scores = " · scores " + " ".join(str(score) for score in session.feedback.scores)
        state = "" if session.over else " · in progress"
        lines.append(f"{session.started_at:%Y-%m-%d} · {title} · {role} · {taken}{scores}{state}")
        if session.feedback is not None:
            gist = feedback_gist(session.feedback)
            lines += [f"  ↳ {gist}"] if gist else []
            label = f"Full feedback · {session.started_at:%Y-%m-%d} · {title}"
            buttons.append(Button(label, ActionId(FEATURE, "feedback-full", session.id)))
    return Reply(title="Your mocks", text="\n".join(lines), buttons=tuple(buttons), ephemeral=True)
