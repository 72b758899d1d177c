"""Peer mock pairing with a FakeClock on the run's Redis."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App
from bot.chat import ThreadRef
from bot.clock import FakeClock
from handlers.pairing.texts import ROTATION
from question_bank import QuestionBank
from tests.fakes.chat import invocation
from tests.integration.mock_harness import MockHarness

EVENINGS = "weekday evenings"


@pytest.fixture
def pool(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


async def join(pool: MockHarness, who: str, availability: str = EVENINGS, extra: str = "") -> str:
    return (await pool.run(f'/pair join availability:"{availability}" {extra}', user=who)).last.text


def dms(pool: MockHarness, who: str) -> list[str]:
    return [(reply.title or "") + reply.text for reply in pool.dms(who)]


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
    general = invocation().channel
    await app.services.store.redis.hset(app.services.store.key(general, "pair", "general", "members"), "alice", old)
    await join(pool, "bob", "mon 12-13", "tz:America/New_York")
    clock.advance(datetime(2026, 3, 16, 9, tzinfo=UTC) - clock.now())
    assert (await pool.run("/pair round", user="ada", admin=True)).last.text.startswith("Round done: nobody paired")
    clock.advance(datetime(2026, 7, 6, 9, tzinfo=UTC) - clock.now())
    assert (await pool.run("/pair round", user="ada", admin=True)).last.text.startswith("Round done: 1 pair,")
    status = (await pool.run("/pair status", user="alice")).last.text
    assert status.startswith("sde2, Europe/Berlin, either, mon 18-19")


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


async def test_two_people_swap_roles_every_round_for_twenty_rounds(pool: MockHarness, clock: FakeClock) -> None:
    await join(pool, "ghost")
    await join(pool, "root")
    candidates = []
    for number in range(20):
        await pool.run("/pair round", user="ada", admin=True)
        thread = pool.chat.threads[-1]
        candidate, interviewer = seats_in(pool, thread)
        candidates.append(candidate)
        await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
        if number % 3 == 0:
            assert await answer(pool, thread, "We met", interviewer) == "Thanks, noted."
        elif number % 3 == 1:
            await answer(pool, thread, "Rescheduled", candidate)
        # and every third pair never answers: it still took its seats
        clock.advance(timedelta(days=6))
    assert all(this != after for this, after in itertools.pairwise(candidates))
    for who in ("ghost", "root"):
        status = (await pool.run("/pair status", user=who)).last.text
        # Only the 7 rounds answered "We met" count.
        assert status.endswith(
            ("So far: 4 as candidate, 3 as interviewer.", "So far: 3 as candidate, 4 as interviewer.")
        )


async def test_twenty_weekly_rounds_seat_whoever_owes_an_interviewer_turn(pool: MockHarness, clock: FakeClock) -> None:
    people = ("ghost", "root", "alice", "bob", "carol")  # a pair and a trio, or two pairs and one carried
    for who in people:
        await join(pool, who)
    owed: Counter[str] = Counter()  # seats as candidate minus seats as interviewer, unless called off
    last_interviewed: dict[str, int] = {}
    met: dict[str, Counter[str]] = {who: Counter() for who in people}
    for number in range(20):
        before = len(pool.chat.threads)
        await pool.run("/pair round", user="ada", admin=True)
        groups = [seats_in(pool, thread) for thread in pool.chat.threads[before:]]
        for candidate, *interviewers in groups:
            for interviewer in interviewers:  # whoever owes a turn; on a tie, who interviewed longest ago
                assert (owed[interviewer], -last_interviewed.get(interviewer, -1)) >= (
                    owed[candidate],
                    -last_interviewed.get(candidate, -1),
                ), (number, groups, owed, last_interviewed)
        await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
        for index, (thread, (candidate, *interviewers)) in enumerate(
            zip(pool.chat.threads[before:], groups, strict=True)
        ):
            for interviewer in interviewers:
                last_interviewed[interviewer] = number
            if number % 5 == 2 and index == 0:
                await answer(pool, thread, "My partner did not show", candidate)
                continue  # a meeting that did not happen takes nobody's seat
            owed[candidate] += 1
            owed.update(dict.fromkeys(interviewers, -1))
            if number % 4 != 3:  # and some pairs never answer
                assert await answer(pool, thread, "We met", candidate) == "Thanks, noted."
                met[candidate]["candidate"] += 1
                for interviewer in interviewers:
                    met[interviewer]["interviewer"] += 1
        clock.advance(timedelta(days=6))
    for who in people:
        status = (await pool.run("/pair status", user=who)).last.text
        assert status.endswith(
            f"So far: {met[who]['candidate']} as candidate, {met[who]['interviewer']} as interviewer."
        )


def channel_posts(pool: MockHarness) -> list[str]:
    general = invocation().channel
    return [sent.reply.text for sent in pool.chat.sent if sent.kind == "post" and sent.place == general and sent.reply]


def guides_of(pool: MockHarness, who: str) -> int:
    return sum(text.startswith("Interviewer guide") for text in dms(pool, who))


async def test_a_trio_is_three_people_each_seated_guided_and_remembered(pool: MockHarness, clock: FakeClock) -> None:
    await join(pool, "alice", "mon 18-22")
    await join(pool, "bob", "mon 18-22")
    await join(pool, "carol", "mon 20-23")  # shares only 20-22 with the other two
    candidates = []
    for _ in range(3):
        guides_before = {who: guides_of(pool, who) for who in ("alice", "bob", "carol")}
        done = await pool.run("/pair round", user="ada", admin=True)
        assert done.last.text == "Round done: 1 trio, 0 carried to the next round."
        assert channel_posts(pool)[-1] == "1 trio this round. Each has a private conversation: look for yours."
        thread = pool.chat.threads[-1]
        intro = pool.posts(thread)[0]
        assert intro.title == "Your practice trio"
        assert "\nGood times for all three of you (UTC): Mon 20:00-22:00.\n" in intro.text
        candidate, *interviewers = seats_in(pool, thread)
        assert sorted([candidate, *interviewers]) == ["alice", "bob", "carol"]
        candidates.append(candidate)
        guides = {who: guides_of(pool, who) - guides_before[who] for who in ("alice", "bob", "carol")}
        assert guides == {candidate: 0, **dict.fromkeys(interviewers, 1)}  # each interviewer gets the guide
        await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
        assert await answer(pool, thread, "We met", interviewers[1]) == "Thanks, noted."
        clock.advance(timedelta(days=6))
    assert sorted(candidates) == ["alice", "bob", "carol"]  # each took the candidate's seat once
    for who in ("alice", "bob", "carol"):
        assert (await pool.run("/pair status", user=who)).last.text.endswith(
            "So far: 1 as candidate, 2 as interviewer."
        )
        lines = (await pool.run("/pair history", user=who)).last.text.splitlines()
        others = [other for other in ("alice", "bob", "carol") if other != who]
        assert len(lines) == 3
        assert all(
            re.search(rf" · with <@({others[0]}|{others[1]})> and <@({others[1]}|{others[0]})> · ", line)
            for line in lines
        )


async def test_pair_now_posts_in_the_channel_only_when_someone_really_waits(pool: MockHarness) -> None:
    refused = await pool.run("/pair now", user="mallory")
    assert refused.last.text == "Join the pool first with /pair join."
    assert channel_posts(pool) == []
    await join(pool, "alice")
    await join(pool, "bob")
    await asyncio.gather(pool.run("/pair now", user="alice"), pool.run("/pair now", user="alice"))
    assert (await pool.run("/pair now", user="alice")).last.text == "You are already waiting for a partner."
    assert channel_posts(pool) == ["<@alice> is looking for a practice partner now."]
    matched = await pool.run("/pair now", user="bob")
    assert matched.last.text == "Matched with <@alice>: see your private conversation."
    assert channel_posts(pool) == ["<@alice> is looking for a practice partner now."]  # bob did not wait
    assert len(pool.chat.threads) == 1


async def test_a_no_show_is_no_turn_and_a_meeting_counts_once(pool: MockHarness, clock: FakeClock) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    await pool.run("/pair round", user="ada", admin=True)
    await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
    candidate, interviewer = seats_in(pool, pool.chat.threads[-1])
    assert await answer(pool, pool.chat.threads[-1], "My partner did not show", candidate) == "Thanks, noted."
    for who in ("alice", "bob"):
        status = (await pool.run("/pair status", user=who)).last.text
        assert status.endswith("So far: 0 as candidate, 0 as interviewer.")
    clock.advance(timedelta(days=6))
    await pool.run("/pair round", user="ada", admin=True)
    await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
    thread = pool.chat.threads[-1]
    assert seats_in(pool, thread) == (interviewer, candidate)  # nobody interviewed last time: the other seat now
    answers = await asyncio.gather(answer(pool, thread, "We met", "alice"), answer(pool, thread, "We met", "bob"))
    assert sorted(answers)[-1] == "Thanks, noted." and sorted(answers)[0].startswith("Already noted")
    assert (await pool.run("/pair status", user=interviewer)).last.text.endswith(
        "So far: 1 as candidate, 0 as interviewer."
    )
    assert (await pool.run("/pair status", user=candidate)).last.text.endswith(
        "So far: 0 as candidate, 1 as interviewer."
    )


@pytest.mark.parametrize(
    ("setup", "summary", "done"),
    [
        ((), "Nobody was paired this round: the pool is empty. /pair join to take part.", "nobody paired, 0 carried"),
        (("alice",), "Nobody was paired this round: 1 person available, and a pair takes two.",
         "nobody paired, 1 carried"),
        (("alice", "bob", "/pause bob"),
         "Nobody was paired this round: 1 person available (1 member paused), and a pair takes two.",
         "nobody paired, 1 carried"),
        (("alice", "bob", "/block bob"),
         "Nobody was paired this round: no two of the 2 people available share free hours and a level within one "
         "step without having been partners very recently. Each was told privately.", "nobody paired, 2 carried"),
        (("alice", "bob"), "1 pair this round. Each has a private conversation: look for yours.", "1 pair, 0 carried"),
        (("alice", "bob", "carol", "dave"), "2 pairs this round. Each has a private conversation: look for yours.",
         "2 pairs, 0 carried"),
    ],
)  # fmt: skip
async def test_the_round_summary_says_who_was_paired_or_why_nobody(
    pool: MockHarness, setup: tuple[str, ...], summary: str, done: str
) -> None:
    for step in setup:
        if step == "/pause bob":
            await pool.run("/pair pause days:3", user="bob")
        elif step == "/block bob":
            await pool.run("/pair block <@bob>", user="alice")
        else:
            await join(pool, step)
    answer = await pool.run("/pair round", user="ada", admin=True)
    assert answer.last.text == f"Round done: {done} to the next round."
    assert channel_posts(pool)[-1] == summary


async def test_a_pause_that_ended_is_not_shown_any_more(pool: MockHarness, clock: FakeClock) -> None:
    await join(pool, "alice", extra="tz:Europe/Berlin")
    paused = await pool.run("/pair pause days:1", user="alice")
    assert paused.last.text == "Paused until Tue 06 Jan 10:00 (Europe/Berlin)."
    status = (await pool.run("/pair status", user="alice")).last.text
    assert "· paused until Tue 06 Jan 10:00 (Europe/Berlin)\n" in status
    await pool.wait(timedelta(hours=23).total_seconds(), step=3600)
    assert "paused until" in (await pool.run("/pair status", user="alice")).last.text
    await pool.wait(timedelta(hours=2).total_seconds(), step=3600)  # later on the day the pause ends
    assert "paused" not in (await pool.run("/pair status", user="alice")).last.text


async def test_a_rescheduled_pair_that_meets_later_counts_its_turns(pool: MockHarness) -> None:
    await join(pool, "alice")
    await join(pool, "bob")
    await pool.run("/pair round", user="ada", admin=True)
    await pool.wait(timedelta(hours=24).total_seconds(), step=3600)
    thread = pool.chat.threads[-1]
    assert await answer(pool, thread, "Rescheduled", "alice") == 'Thanks, noted. Press "We met" here once you have.'
    assert await answer(pool, thread, "Rescheduled", "bob") == "Already noted: rescheduled."
    assert await answer(pool, thread, "We met", "bob") == "Thanks, noted."
    assert await answer(pool, thread, "We met", "alice") == "Already noted: met."
    statuses = [(await pool.run("/pair status", user=who)).last.text.split("So far: ")[1] for who in ("alice", "bob")]
    assert sorted(statuses) == ["0 as candidate, 1 as interviewer.", "1 as candidate, 0 as interviewer."]


async def test_a_member_saved_when_every_seat_counted_still_owes_those_turns(pool: MockHarness, app: App) -> None:
    # As the release before this one saved her: two seats as candidate, counted as turns, no seats of their own.
    old = (
        '{"id":"alice","name":"alice","level":"sde2","tz":"UTC","wish":"candidate","availability":"weekday evenings",'
        '"local_hours":[18,19,20,21],"paused_until":null,"no_shows_in_a_row":0,"candidate_turns":2,'
        '"interviewer_turns":0,"carried":false,"blocked":[]}'
    )
    general = invocation().channel
    await app.services.store.redis.hset(app.services.store.key(general, "pair", "general", "members"), "alice", old)
    await join(pool, "bob", "mon 18-22", "role:interviewer")
    await pool.run("/pair round", user="ada", admin=True)
    assert seats_in(pool, pool.chat.threads[-1]) == ("bob", "alice")  # she owes interviewer turns, whatever she wished
