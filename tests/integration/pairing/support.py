"""What the pairing tests share: joining, reading DMs and seats, answering the follow-up."""

from __future__ import annotations

import re

from bot.app import App
from bot.chat import ThreadRef
from tests.fakes.chat import invocation
from tests.integration.mock_harness import MockHarness

EVENINGS = "weekday evenings"


async def join(pool: MockHarness, who: str, availability: str = EVENINGS, extra: str = "") -> str:
    return (await pool.run(f'/pair join availability:"{availability}" {extra}', user=who)).last.text


def dms(pool: MockHarness, who: str) -> list[str]:
    return [(reply.title or "") + reply.text for reply in pool.dms(who)]


SEATS = re.compile(
    r"<@(\S+?)> is the candidate this time(?: and <@(\S+?)> interviews|; <@(\S+?)> and <@(\S+?)> interview)"
)


def seats_in(pool: MockHarness, thread: ThreadRef) -> tuple[str, ...]:
    """(candidate, interviewer[, second interviewer]) as the pair's first message names them."""
    found = SEATS.match(pool.posts(thread)[0].text)
    assert found is not None, pool.posts(thread)[0].text
    return tuple(who for who in found.groups() if who)


async def answer(pool: MockHarness, thread: ThreadRef, label: str, user: str) -> str:
    [question] = [reply for reply in pool.posts(thread) if reply.text.startswith("Did you meet?")]
    [button] = [button for button in question.buttons if button.label == label]
    return (await pool.press(str(button.action), user=user)).last.text


def channel_posts(pool: MockHarness) -> list[str]:
    general = invocation().channel
    return [sent.reply.text for sent in pool.chat.sent if sent.kind == "post" and sent.place == general and sent.reply]


def guides_of(pool: MockHarness, who: str) -> int:
    return sum(text.startswith("Interviewer guide") for text in dms(pool, who))


async def save_member_as_written(app: App, name: str, raw: str) -> None:
    """Store a pool member exactly as an earlier release wrote it (`raw` JSON), in #general's pool."""
    general = invocation().channel
    await app.services.store.redis.hset(app.services.store.key(general, "pair", "general", "members"), name, raw)
