"""The interviewer's feedback after a mock: the form, asking again for scores alone, replacing, reading it all."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta

from pydantic import BaseModel

from bot.chat import ActionId, Button, ButtonStyle, Form, FormField, Reply, ReplyField
from bot.commands import CommandRegistry
from bot.context import CommandContext
from bot.errors import BadOption, NotAllowed, NotFound
from bot.store import Workspace
from handlers.mock.render import FEATURE, SCORED, feedback_text
from handlers.mock.service import MockService
from handlers.mock.session import Feedback, MockSession, Participant

# Long enough to come back after a meeting; the draft holds words nobody has shared yet.
DRAFT_TTL = timedelta(days=1)
SCORES_LABEL = "Scores 1-4: req est design dive trade-offs LP"  # a form label: 45 at most
SCORES_EXAMPLE = "3 2 4 3 3 2"
ENTER_SCORES = "Enter the scores"


class Draft(BaseModel):
    """What the interviewer wrote while the scores were not yet valid."""

    scores: str = ""
    went_well: str = ""
    practise_next: str = ""


def parse_scores(text: str) -> list[int]:
    """Six scores from 1 to 4 in the scored order; anything else is a `BadOption` that saves nothing."""
    parts = text.replace(",", " ").replace("/", " ").split()
    scores = [int(part) for part in parts if part.isdigit()]
    if len(parts) != len(SCORED) or len(scores) != len(SCORED) or any(not 1 <= s <= 4 for s in scores):
        raise BadOption(
            f"Scores are {len(SCORED)} numbers from 1 to 4, in this order: {', '.join(SCORED)}. "
            f"For example: {SCORES_EXAMPLE}."
        )
    return scores


def scores_field(default: str = "") -> FormField:
    """The scores field of the feedback forms, prefilled with `default`."""
    return FormField("scores", SCORES_LABEL, SCORES_EXAMPLE, max_length=40, default=default)


def feedback_form(session: MockSession, start: Draft | None = None) -> Form:
    """The whole form, pre-filled with a draft or the feedback given before (where the platform can)."""
    start = start or Draft()
    return Form(
        ActionId(FEATURE, "feedback", session.id),
        "Mock feedback",
        (
            scores_field(start.scores),
            FormField("went_well", "What went well", multiline=True, required=False, default=start.went_well),
            FormField(
                "practise_next", "What to practise next", multiline=True, required=False, default=start.practise_next
            ),
        ),
    )


def scores_form(session: MockSession, draft: Draft) -> Form:
    """Only the scores: the written feedback is kept aside meanwhile."""
    return Form(
        ActionId(FEATURE, "feedback-scores", session.id), "Mock feedback · scores", (scores_field(draft.scores),)
    )


def draft_of(feedback: Feedback | None) -> Draft | None:
    """The form's starting values from feedback already given, if any."""
    if feedback is None:
        return None
    scores = " ".join(str(score) for score in feedback.scores)
    return Draft(scores=scores, went_well=feedback.went_well, practise_next=feedback.practise_next)


class FeedbackDrafts:
    """Written feedback waiting for valid scores, one per mock (only its interviewer writes it)."""

    def __init__(self, context: CommandContext) -> None:
        self.redis = context.services.store.redis
        self.store = context.services.store

    def _key(self, session: MockSession) -> str:
        return self.store.key(session.scope, "mock-feedback-draft", session.id)

    async def load(self, session: MockSession) -> Draft | None:
        """What the interviewer wrote when the scores were refused, if still kept."""
        raw = await self.redis.get(self._key(session))
        return Draft.model_validate(json.loads(raw)) if raw else None

    async def keep(self, session: MockSession, draft: Draft) -> None:
        """Keep what was written for a day, so only the scores are asked again."""
        await self.redis.set(self._key(session), draft.model_dump_json(), ex=int(DRAFT_TTL.total_seconds()))

    async def drop(self, session: MockSession) -> None:
        """Forget the kept text once feedback is saved."""
        await self.redis.delete(self._key(session))


async def interviewers_mock(context: CommandContext, session_id: str) -> MockSession:
    """The mock of `session_id`, for its interviewer only (`NotAllowed` otherwise)."""
    service = MockService(context.services, context.chat)
    scope = Workspace(context.channel.platform.value, context.channel.workspace)
    session = await service.load(scope, session_id)
    if session.interviewer is None or context.user.id != session.interviewer.id:
        raise NotAllowed("Only the interviewer of this mock can give its feedback.")
    return session


def ask_again_for_scores(session: MockSession, problem: str, draft: Draft) -> Reply:
    """Bad scores: a button to a form with only the scores (a modal cannot open another modal)."""
    wrote = draft.went_well or draft.practise_next
    kept = "What you wrote is kept; only the scores are asked again." if wrote else "Nothing was saved yet."
    return Reply(
        text=f"{problem} {kept} Press “{ENTER_SCORES}” to give them.",
        buttons=(Button(ENTER_SCORES, ActionId(FEATURE, "feedback-scores", session.id), ButtonStyle.PRIMARY),),
        ephemeral=True,
    )


async def save(context: CommandContext, session: MockSession, scores: list[int], draft: Draft) -> None:
    """Store the feedback, post it in the mock's thread, and say so when it replaces earlier feedback."""
    service = MockService(context.services, context.chat)
    feedback = Feedback(
        by=Participant.of(context.user), scores=scores, went_well=draft.went_well, practise_next=draft.practise_next
    )
    earlier: Feedback | None = None

    def give(stored: MockSession) -> MockSession:
        nonlocal earlier
        earlier = stored.feedback  # read inside the atomic update, so two quick submits both see the truth
        return stored.model_copy(update={"feedback": feedback})

    if await service.sessions.update(session.scope, session.id, give) is None:
        raise NotFound(f"There is no mock '{session.id}' here.")
    await FeedbackDrafts(context).drop(session)
    title = "Updated feedback (replaces the earlier one)" if earlier else "Interviewer feedback"
    await context.chat.post(session.thread, Reply(title=title, text=feedback_text(feedback)))
    thanks = "Thanks, your feedback is saved."
    if earlier:
        thanks += " It replaces the feedback you gave before, in the thread and in /mock history."
    await context.respond(Reply(text=thanks, ephemeral=True))


async def take(context: CommandContext, session: MockSession, draft: Draft) -> None:
    """Save if the scores are valid; otherwise keep the draft and ask again for the scores only."""
    try:
        scores = parse_scores(draft.scores)
    except BadOption as problem:
        await FeedbackDrafts(context).keep(session, draft)
        await context.respond(ask_again_for_scores(session, problem.message, draft))
        return
    await save(context, session, scores, draft)


def register_feedback(registry: CommandRegistry) -> None:
    """Register the feedback button, forms and the Full feedback button."""

    @registry.action(FEATURE, "feedback")
    async def open_feedback(context: CommandContext, session_id: str) -> None:
        session = await interviewers_mock(context, session_id)
        draft = await FeedbackDrafts(context).load(session)
        await context.open_form(feedback_form(session, draft or draft_of(session.feedback)))

    @registry.form(FEATURE, "feedback")
    async def submit_feedback(context: CommandContext, session_id: str, values: Mapping[str, str]) -> None:
        session = await interviewers_mock(context, session_id)
        draft = Draft(
            scores=values.get("scores", "").strip(),
            went_well=values.get("went_well", "").strip(),
            practise_next=values.get("practise_next", "").strip(),
        )
        await take(context, session, draft)

    @registry.action(FEATURE, "feedback-scores")
    async def open_scores(context: CommandContext, session_id: str) -> None:
        session = await interviewers_mock(context, session_id)
        draft = await FeedbackDrafts(context).load(session)
        if draft is None:  # the draft expired or was saved meanwhile: the whole form, as it stands
            await context.open_form(feedback_form(session, draft_of(session.feedback)))
            return
        await context.open_form(scores_form(session, draft))

    @registry.form(FEATURE, "feedback-scores")
    async def submit_scores(context: CommandContext, session_id: str, values: Mapping[str, str]) -> None:
        session = await interviewers_mock(context, session_id)
        draft = await FeedbackDrafts(context).load(session)
        if draft is None:
            raise NotFound(
                "Your written feedback is no longer kept (drafts last a day, and a saved one is gone). "
                "Press Give feedback under the mock's summary to write it again."
            )
        await take(context, session, draft.model_copy(update={"scores": values.get("scores", "").strip()}))

    @registry.action(FEATURE, "feedback-full")
    async def read_feedback(context: CommandContext, session_id: str) -> None:
        service = MockService(context.services, context.chat)
        scope = Workspace(context.channel.platform.value, context.channel.workspace)
        session = await service.load(scope, session_id)
        if context.user.id not in {p.id for p in (session.candidate, session.interviewer) if p is not None}:
            raise NotAllowed("Only the candidate and the interviewer of this mock can read its feedback.")
        if session.feedback is None:
            raise NotFound("This mock has no feedback yet.")
        title = context.services.bank.get(session.question_id)
        name = title.title if title is not None else session.question_id
        await context.respond(
            Reply(
                title=f"Feedback · {name} · {session.started_at:%Y-%m-%d}",
                text=feedback_text(session.feedback),
                fields=(ReplyField("Interviewer", session.feedback.by.mention, inline=True),),
                footer=f"session {session.id}",
                ephemeral=True,
            )
        )
