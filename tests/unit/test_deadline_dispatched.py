"""Reading the dispatch script's reply: the claim, and when the queue next needs a look (bot.deadline_scripts)."""

from bot.deadline_scripts import Dispatched

CLAIMED = ['{"kind":"mock","sid":"s1"}', "1000"]


def test_the_reply_is_read_into_the_claim_and_the_earliest_entry_and_lease() -> None:
    dispatched = Dispatched.of([CLAIMED, "5000", 1, "61000", 0])
    assert [(deadline.kind, deadline.payload) for deadline in dispatched.claimed] == [("mock", {"sid": "s1"})]
    assert (dispatched.first_queued_ms, dispatched.first_batched, dispatched.first_leased_ms) == (5000, True, 61000)
    assert not dispatched.left


def test_a_batched_entry_is_looked_at_early_one_handled_one_by_one_when_due() -> None:
    assert Dispatched.of([[], "5000", 1, "", 0]).next_look_ms(1750) == 3250
    assert Dispatched.of([[], "5000", 0, "", 0]).next_look_ms(1750) == 5000


def test_a_lease_ending_first_is_looked_at_first() -> None:
    assert Dispatched.of([[], "5000", 0, "4000", 0]).next_look_ms(0) == 4000


def test_nothing_to_look_at_or_work_left_for_want_of_room_needs_no_timed_look() -> None:
    assert Dispatched.of([[], "", 0, "", 0]).next_look_ms(1750) is None
    assert Dispatched.of([CLAIMED, "900", 1, "61000", 1]).next_look_ms(1750) is None  # a freed room wakes it
