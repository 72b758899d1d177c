"""Dropping daily questions: on schedule (a deadline per channel), now, skipped, or missed."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from bot import metrics
from bot.chat import ChannelRef, ChatPort, IncomingMessage, Reply, ReplyField, ThreadRef
from bot.context import Services
from bot.deadlines import Deadline, DeadlinePayload, IsoTime
from handlers import channel_counts, progress, transcripts
from handlers.barraiser.models import BarRaiserRequest, Line
from handlers.barraiser.service import BarRaiser
from handlers.daily.schedule import local_date, next_drop
from handlers.daily.state import DailyConfig, DailyStore, Drop, Streak, next_question, next_streak
from handlers.question_cards import question_card
from handlers.question_picking import filter_questions
from question_bank import Level, Phase, Question

log = logging.getLogger(__name__)

POSTED_MEMORY_SECONDS = 3 * 86_400


class DailyDue(DeadlinePayload):
    """A channel's next drop, under the config version it was scheduled with."""

    KIND: ClassVar[str] = "daily"
    workspace: str = Field(alias="ws")
    channel_id: str = Field(alias="ch")
    version: int = Field(alias="v")
    due: IsoTime


def drop_title(when: datetime) -> str:
    """The title of the drop posted at `when` (local), e.g. `Daily question · Monday 2 March 2026`."""
    return f"Daily question · {when:%A} {when.day} {when:%B %Y}"


def reveal(question: Question) -> Reply:
    """Yesterday's answer key: key topics, the worked estimate, the trade-off that matters."""
    estimate = question.estimate
    return Reply(
        title=f"Reveal · {question.title}",
        text="\n".join(f"• {topic}" for topic in question.key_topics),
        fields=(
            ReplyField("Worked estimate", "\n".join([*estimate.steps, f"→ {estimate.conclusion}"])),
            ReplyField("The trade-off that matters", question.key_trade_off),
        ),
    )


class DailyService:
    """A channel's daily drops on one platform: scheduling, posting, and answers in their threads."""

    def __init__(self, services: Services, chat: ChatPort) -> None:
        self.services = services
        self.chat = chat
        self.daily = DailyStore(services.store)
        self.queue = services.queue_for(chat.platform.value)

    async def next_due(self, config: DailyConfig, after: datetime) -> tuple[datetime, bool]:
        """The next drop that will really post, and whether a day was passed over because it had its drop.

        A channel gets one question a day: after a new time is set, a day that already had its
        drop is not promised another.
        """
        due = next_drop(after, config.at, config.zone, config.days)
        passed_over = False
        redis = self.services.store.redis
        while await redis.exists(self.daily.posted_key(config.channel, local_date(due, config.zone))):
            due, passed_over = next_drop(due, config.at, config.zone, config.days), True
        return due, passed_over

    async def schedule(self, config: DailyConfig, after: datetime) -> datetime:
        """Queue the channel's next drop after `after` (never a day already posted); return when it is due."""
        due, _ = await self.next_due(config, after)
        payload = DailyDue(workspace=config.workspace, channel_id=config.channel_id, version=config.version, due=due)
        await self.queue.schedule(payload, due)
        return due

    async def on_deadline(self, deadline: Deadline[DailyDue], now: datetime) -> None:
        """Post the drop once (not if skipped or missed), queue the next; a deadline of an older setup does nothing."""
        channel = ChannelRef(self.chat.platform, deadline.payload.workspace, deadline.payload.channel_id)
        config = await self.daily.config(channel)
        if config is None or config.version != deadline.payload.version:
            return  # turned off or set up anew since
        due = deadline.payload.due
        late = now - due
        if late > self.services.daily_grace:
            metrics.DAILY_DROPS.labels("missed").inc()
            log.warning("daily drop for %s on %s missed by %s; skipped", channel.id, local_date(due, config.zone), late)
        elif config.skip_next:
            metrics.DAILY_DROPS.labels("skipped").inc()
            await self.daily.save_config(config.model_copy(update={"skip_next": False}))
        elif await self.services.store.claim_once(
            self.daily.posted_key(channel, local_date(due, config.zone)), POSTED_MEMORY_SECONDS
        ):
            await self.drop(config, due)
        await self.schedule(config, max(due, now))

    async def drop(self, config: DailyConfig, when: datetime) -> Drop:
        """Post the question card, open its thread, and reveal the previous drop's answer key."""
        history = await self.daily.history(config.channel)
        bank = self.services.bank
        if history.last is not None:
            previous = bank.get(history.last.question_id)
            if previous is not None:
                await self.chat.post(history.last.thread(config.channel), reveal(previous))
        candidates = [question.id for question in filter_questions(bank, config.level, config.tag)]
        question_id, used = next_question(candidates, history.used, self.services.rng)
        question = bank.get(question_id)
        assert question is not None
        card = replace(
            question_card(question),
            title=drop_title(when.astimezone(config.zone)),
            text=f"**{question.title}**\n{question.prompt}\nAnswer in the thread: you get one follow-up.",
            ping=config.mention,
        )
        message = await self.chat.post(config.channel, card)
        today = local_date(when, config.zone)
        thread = await self.chat.open_thread(message, f"Daily · {today.isoformat()} · {question.title}"[:100])
        drop = Drop(
            local_date=today,
            question_id=question_id,
            thread_id=thread.id,
            thread_name=thread.name,
            previous_date=history.last.local_date if history.last else None,
        )
        await self.daily.remember_thread(thread, drop)
        await channel_counts.count(self.services.store, config.channel, "drops", when)
        await transcripts.track_thread(self.services.store, thread, "daily")
        await self.daily.save_history(config.channel, history.model_copy(update={"used": used, "last": drop}))
        metrics.DAILY_DROPS.labels("posted").inc()
        return drop

    async def on_answer(self, message: IncomingMessage) -> None:
        """Streaks, and one bar-raiser probe for each person's first answer."""
        thread = message.message.place
        if not isinstance(thread, ThreadRef):
            return
        found = await self.daily.drop_of_thread(thread)
        if found is None:
            return
        channel, drop = found
        config = await self.daily.config(channel)
        zone = config.zone if config else None
        answered_on = local_date(self.services.clock.now(), zone) if zone else drop.local_date
        if answered_on == drop.local_date:
            streaks = await self.daily.streaks(channel)
            current = streaks.get(message.author.id)
            updated = next_streak(current or Streak(), drop, message.author.display)
            if current is None or updated != current:
                await self.daily.save_streak(channel, message.author.id, updated)
        if not await self.daily.mark_probed(thread, message.author.id):
            return
        await progress.record(self.services.store, message.author, "daily_answers", self.services.clock.now())
        await channel_counts.count(self.services.store, channel, "daily_answers", self.services.clock.now())
        question = self.services.bank.get(drop.question_id)
        if question is None:
            return
        level = config.level if config and config.level else Level.SDE2
        request = BarRaiserRequest(question, Phase.HIGH_LEVEL, level, (Line(message.author.display, message.text),))
        answer = await BarRaiser(self.services).probes(request, channel, message.author.id)
        if answer.probes:
            reply = Reply(text=f"{message.author.mention} {answer.probes[0].text}", footer=answer.engine)
            await self.chat.post(thread, reply)
