"""Choose questions (pure): filter the bank and prefer what someone has not seen yet."""

from __future__ import annotations

import difflib
import random
from collections.abc import Collection, Sequence

from bot.errors import BadOption, NotFound
from bot.user_text import quote_input
from question_bank import Level, Question, QuestionBank


def filter_questions(bank: QuestionBank, level: Level | None, tag: str | None) -> list[Question]:
    """The bank filtered by level and tag; a tag nobody uses is a user error."""
    if tag is not None and tag.lower() not in bank.tags:
        raise BadOption(f"No question is tagged '{quote_input(tag)}'. Tags: {', '.join(bank.tags)}.")
    matching = bank.filter(level=level, tag=tag.lower() if tag else None)
    if not matching:
        wanted = " and ".join(part for part in (level and level.value, tag and f"tag '{quote_input(tag)}'") if part)
        raise NotFound(f"No question matches {wanted}. Try /questions to see the bank.")
    return matching


def find_question(bank: QuestionBank, question_id: str) -> Question:
    """The question with that id; a `NotFound` suggesting a close id otherwise."""
    question = bank.get(question_id)
    if question is not None:
        return question
    close = difflib.get_close_matches(question_id.lower(), bank.ids, n=1, cutoff=0.6)
    suggestion = f" Did you mean {close[0]}?" if close else ""
    raise NotFound(f"Sorry, no question '{quote_input(question_id)}' - try /questions to list them.{suggestion}")


def pick_unseen(candidates: Sequence[Question], seen_ids: Collection[str], rng: random.Random) -> Question:
    """A random candidate not in `seen_ids`; once all are seen, any candidate."""
    if not candidates:
        raise ValueError("no candidates to pick from")
    unseen = [question for question in candidates if question.id not in seen_ids]
    return rng.choice(unseen or list(candidates))


def question_suggestions(bank: QuestionBank, typed: str, limit: int = 25) -> list[tuple[str, str]]:
    """(label, id) pairs whose id or title contains what was typed, ids starting with it first."""
    needle = typed.strip().lower()
    matches = [q for q in bank if needle in q.id or needle in q.title.lower()]
    matches.sort(key=lambda q: (not q.id.startswith(needle), q.id))
    return [(f"{q.id} · {q.title}"[:100], q.id) for q in matches[:limit]]
