"""When the interviewer answers (pure): after a pause in a burst, or at once for a direct question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers.interviewer.state import Heard

PAUSE = timedelta(seconds=20)  # people write in bursts: wait this long after the last line
SILENCE = timedelta(minutes=3)  # high-level design: a nudge after this long without a word
NUDGES = 2  # at most this many silence nudges a mock


def direct_question(text: str) -> bool:
    """A line that asks the interviewer something and waits for the answer."""
    return text.rstrip().endswith("?")


def answer_at(pending: Sequence[Heard]) -> datetime | None:
    """When the pending burst is due an answer: its last line's time if that line is a question,
    else a pause after it; None when nothing is pending."""
    if not pending:
        return None
    last = pending[-1]
    return last.at if direct_question(last.text) else last.at + PAUSE


def ready(pending: Sequence[Heard], now: datetime) -> bool:
    """True when the burst is due an answer at `now`."""
    due = answer_at(pending)
    return due is not None and due <= now
