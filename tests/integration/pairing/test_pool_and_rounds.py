"""Joining the pool, rounds, pair-now, follow-ups, buttons and time zones."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App
from bot.chat import ThreadRef
from bot.clock import FakeClock
from handlers.pairing.texts import ROTATION
from question_bank import QuestionBank
from tests.fakes.chat import invocation
from tests.integration.mock_harness import MockHarness
from tests.integration.pairing.support import dms, join, save_member_as_written


async def test_joining_with_options_and_with_a_form(pool: MockHarness) -> None:
    assert await join(pool, "alice", extra="tz:Europe/Berlin level:sde3") == (
        "You are in the pool: sde3, Europe/Berlin, either, weekday evenings."
    )
    opened = await pool.run("/pair join", user="bob")
    assert opened.forms[0].title == "Join the practice pool"
    submitted = await pool.submit(
        "pair:join:", {"availability": "sat 10-14", "tz": "UTC", "level": "sde2", "role": "candidate"}, user="bob"
    )
    assert submitted.last.text == "You are in the pool: sde2, UTC, candidate, sat 10-14."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ('availability:"whenever"', "availability: write weekly windows"),
        ('availability:"weekday evenings" tz:Moon/Base', "tz must be a time zone"),
        ('availability:"weekday evenings" level:boss', "level must be one of sde1, sde2, sde3"),
    ],
)
async def test_bad_joins_are_explained_and_save_nothing(pool: MockHarness, args: str, message: str) -> None:
    answer = (await pool.run(f"/pair join {args}", user="alice")).last.text
    assert message in answer
    status = (await pool.run("/pair status", user="alice")).last.text
    assert status == "You are not in the pool. /pair join first."


async def test_a_round_pairs_people_in_private_threads_with_a_question_and_a_guide(
    pool: MockHarness, bank: QuestionBank
) -> None:
    for who in ("alice", "bob", "carol", "dave"):
        await join(pool, who)
    done = await pool.run("/pair round", user="ada", admin=True)
    assert done.last.text == "Round done: 2 pairs, 0 carried to the next round."
    assert len(pool.chat.threads) == 2
    assert all(thread.private for thread in pool.chat.threads)
    for thread in pool.chat.threads:
        [intro] = pool.posts(thread)
        assert intro.title == "Your practice pair"
        assert ROTATION in intro.text
        assert "Good times for you both (UTC): " in intro.text
        assert [str(button.action).split(":")[1] for button in intro.buttons] == ["mock"]
    interviewers = [
        who
        for who in ("alice", "bob", "carol", "dave")
        if any(d.startswith("Interviewer guide") for d in dms(pool, who))
    ]
    assert len(interviewers) == 2


async def test_the_odd_one_out_joins_a_trio_or_is_told_they_are_carried(pool: MockHarness) -> None:
    for who in ("alice", "bob", "carol"):
        await join(pool, who)
    await join(pool, "night-owl", "sun 02-04")
    done = await pool.run("/pair round", user="ada", admin=True)
    assert done.last.text == "Round done: 1 trio, 1 carried to the next round."
    assert pool.posts(pool.chat.threads[0])[0].title == "Your practice trio"
    assert dms(pool, "night-owl") == [
        "No partner this round: nobody compatible was free. You are first in line next round."
    ]


async def test_a_follow_up_asks_a_day_later_and_three_no_shows_remove_someone(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    for _ in range(3):
        await pool.run("/pair round", user="ada", admin=True)
        await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
        thread = pool.chat.threads[-1]
        [question] = [reply for reply in pool.posts(thread) if reply.text.startswith("Did you meet?")]
        assert [b.label for b in question.buttons] == ["We met", "Rescheduled", "My partner did not show"]
        noshow = str(question.buttons[2].action)
        stranger = await pool.press(noshow, user="mallory")
        assert stranger.last.text == "Only the people in this pair can answer that."
        assert (await pool.press(noshow, user="alice")).last.text == "Thanks, noted."
        assert (await pool.press(noshow, user="alice")).last.text == "Already noted: no-show."
    assert (await pool.run("/pair status", user="bob")).last.text == "You are not in the pool. /pair join first."
    assert any("left the pairing pool" in text for text in dms(pool, "bob"))
    assert (await pool.run("/pair status", user="alice")).last.title == "Your pairing"


async def test_pair_now_twice_waits_once_and_the_next_person_is_matched_at_once(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    first = await pool.run("/pair now", user="alice")
    assert first.last.text.startswith("Waiting for a partner for up to 15 minutes.")
    again = await pool.run("/pair now", user="alice")
    assert again.last.text == "You are already waiting for a partner."
    matched = await pool.run("/pair now", user="bob")
    assert matched.last.text == "Matched with <@alice>: see your private conversation."
    assert len(pool.chat.threads) == 1
    await pool.wait(timedelta(minutes=16).total_seconds(), step=60)
    assert not any("Nobody was free" in text for text in dms(pool, "alice"))


async def test_pair_now_alone_tells_you_after_fifteen_minutes(pool: MockHarness) -> None:
    await join(pool, "alice")
    await pool.run("/pair now", user="alice")
    await pool.wait(timedelta(minutes=16).total_seconds(), step=60)
    assert dms(pool, "alice") == ["Nobody was free in the last 15 minutes. Try /pair now again later."]


async def test_a_blocked_person_is_never_paired_and_nobody_is_told(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    blocked = await pool.run("/pair block <@bob>", user="alice")
    assert blocked.last == blocked.last.__class__(text="Done. Nobody else is told.", ephemeral=True)
    done = await pool.run("/pair round", user="ada", admin=True)
    assert done.last.text == "Round done: nobody paired, 2 carried to the next round."
    assert not any("block" in text.lower() for text in dms(pool, "bob"))


async def test_roles_swap_and_partners_do_not_repeat_within_the_window(pool: MockHarness) -> None:
    for who in ("alice", "bob", "carol", "dave"):
        await join(pool, who)
    partners: list[set[frozenset[str]]] = []
    for _ in range(3):
        await pool.run("/pair round", user="ada", admin=True)
        partners.append({frozenset(t.name.split(" · ")[1].split(" & ")) for t in pool.chat.threads[-2:]})
        await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
        for thread in pool.chat.threads[-2:]:  # turns count once a pair says it met
            [question] = [reply for reply in pool.posts(thread) if reply.text.startswith("Did you meet?")]
            await pool.press(str(question.buttons[0].action), user=thread.name.split(" · ")[1].split(" & ")[0])
    assert partners[0].isdisjoint(partners[1])
    turns = [(await pool.run("/pair status", user=who)).last.text.split("So far: ")[1] for who in ("alice", "bob")]
    assert all(turn in ("2 as candidate, 1 as interviewer.", "1 as candidate, 2 as interviewer.") for turn in turns)


async def test_the_start_mock_button_starts_the_mock_in_the_pair_thread_with_roles(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    await pool.run("/pair round", user="ada", admin=True)
    thread = pool.chat.threads[0]
    start = str(pool.posts(thread)[0].buttons[0].action)
    assert (await pool.press(start, user="mallory")).last.text == "Only this pair can start its mock."
    await pool.press(start, user="alice")
    phases = [reply.text for reply in pool.posts(thread) if reply.text.startswith("Phase 1/5")]
    assert len(phases) == 1
    assert len(pool.chat.threads) == 1  # the mock runs in the pair's own thread


async def test_scheduled_rounds_run_weekly_once_each_even_with_two_pollers(
    pool: MockHarness, app: App, clock: FakeClock
) -> None:
    for who in ("alice", "bob", "carol", "dave"):
        await join(pool, who)
    saved = await pool.run("/pair setup mon 10:00 UTC", user="ada", admin=True)
    assert saved.last.text == "Pairing rounds weekly; the first on Mon 5 Jan at 10:00 (UTC)."
    refused = await pool.run("/pair setup mon 10:00 UTC", user="bob")
    assert refused.last.text == "Only workspace admins can use /pair setup."
    for _ in range(int(timedelta(days=15).total_seconds() // 3600)):
        clock.advance(3600)
        await pool.queue.run_due()
        await pool.queue.run_due()  # a second poll of the same hour must not run the round again
    summaries = [reply for reply in pool.posts(pool.chat.threads[0].channel) if reply.title == "Pairing round"]
    assert len(summaries) == 3  # 5, 12 and 19 January


async def test_fortnightly_rounds_skip_every_other_week(pool: MockHarness, clock: FakeClock) -> None:
    for who in ("alice", "bob"):
        await join(pool, who)
    await pool.run("/pair setup mon 10:00 UTC cadence:fortnightly", user="ada", admin=True)
    for _ in range(int(timedelta(days=29).total_seconds() // 3600)):
        clock.advance(3600)
        await pool.queue.run_due()
    summaries = [
        sent for sent in pool.chat.sent if sent.kind == "post" and sent.reply and sent.reply.title == "Pairing round"
    ]
    assert len(summaries) == 3  # 5 January, 19 January, 2 February


async def test_a_double_click_on_pair_now_makes_one_queue_entry_and_one_match(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    answers = await asyncio.gather(pool.run("/pair now", user="alice"), pool.run("/pair now", user="alice"))
    texts = sorted(answer.last.text for answer in answers)
    assert texts[0].startswith("Waiting for a partner for up to 15 minutes.")
    assert texts[1] == "You are already waiting for a partner."
    both = await asyncio.gather(pool.run("/pair now", user="bob"), pool.run("/pair now", user="bob"))
    matched = [answer.last.text for answer in both if answer.last.text.startswith("Matched with")]
    assert len(matched) == 1
    assert len(pool.chat.threads) == 1


async def test_history_lists_a_pair_once_after_its_outcome_is_noted(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    await pool.run("/pair round", user="ada", admin=True)
    await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
    [question] = [reply for reply in pool.posts(pool.chat.threads[0]) if reply.text.startswith("Did you meet?")]
    assert (await pool.press(str(question.buttons[0].action), user="bob")).last.text == "Thanks, noted."
    [line] = (await pool.run("/pair history", user="alice")).last.text.splitlines()
    assert line.startswith("2026-01-05 · with <@bob> · ") and line.endswith(" · met")


async def test_a_pair_saved_before_pairs_were_keyed_by_id_still_answers_its_buttons(
    pool: MockHarness, app: App
) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    # A record as the release before this one wrote it: under the pool's channel, with no place of its own.
    old = (
        '{"id":"0ld0ld00","channel_id":"general","candidate":"alice","interviewer":"bob","third":null,'
        '"question_id":"url-shortener","thread_id":"t9","thread_name":"Pair 0ld0ld00 · alice & bob",'
        '"thread_private":true,"made_at":"2026-01-04T09:00:00Z","outcome":"pending"}'
    )
    general = invocation().channel
    await app.services.store.redis.set(app.services.store.key(general, "pair", "general", "pairing", "0ld0ld00"), old)
    await app.services.store.redis.lpush(
        app.services.store.key(general, "pair", "general", "history", "alice"), "0ld0ld00"
    )
    started = await pool.press("pair:mock:0ld0ld00", user="alice")
    assert started.last.text == "Mock started in this thread."
    assert any(reply.text.startswith("Phase 1/5") for reply in pool.posts(ThreadRef(general, "t9")))
    assert (await pool.press("pair:met:0ld0ld00", user="bob")).last.text == "Thanks, noted."
    [line] = (await pool.run("/pair history", user="alice")).last.text.splitlines()
    assert line == "2026-01-04 · with <@bob> · candidate · met"


async def test_berlin_and_new_york_pair_when_their_clocks_agree_and_not_between_the_changes(
    pool: MockHarness, clock: FakeClock
) -> None:
    await join(pool, "alice", "mon 18-19", "tz:Europe/Berlin")
    await join(pool, "bob", "mon 12-13", "tz:America/New_York")
    done: list[str] = []
    for monday in ("2026-01-05", "2026-03-16", "2026-07-06", "2026-10-26", "2026-11-02"):
        clock.advance(datetime.fromisoformat(f"{monday}T09:00:00+00:00") - clock.now())
        done.append((await pool.run("/pair round", user="ada", admin=True)).last.text.split(",")[0])
    # New York moves its clocks two to three weeks before Berlin in March, and one week after it in autumn.
    assert done == ["Round done: 1 pair", "Round done: nobody paired", "Round done: 1 pair",
                    "Round done: nobody paired", "Round done: 1 pair"]  # fmt: skip
    summer = pool.posts(pool.chat.threads[1])[0].text
    assert re.search(r"Europe/Berlin\)?: Mon 18:00-19:00\.", summer)
    assert re.search(r"America/New_York\)?: Mon 12:00-13:00\.", summer)


async def test_the_pair_thread_suggests_times_on_each_persons_clock_for_the_round_week(
    pool: MockHarness, clock: FakeClock
) -> None:
    await join(pool, "alice", "tue 07-09", "tz:Australia/Sydney role:candidate")
    await join(pool, "bob", "mon 20-23", "tz:Europe/London role:interviewer")
    clock.advance(datetime(2026, 7, 6, 9, tzinfo=UTC) - clock.now())
    await pool.run("/pair round", user="ada", admin=True)
    # In July Sydney is on standard time (UTC+10) and London on summer time (UTC+1): one hour in common.
    assert "Good times for you both (Australia/Sydney): Tue 07:00-08:00.\n" in pool.posts(pool.chat.threads[0])[0].text
    assert "The same times in Europe/London: Mon 22:00-23:00.\n" in pool.posts(pool.chat.threads[0])[0].text


async def test_a_member_saved_with_januarys_utc_hours_is_matched_on_their_own_clock(
    pool: MockHarness, app: App, clock: FakeClock
) -> None:
    # As the release before this one saved her: UTC hours worked out for a January week, no local hours.
    old = (
        '{"id":"alice","name":"alice","level":"sde2","tz":"Europe/Berlin","wish":"either","availability":"mon 18-19",'
        '"hours":[17],"paused_until":null,"no_shows_in_a_row":0,"candidate_turns":0,"interviewer_turns":0,'
        '"carried":false,"blocked":[]}'
    )
    await save_member_as_written(app, "alice", old)
    await join(pool, "bob", "mon 12-13", "tz:America/New_York")
    clock.advance(datetime(2026, 3, 16, 9, tzinfo=UTC) - clock.now())
    assert (await pool.run("/pair round", user="ada", admin=True)).last.text.startswith("Round done: nobody paired")
    clock.advance(datetime(2026, 7, 6, 9, tzinfo=UTC) - clock.now())
    assert (await pool.run("/pair round", user="ada", admin=True)).last.text.startswith("Round done: 1 pair,")
    status = (await pool.run("/pair status", user="alice")).last.text
    assert status.startswith("sde2, Europe/Berlin, either, mon 18-19")
