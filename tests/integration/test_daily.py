"""Daily question drops with a FakeClock on the run's Redis."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App, build_app
from bot.chat import IncomingMessage, MessageRef, Place, Reply
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store
from question_bank import QuestionBank
from tests.fakes.chat import user
from tests.integration.mock_harness import MockHarness


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # Monday 2 March 2026, 08:00 UTC


@pytest.fixture
def daily(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


def drop_titles(harness: MockHarness) -> list[str]:
    """The title of every drop posted, in order."""
    titles = [sent.reply.title or "" for sent in harness.chat.sent if sent.kind == "post" and sent.reply]
    return [title for title in titles if title.startswith("Daily question")]


def question_ids(harness: MockHarness) -> list[str]:
    return [
        (sent.reply.footer or "").removeprefix("id: ")
        for sent in harness.chat.sent
        if sent.kind == "post" and sent.reply and (sent.reply.title or "").startswith("Daily question")
    ]


async def setup(harness: MockHarness, args: str) -> str:
    return (await harness.run(f"/daily setup {args}", user="ada", admin=True)).last.text


async def test_a_drop_arrives_at_the_local_time_with_a_thread(daily: MockHarness) -> None:
    answer = await setup(daily, "time:09:00 tz:UTC")
    assert answer == "Saved. The first drop: Mon 2 Mar 2026 at 09:00 (UTC)."
    await daily.wait(timedelta(minutes=59).total_seconds(), step=60)
    assert drop_titles(daily) == []
    await daily.wait(60, step=60)
    assert drop_titles(daily) == ["Daily question · Monday 2 March 2026"]
    assert daily.thread.name.startswith("Daily · 2026-03-02 · ")


async def test_drops_keep_the_local_time_across_daylight_saving(app: App, clock: FakeClock) -> None:
    clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=UTC))  # Friday before Berlin's spring change
    harness = MockHarness(app, clock)
    await setup(harness, "time:09:00 tz:Europe/Berlin")
    seen: list[datetime] = []
    for _ in range(4 * 24 * 4):
        clock.advance(15 * 60)
        before = len(drop_titles(harness))
        await harness.queue.run_due()
        if len(drop_titles(harness)) > before:
            seen.append(clock.now())
    hours = [moment.astimezone(UTC).hour for moment in seen]
    assert drop_titles(harness)[:3] == [
        "Daily question · Saturday 28 March 2026",
        "Daily question · Sunday 29 March 2026",
        "Daily question · Monday 30 March 2026",
    ]
    assert hours[:3] == [8, 7, 7]  # 09:00 CET, then 09:00 CEST


async def test_weekday_schedules_skip_the_weekend(daily: MockHarness, clock: FakeClock) -> None:
    await setup(daily, "time:09:00 tz:UTC days:mon-fri")
    await daily.wait(timedelta(days=7).total_seconds(), step=3600)
    assert [title.split(" · ")[1].split()[0] for title in drop_titles(daily)] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    ]  # fmt: skip


async def test_no_repeats_until_the_filtered_bank_is_used_up_then_a_new_cycle(
    daily: MockHarness, bank: QuestionBank
) -> None:
    payments = [q.id for q in bank.filter(tag="payments")]
    await setup(daily, "time:09:00 tz:UTC tag:payments")
    await daily.wait(timedelta(days=len(payments) + 1).total_seconds(), step=3600)
    shown = question_ids(daily)
    assert sorted(shown[: len(payments)]) == sorted(payments)
    assert shown[len(payments)] in payments
    assert shown[len(payments)] != shown[len(payments) - 1]


async def test_the_next_drop_reveals_yesterdays_answer_key(daily: MockHarness, bank: QuestionBank) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    await daily.wait(timedelta(hours=1).total_seconds(), step=600)
    first_thread = daily.thread
    first = bank.get(question_ids(daily)[0])
    assert first is not None
    await daily.wait(timedelta(days=1).total_seconds(), step=3600)
    [reveal] = [reply for reply in daily.posts(first_thread) if (reply.title or "").startswith("Reveal")]
    assert first.key_trade_off in " ".join(field.value for field in reveal.fields)
    assert first.estimate.conclusion in " ".join(field.value for field in reveal.fields)


async def test_skip_skips_one_drop_and_off_stops_them(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    skipped = await daily.run("/daily skip", user="ada", admin=True)
    assert skipped.last.text == "The next drop, Mon 2 Mar 2026 at 09:00 (UTC), will be skipped."
    await daily.wait(timedelta(days=1, hours=2).total_seconds(), step=3600)
    assert drop_titles(daily) == ["Daily question · Tuesday 3 March 2026"]
    await daily.run("/daily off", user="ada", admin=True)
    await daily.wait(timedelta(days=3).total_seconds(), step=3600)
    assert len(drop_titles(daily)) == 1
    status = await daily.run("/daily status")
    assert status.last.text.startswith("Daily questions are not set up in this channel.")


@pytest.mark.parametrize(("downtime", "posted"), [(timedelta(hours=1), True), (timedelta(hours=3), False)])
async def test_a_drop_missed_while_down_is_posted_within_the_grace_window_only(
    daily: MockHarness, clock: FakeClock, downtime: timedelta, posted: bool, caplog: pytest.LogCaptureFixture
) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    clock.advance(timedelta(hours=1) + downtime)  # no process polled at 09:00
    await daily.queue.run_due()
    assert drop_titles(daily) == (["Daily question · Monday 2 March 2026"] if posted else [])
    if not posted:
        assert "missed by" in caplog.text
    await daily.wait(timedelta(days=1).total_seconds(), step=3600)
    assert drop_titles(daily)[-1] == "Daily question · Tuesday 3 March 2026"


async def test_two_processes_post_exactly_once_per_channel_per_day_even_when_one_dies(
    store: Store, clock: FakeClock, bank: QuestionBank
) -> None:
    apps = [
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(n))
        for n in (1, 2)
    ]
    first, second = MockHarness(apps[0], clock, id_prefix="a"), MockHarness(apps[1], clock, id_prefix="b")
    await first.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
    for day in range(3):
        for _ in range(24):
            clock.advance(3600)
            pollers = [first.queue.run_due()] + (
                [second.queue.run_due()] if day < 1 else []
            )  # the second dies after day 1
            await asyncio.gather(*pollers)
    titles = drop_titles(first) + drop_titles(second)
    assert sorted(titles) == sorted(
        [
            "Daily question · Monday 2 March 2026",
            "Daily question · Tuesday 3 March 2026",
            "Daily question · Wednesday 4 March 2026",
        ]
    )


async def test_first_answers_get_one_probe_each_and_count_for_streaks(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    await daily.wait(timedelta(hours=1).total_seconds(), step=600)
    thread = daily.thread
    listeners = daily.app.services.registry.message_listeners

    async def say(who: str, text: str) -> None:
        message = IncomingMessage(user(who), MessageRef(thread, "m"), text)
        for listener in listeners:
            await listener(daily.app.services, daily.chat, message)

    await say("bob", "I'd keep a trie of prefixes in Redis, 100k qps")
    await say("bob", "and a CDN in front")
    await say("carol", "Precompute top 10 per prefix")
    probes = [reply.text for reply in daily.posts(thread) if reply.text.startswith("<@")]
    assert [text.split()[0] for text in probes] == ["<@bob>", "<@carol>"]
    streaks = await daily.run("/daily streaks", user="bob")
    assert "<@bob> · 1 in a row" in streaks.last.text
    assert "You: 1 in a row (best 1)" in streaks.last.text
    await daily.wait(timedelta(days=1).total_seconds(), step=3600)
    next_thread = daily.thread
    assert next_thread != thread
    await say("bob", "hello")  # said in the old thread: not the new drop's date
    message = IncomingMessage(user("bob"), MessageRef(next_thread, "m"), "Sharded by prefix")
    for listener in listeners:
        await listener(daily.app.services, daily.chat, message)
    streaks = await daily.run("/daily streaks", user="bob")
    assert "You: 2 in a row (best 2)" in streaks.last.text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("time:25:00 tz:UTC", "time must be a 24-hour time like 09:00"),
        ("time:09:00 tz:Mars/Base", "tz must be a time zone like Europe/Berlin"),
        ("time:09:00 tz:UTC days:someday", "days must be daily, mon-fri, or days like mon,wed,fri"),
        ("time:09:00 tz:UTC tag:knitting", "No question is tagged 'knitting'"),
        ("tz:UTC", "/daily setup needs time"),
    ],
)
async def test_bad_setup_is_explained_and_saves_nothing(daily: MockHarness, args: str, message: str) -> None:
    answer = await setup(daily, args)
    assert message in answer
    status = await daily.run("/daily status")
    assert status.last.text.startswith("Daily questions are not set up")


async def test_a_channel_the_bot_cannot_post_in_saves_nothing(daily: MockHarness) -> None:
    async def refuse(place: Place, reply: Reply) -> MessageRef:
        raise PermissionError("missing access")

    daily.chat.post = refuse  # type: ignore[method-assign]
    answer = await setup(daily, "time:09:00 tz:UTC")
    assert answer.startswith("I cannot post in this channel, so nothing was saved.")
    assert await daily.queue.pending() == 0


async def test_only_admins_set_up_and_anyone_sees_the_status(daily: MockHarness) -> None:
    refused = await daily.run("/daily setup time:09:00 tz:UTC", user="bob")
    assert refused.last.text == "Only workspace admins can use /daily setup."
    await setup(daily, "time:09:00 tz:America/New_York days:mon-fri level:sde2")
    status = await daily.run("/daily status", user="bob")
    assert status.last.text == (
        "Next drop: Mon 2 Mar 2026 at 09:00 (America/New_York)\n"
        "Settings: 09:00 America/New_York, Monday to Friday · level sde2"
    )


async def test_daily_now_drops_at_once(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    await daily.run("/daily now", user="ada", admin=True)
    assert drop_titles(daily) == ["Daily question · Monday 2 March 2026"]


async def test_a_new_time_after_todays_drop_promises_tomorrow_and_drops_then(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    await daily.wait(timedelta(minutes=90).total_seconds(), step=60)  # 09:30, today's question is out
    answer = await setup(daily, "time:10:00 tz:UTC")
    assert answer == "Saved. Today's question was already posted, so the next drop: Tue 3 Mar 2026 at 10:00 (UTC)."
    status = await daily.run("/daily status")
    assert status.last.text.startswith("Next drop: Tue 3 Mar 2026 at 10:00 (UTC) (today's question was already posted)")
    await daily.wait(timedelta(hours=23, minutes=59).total_seconds(), step=60)  # to Tuesday 09:29
    assert drop_titles(daily) == ["Daily question · Monday 2 March 2026"]
    await daily.wait(timedelta(minutes=31).total_seconds(), step=60)  # Tuesday 10:00
    assert drop_titles(daily) == ["Daily question · Monday 2 March 2026", "Daily question · Tuesday 3 March 2026"]


async def test_a_new_time_before_todays_drop_still_drops_today(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    answer = await setup(daily, "time:10:00 tz:UTC")
    assert answer == "Saved. The first drop: Mon 2 Mar 2026 at 10:00 (UTC)."
    await daily.wait(timedelta(hours=2).total_seconds(), step=60)
    assert drop_titles(daily) == ["Daily question · Monday 2 March 2026"]


async def test_a_drop_keeps_the_question_cards_fields_and_buttons(daily: MockHarness) -> None:
    await setup(daily, "time:09:00 tz:UTC")
    await daily.wait(timedelta(hours=1).total_seconds(), step=60)
    drop = next(sent.reply for sent in daily.chat.sent if sent.reply and sent.reply.title == drop_titles(daily)[0])
    assert [field.name for field in drop.fields] == ["Level", "Asked", "Tags"]
    assert [button.label for button in drop.buttons] == ["Show hints", "Interviewer's answers"]
    assert drop.text.endswith("Answer in the thread: you get one follow-up.")
    assert not drop.ephemeral
