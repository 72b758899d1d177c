"""Pairing rounds and what follows a match: a private thread, a question, a guide, a follow-up."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import metrics
from bot.chat import ActionId, Button, ButtonStyle, ChannelRef, ChatPort, Platform, Reply, UserRef
from bot.context import Services
from bot.user_text import defuse_mentions
from handlers.daily.schedule import next_drop
from handlers.mock.plan import STANDARD_PLAN
from handlers.mock.render import interviewer_guide
from handlers.pairing.availability import describe
from handlers.pairing.matching import compatible, match, repeat_window
from handlers.pairing.state import NO_SHOWS_TO_LEAVE, Member, PairingStore, PairRecord, RoundConfig
from handlers.question_picking import filter_questions, pick_unseen
from handlers.seen_questions import mark_seen, seen_ids
from question_bank import Level

FOLLOW_UP_AFTER = timedelta(hours=24)
NOW_WAIT = timedelta(minutes=15)
ROUND_KIND = "pair-round"
FOLLOW_UP_KIND = "pair-followup"
NOW_EXPIRY_KIND = "pair-now-expired"
REMOVED_AFTER_NO_SHOWS = (
    "You missed three pair sessions in a row, so you left the pairing pool. /pair join brings you back."
)


def _user(channel: ChannelRef, member_id: str, name: str = "") -> UserRef:
    return UserRef(channel.platform, channel.workspace, member_id, name)


class PairingService:
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
        due = next_drop(after, config.at, ZoneInfo(config.tz), (config.day,))
        payload = {"ws": channel.workspace, "ch": channel.id, "v": config.version, "due": due.isoformat()}
        await self.queue.schedule(ROUND_KIND, payload, due)
        return due

    async def round_due(self, channel: ChannelRef, payload: dict[str, object], now: datetime) -> None:
        """A scheduled round: once per channel per round, whichever process claims it."""
        raw = await self.services.store.redis.get(self.pool.config_key(channel))
        config = RoundConfig.model_validate_json(raw) if raw else None
        if config is None or config.version != payload["v"]:
            return
        due = datetime.fromisoformat(str(payload["due"]))
        if config.runs_in_week_of(due):
            claim = self.services.store.key(channel, "pair", channel.id, "round-ran", due.date().isoformat())
            if await self.services.store.claim_once(claim, 30 * 86_400):
                await self.run_round(channel)
        await self.schedule_round(channel, config, max(due, now))

    async def run_round(self, channel: ChannelRef) -> Reply:
        """Match everyone available; tell everyone what happened to them."""
        now = self.services.clock.now()
        members = {m.id: m for m in await self.pool.members(channel) if not (m.paused_until and m.paused_until > now)}
        recent = await self._recent(channel, len(members))
        result = match(member.person(recent.get(member.id, set())) for member in members.values())
        summary = await self.chat.post(
            channel,
            Reply(title="Pairing round", text=f"{len(result.pairs)} pairs this round. Check your private threads."),
        )
        groups: list[list[str]] = []
        for pair in result.pairs:
            third = (
                result.trio[2] if result.trio and {pair.candidate, pair.interviewer} == set(result.trio[:2]) else None
            )
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
        return Reply(text=f"Round done: {len(result.pairs)} pairs, {len(result.carried)} carried to the next round.")

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
        candidate, interviewer = members[candidate_id], members[interviewer_id]
        users = [_user(channel, m.id, m.name) for m in (candidate, interviewer)]
        if third:
            users.append(_user(channel, third, members[third].name))
        level = Level(candidate.level)
        seen = await seen_ids(self.services.store, users[0])
        question = pick_unseen(filter_questions(self.services.bank, level, None), seen, self.services.rng)
        pair_id = secrets.token_hex(4)
        thread = await self.chat.open_thread(
            message,  # type: ignore[arg-type]
            f"Pair {pair_id} · {defuse_mentions(candidate.name or candidate.id)} & "
            f"{defuse_mentions(interviewer.name or interviewer.id)}"[:100],
            private=True,
            members=tuple(users),
        )
        now = self.services.clock.now()
        record = PairRecord(
            id=pair_id, channel_id=channel.id, candidate=candidate.id, interviewer=interviewer.id, third=third,
            question_id=question.id, thread_id=thread.id, thread_name=thread.name, thread_private=thread.private,
            made_at=now,
        )  # fmt: skip
        await self.pool.save_pair(channel, record)
        metrics.PAIRS.inc()
        await mark_seen(self.services.store, users[0], question.id)
        shared = frozenset(candidate.hours) & frozenset(interviewer.hours)
        times = ", ".join(describe(shared, ZoneInfo(candidate.tz))) or "agree on a time here"
        trio = f" and <@{third}> (joining as a second interviewer)" if third else ""
        intro = Reply(
            title="Your practice pair",
            text=(
                f"<@{candidate.id}> is the candidate this time and <@{interviewer.id}> interviews{trio}. "
                f"Roles swap next time.\nGood times for you both ({candidate.tz}): {times}.\n"
                f"Question for the candidate: **{question.title}** (the interviewer has the guide)."
            ),
            buttons=(Button("Start the mock", ActionId("pair", "mock", pair_id), ButtonStyle.PRIMARY),),
        )
        await self.chat.post(thread, intro)
        await self.chat.send_dm(users[1], interviewer_guide(question, [m * 60.0 for m in STANDARD_PLAN]))
        for member, role in ((candidate, "candidate_turns"), (interviewer, "interviewer_turns")):
            updated = member.model_copy(update={role: getattr(member, role) + 1, "carried": False})
            members[member.id] = updated
            await self.pool.save_member(channel, updated)
        payload = {"ws": channel.workspace, "ch": channel.id, "pair": pair_id}
        await self.queue.schedule(FOLLOW_UP_KIND, payload, now + FOLLOW_UP_AFTER)
        return record

    async def follow_up(self, channel: ChannelRef, pair_id: str) -> None:
        record = await self.pool.pair(channel, pair_id)
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

    async def record_outcome(self, channel: ChannelRef, pair_id: str, reporter: str, outcome: str) -> str:
        record = await self.pool.pair(channel, pair_id)
        if record is None or reporter not in record.people:
            return "Only the people in this pair can answer that."
        if record.outcome != "pending":
            return f"Already noted: {record.outcome}."
        await self.pool.save_pair(
            channel, record.model_copy(update={"outcome": "no-show" if outcome == "noshow" else outcome})
        )
        for person in record.people:
            member = await self.pool.member(channel, person)
            if member is None:
                continue
            if outcome == "noshow" and person != reporter:
                member = member.model_copy(update={"no_shows_in_a_row": member.no_shows_in_a_row + 1})
                if member.no_shows_in_a_row >= NO_SHOWS_TO_LEAVE:
                    await self.pool.remove_member(channel, person)
                    await self.chat.send_dm(
                        _user(channel, person, member.name),
                        Reply(text=REMOVED_AFTER_NO_SHOWS),
                    )
                    continue
            elif outcome == "met":
                member = member.model_copy(update={"no_shows_in_a_row": 0})
            await self.pool.save_member(channel, member)
        return "Thanks, noted."

    async def pair_now(self, channel: ChannelRef, user: UserRef, message: object) -> str:
        """Match with someone waiting right now, or wait up to 15 minutes (idempotent per person)."""
        member = await self.pool.member(channel, user.id)
        if member is None:
            return "Join the pool first with /pair join."
        waiting_key = self.pool.waiting_key(channel)
        now = self.services.clock.now()
        await self.services.store.redis.zremrangebyscore(waiting_key, "-inf", now.timestamp())
        if await self.services.store.redis.zscore(waiting_key, user.id) is not None:
            return "You are already waiting for a partner."
        recent = await self._recent(channel, len(await self.pool.members(channel)))
        me = member.person(recent.get(user.id, set()))
        for other_id in await self.services.store.redis.zrange(waiting_key, 0, -1):
            other = await self.pool.member(channel, str(other_id))
            if other is None:
                continue
            them = other.person(recent.get(other.id, set()))
            always = frozenset(range(168))  # both are here now: availability does not matter
            # zrem succeeds for one caller only: two people cannot both take the same waiting partner.
            if compatible(
                replace(me, hours=always), replace(them, hours=always)
            ) and await self.services.store.redis.zrem(waiting_key, other.id):
                members = {member.id: member, other.id: other}
                candidate, interviewer = (me, them) if me.interviewer_debt <= them.interviewer_debt else (them, me)
                await self.deliver(channel, message, members, candidate.id, interviewer.id)
                return f"Matched with <@{other.id}>: see your private thread."
        added = await self.services.store.redis.zadd(waiting_key, {user.id: (now + NOW_WAIT).timestamp()}, nx=True)
        if not added:
            return "You are already waiting for a partner."
        payload = {"ws": channel.workspace, "ch": channel.id, "user": user.id}
        await self.queue.schedule(NOW_EXPIRY_KIND, payload, now + NOW_WAIT)
        return "Waiting for a partner for up to 15 minutes. You will hear from me either way."

    async def now_expired(self, channel: ChannelRef, user_id: str, at: datetime) -> None:
        if await self.services.store.redis.zrem(self.pool.waiting_key(channel), user_id):
            await self.chat.send_dm(
                _user(channel, user_id),
                Reply(text="Nobody was free in the last 15 minutes. Try /pair now again later."),
            )


def channel_of_payload(platform: Platform, payload: dict[str, object]) -> ChannelRef:
    return ChannelRef(platform, str(payload["ws"]), str(payload["ch"]))
