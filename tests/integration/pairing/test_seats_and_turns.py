"""Who is seated as candidate and interviewer, round after round; trios; no-shows; old records."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections import Counter
from datetime import timedelta

import pytest

from bot.app import App
from bot.clock import FakeClock
from tests.integration.mock_harness import MockHarness
from tests.integration.pairing.support import answer, channel_posts, guides_of, join, save_member_as_written, seats_in


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
    await save_member_as_written(app, "alice", old)
    await join(pool, "bob", "mon 18-22", "role:interviewer")
    await pool.run("/pair round", user="ada", admin=True)
    assert seats_in(pool, pool.chat.threads[-1]) == ("bob", "alice")  # she owes interviewer turns, whatever she wished
