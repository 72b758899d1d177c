"""Pairing rounds and what follows a match: a private thread, a question, a guide, a follow-up."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field

from bot import metrics
from bot.chat import ActionId, Button, ButtonStyle, ChannelRef, ChatPort, MessageRef, Platform, Reply, UserRef
from bot.context import Services
from bot.deadlines import DeadlinePayload, IsoTime
from bot.user_text import defuse_mentions
from handlers.daily.schedule import next_drop
from handlers.mock.plan import STANDARD_PLAN
from handlers.mock.render import interviewer_guide
from handlers.pairing.matching import compatible, match, repeat_window, roles
from handlers.pairing.state import NO_SHOWS_TO_LEAVE, Member, PairingStore, PairRecord, RoundConfig
from handlers.pairing.texts import NOBODY_FREE, REMOVED_AFTER_NO_SHOWS, groups_made, introduction, why_nobody
from handlers.question_picking import filter_questions, pick_unseen
from handlers.seen_questions import mark_seen, seen_ids
from question_bank import Level

FOLLOW_UP_AFTER = timedelta(hours=24)
NOW_WAIT = timedelta(minutes=15)


class PoolDeadline(DeadlinePayload):
    """A deadline of the pairing pool in one channel (a base: each kind below names its own)."""

    workspace: str = Field(alias="ws")
    channel_id: str = Field(alias="ch")


class PairRoundDue(PoolDeadline):
    """A channel's next pairing round, under the round config version it was scheduled with."""

    KIND: ClassVar[str] = "pair-round"
    version: int = Field(alias="v")  # of the round config: set up anew since makes it stale
    due: IsoTime


class PairFollowUp(PoolDeadline):
    """The "did you meet?" question to a pair, a day after they were matched."""

    KIND: ClassVar[str] = "pair-followup"
    pair_id: str = Field(alias="pair")


class PairNowExpired(PoolDeadline):
    """The end of someone's 15-minute /pair now wait."""

    KIND: ClassVar[str] = "pair-now-expired"
    user_id: str = Field(alias="user")


Announce = Callable[[], Awaitable[MessageRef]]


def _user(channel: ChannelRef, member_id: str, name: str = "") -> UserRef:
    return UserRef(channel.platform, channel.workspace, member_id, name)


class PairingService:
    """A channel's pairing pool on one platform: rounds, /pair now, follow-ups and outcomes."""

    def __init__(self, services: Services, chat: ChatPort) -> None:
        self.services = services
        self.chat = chat
        self.pool = PairingStore(services.store)
        self.queue = services.queue_for(chat.platform.value)

    async def _recent(self, channel: ChannelRef, pool_size: int) -> dict[str, set[str]]:
        recent: dict[str, set[str]] = {}
        for groups in await self.pool.recent_rounds(channel, repeat_window(pool_size)):
            for group in groups:
                for person in group:
                    recent.setdefault(person, set()).update(other for other in group if other != person)
        return recent

    async def schedule_round(self, channel: ChannelRef, config: RoundConfig, after: datetime) -> datetime:
        """Queue the channel's next round after `after`; return when it is due."""
        due = next_drop(after, config.at, ZoneInfo(config.tz), (config.day,))
        payload = PairRoundDue(workspace=channel.workspace, channel_id=channel.id, version=config.version, due=due)
        await self.queue.schedule(payload, due)
        return due

    async def round_due(self, channel: ChannelRef, payload: PairRoundDue, now: datetime) -> None:
        """A scheduled round: once per channel per round, whichever process claims it."""
        raw = await self.services.store.redis.get(self.pool.config_key(channel))
        config = RoundConfig.model_validate_json(raw) if raw else None
        if config is None or config.version != payload.version:
            return
        due = payload.due
        if config.runs_in_week_of(due):
            claim = self.services.store.key(channel, "pair", channel.id, "round-ran", due.date().isoformat())
            if await self.services.store.claim_once(claim, 30 * 86_400):
                await self.run_round(channel)
        await self.schedule_round(channel, config, max(due, now))

    async def run_round(self, channel: ChannelRef) -> Reply:
        """Match everyone available; tell everyone what happened to them."""
        now = self.services.clock.now()
        everyone = await self.pool.members(channel)
        members = {m.id: m for m in everyone if not (m.paused_until and m.paused_until > now)}
        recent = await self._recent(channel, len(members))
        # Availability is local: the UTC hours people can meet are those of the week that starts now.
        result = match(member.person(recent.get(member.id, set()), now) for member in members.values())
        made = groups_made(len(result.pairs), result.trio is not None)
        if result.pairs:
            text = f"{made} this round. Each has a private conversation: look for yours."
        else:
            text = f"Nobody was paired this round: {why_nobody(len(everyone), len(members))}"
        summary = await self.chat.post(channel, Reply(title="Pairing round", text=text))
        groups: list[list[str]] = []
        for pair in result.pairs:
            trio = result.trio if result.trio and result.trio[:2] == (pair.candidate, pair.interviewer) else None
            third = trio[2] if trio else None
            record = await self.deliver(channel, summary, members, pair.candidate, pair.interviewer, third)
            groups.append(record.people)
        for member_id in result.carried:
            member = members[member_id].model_copy(update={"carried": True})
            await self.pool.save_member(channel, member)
            await self.chat.send_dm(
                _user(channel, member_id, member.name),
                Reply(text="No partner this round: nobody compatible was free. You are first in line next round."),
            )
        await self.pool.record_round(channel, groups)
        return Reply(text=f"Round done: {made if result.pairs else 'nobody paired'}, "
                          f"{len(result.carried)} carried to the next round.")  # fmt: skip

    async def deliver(
        self,
        channel: ChannelRef,
        message: object,
        members: dict[str, Member],
        candidate_id: str,
        interviewer_id: str,
        third: str | None = None,
    ) -> PairRecord:
        """A private place for the pair, a question the candidate has not seen, the guide, a follow-up."""
        group = [members[candidate_id], members[interviewer_id], *([members[third]] if third else [])]
        candidate = group[0]
        users = [_user(channel, m.id, m.name) for m in group]
        level = Level(candidate.level)
        seen = await seen_ids(self.services.store, users[0])
        question = pick_unseen(filter_questions(self.services.bank, level, None), seen, self.services.rng)
        pair_id = secrets.token_hex(4)
        names = [defuse_mentions(m.name or m.id) for m in group]
        thread = await self.chat.open_thread(
            message,  # type: ignore[arg-type]
            f"Pair {pair_id} · {', '.join(names[:-1])} & {names[-1]}"[:100],
            private=True,
            members=tuple(users),
        )
        now = self.services.clock.now()
        record = PairRecord(
            id=pair_id, channel_id=channel.id, candidate=candidate.id, interviewer=interviewer_id, third=third,
            question_id=question.id, thread_id=thread.id, thread_name=thread.name, thread_private=thread.private,
            place_id=thread.channel.id, place_name=thread.channel.name, made_at=now,
        )  # fmt: skip
        await self.pool.add_pair(channel, record)
        metrics.PAIRS.inc()
        await mark_seen(self.services.store, users[0], question.id)
        await self.chat.post(thread, introduction(record, group, question.title, now))
        guide = interviewer_guide(question, [m * 60.0 for m in STANDARD_PLAN])
        for interviewer in users[1:]:  # in a trio, both interviewers get the guide
            await self.chat.send_dm(interviewer, guide)
        for member in group:
            # Seats decide who owes a turn next time (until a no-show calls them off); turns wait for "We met".
            if member.id in record.interviewers:
                seat = {"interviewer_seats": member.interviewer_seats + 1, "last_interviewed": now}
            else:
                seat = {"candidate_seats": member.candidate_seats + 1}
            updated = member.model_copy(update={**seat, "carried": False})
            members[member.id] = updated
            await self.pool.save_member(channel, updated)
        follow_up = PairFollowUp(workspace=channel.workspace, channel_id=channel.id, pair_id=pair_id)
        await self.queue.schedule(follow_up, now + FOLLOW_UP_AFTER)
        return record

    async def follow_up(self, channel: ChannelRef, pair_id: str) -> None:
        """Ask a pair whose outcome is still pending whether they met."""
        record = await self.pool.pair(channel, pair_id, pool=channel)
        if record is None or record.outcome != "pending":
            return
        buttons = tuple(
            Button(label, ActionId("pair", outcome, pair_id), style)
            for label, outcome, style in (
                ("We met", "met", ButtonStyle.PRIMARY),
                ("Rescheduled", "rescheduled", ButtonStyle.SECONDARY),
                ("My partner did not show", "noshow", ButtonStyle.DANGER),
            )
        )
        await self.chat.post(
            record.thread(channel), Reply(text="Did you meet? One click keeps the pool healthy.", buttons=buttons)
        )

    async def record_outcome(self, place: ChannelRef, pair_id: str, reporter: str, outcome: str) -> str:
        """An answer to "did you meet?", pressed where the pair lives (a Slack group DM, a thread of the pool)."""
        record = await self.pool.pair(place, pair_id, pool=place)
        if record is None or reporter not in record.people:
            return "Only the people in this pair can answer that."
        # A rescheduled pair can still say later that it met (or that someone did not show): that one counts.
        if record.outcome != "pending" and not (record.outcome == "rescheduled" and outcome != "rescheduled"):
            return f"Already noted: {record.outcome}."
        # One answer of each kind per pair across every process: a click from each partner credits turns once.
        kind = "rescheduled" if outcome == "rescheduled" else "settled"
        answered = self.services.store.key(place, "pair-answered", pair_id, kind)
        if not await self.services.store.claim_once(answered, 86_400):
            return "Already noted."
        channel = record.pool(place)
        noted = "no-show" if outcome == "noshow" else outcome
        await self.pool.save_pair(channel, record.model_copy(update={"outcome": noted}))
        for person in record.people:
            member = await self.pool.member(channel, person)
            if member is None:
                continue
            if outcome == "noshow":  # the meeting did not happen: nobody's seat counts
                seat = "candidate_seats" if person == record.candidate else "interviewer_seats"
                member = member.model_copy(update={seat: max(0, getattr(member, seat) - 1)})
            if outcome == "noshow" and person != reporter:
                member = member.model_copy(update={"no_shows_in_a_row": member.no_shows_in_a_row + 1})
                if member.no_shows_in_a_row >= NO_SHOWS_TO_LEAVE:
                    await self.pool.remove_member(channel, person)
                    await self.chat.send_dm(_user(channel, person, member.name), Reply(text=REMOVED_AFTER_NO_SHOWS))
                    continue
            elif outcome == "met":  # only a meeting that happened is a turn
                turn = "candidate_turns" if person == record.candidate else "interviewer_turns"
                member = member.model_copy(update={"no_shows_in_a_row": 0, turn: getattr(member, turn) + 1})
            await self.pool.save_member(channel, member)
        if outcome == "rescheduled":
            return 'Thanks, noted. Press "We met" here once you have.'
        return "Thanks, noted."

    async def pair_now(self, channel: ChannelRef, user: UserRef, announce: Announce) -> str:
        """Match with someone waiting right now, or wait up to 15 minutes (idempotent per person).

        `announce` posts the channel's "looking for a partner" message: called once, only when someone
        really starts waiting or is matched (the thread opens from it), never for a refusal.
        """
        member = await self.pool.member(channel, user.id)
        if member is None:
            return "Join the pool first with /pair join."
        waiting_key = self.pool.waiting_key(channel)
        now = self.services.clock.now()
        await self.services.store.redis.zremrangebyscore(waiting_key, "-inf", now.timestamp())
        if await self.services.store.redis.zscore(waiting_key, user.id) is not None:
            return "You are already waiting for a partner."
        recent = await self._recent(channel, len(await self.pool.members(channel)))
        me = member.person(recent.get(user.id, set()), now)
        for other_id in await self.services.store.redis.zrange(waiting_key, 0, -1):
            other = await self.pool.member(channel, str(other_id))
            if other is None:
                continue
            them = other.person(recent.get(other.id, set()), now)
            always = frozenset(range(168))  # both are here now: availability does not matter
            # zrem succeeds for one caller only: two people cannot both take the same waiting partner.
            if compatible(
                replace(me, hours=always), replace(them, hours=always)
            ) and await self.services.store.redis.zrem(waiting_key, other.id):
                members = {member.id: member, other.id: other}
                candidate, interviewer = roles(me, them)
                anchor = await self._anchor(channel, other.id) or await announce()
                await self.deliver(channel, anchor, members, candidate.id, interviewer.id)
                return f"Matched with <@{other.id}>: see your private conversation."
        added = await self.services.store.redis.zadd(waiting_key, {user.id: (now + NOW_WAIT).timestamp()}, nx=True)
        if not added:
            return "You are already waiting for a partner."
        anchor = await announce()
        # The pair's conversation opens from this message when someone joins: the channel hears of one search.
        await self.services.store.redis.set(self._anchor_key(channel, user.id), anchor.id, ex=NOW_WAIT * 2)
        expiry = PairNowExpired(workspace=channel.workspace, channel_id=channel.id, user_id=user.id)
        await self.queue.schedule(expiry, now + NOW_WAIT)
        return "Waiting for a partner for up to 15 minutes. You will hear from me either way."

    def _anchor_key(self, channel: ChannelRef, user_id: str) -> str:
        return self.services.store.key(channel, "pair", channel.id, "waiting-message", user_id)

    async def _anchor(self, channel: ChannelRef, user_id: str) -> MessageRef | None:
        """The "looking for a partner" message of someone waiting (None for a wait begun before it was kept)."""
        message_id = await self.services.store.redis.get(self._anchor_key(channel, user_id))
        return MessageRef(channel, str(message_id)) if message_id else None

    async def now_expired(self, channel: ChannelRef, user_id: str, at: datetime) -> None:
        """Tell someone still waiting that nobody was free (once; nothing if they were matched)."""
        if await self.services.store.redis.zrem(self.pool.waiting_key(channel), user_id):
            await self.chat.send_dm(_user(channel, user_id), Reply(text=NOBODY_FREE))


def channel_of_payload(platform: Platform, payload: PoolDeadline) -> ChannelRef:
    """The pool's channel a pairing deadline belongs to."""
    return ChannelRef(platform, payload.workspace, payload.channel_id)
