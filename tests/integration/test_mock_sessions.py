"""Mock sessions on the run's Redis with a FakeClock: every phase, control and edge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.chat import IncomingMessage, MessageRef
from bot.clock import FakeClock
from handlers.mock.render import status_card
from handlers.mock.session import SessionStore
from handlers.seen_questions import mark_seen
from question_bank import QuestionBank
from tests.fakes.chat import channel, user
from tests.integration.mock_harness import MockHarness, minutes

FULL_MOCK = [
    "Phase 1/5 · Requirements & scope · 7 min",
    "⏳ One minute left in phase 1/5 · Requirements & scope",
    "Phase 2/5 · Capacity estimation · 5 min",
    "⏳ One minute left in phase 2/5 · Capacity estimation",
    "Phase 3/5 · High-level design · 13 min",
    "⏳ One minute left in phase 3/5 · High-level design",
    "Phase 4/5 · Deep dive · 13 min",
    "⏳ One minute left in phase 4/5 · Deep dive",
    "Phase 5/5 · Trade-offs & operations · 7 min",
    "⏳ One minute left in phase 5/5 · Trade-offs & operations",
]


@pytest.fixture
def mock(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


async def test_a_full_mock_announces_every_phase_once_in_order(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    assert mock.announcements() == FULL_MOCK[:1]
    await mock.wait(minutes(6) - 5)
    assert mock.announcements() == FULL_MOCK[:1]
    await mock.wait(5)
    assert mock.announcements() == FULL_MOCK[:2]  # the warning, one minute before the end of the phase
    await mock.wait(minutes(1))
    assert mock.announcements() == FULL_MOCK[:3]
    await mock.wait(minutes(40))
    assert mock.announcements()[:-1] == FULL_MOCK
    assert mock.announcements()[-1].startswith("Mock over · ")
    await mock.wait(minutes(30))
    assert len(mock.announcements()) == len(FULL_MOCK) + 1


async def test_the_thread_gets_the_question_card_and_a_status_message(mock: MockHarness, bank: QuestionBank) -> None:
    await mock.run("/mock start rate-limiter")
    card, status = mock.posts()[:2]
    question = bank.get("rate-limiter")
    assert question is not None
    assert card.text == question.prompt
    assert status.title == f"Mock · {question.title}"
    assert [str(button.action).split(":")[1] for button in status.buttons] == ["pause", "extend", "next", "end"]


async def test_the_phase_announcement_says_what_the_phase_is_for(mock: MockHarness, bank: QuestionBank) -> None:
    await mock.run("/mock start url-shortener")
    question = bank.get("url-shortener")
    assert question is not None
    first = next(reply for reply in mock.posts() if reply.text.startswith("Phase 1/5"))
    assert question.rubric[next(iter(question.rubric))].goal in first.text


async def test_the_status_is_edited_at_most_every_30_seconds(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    before = mock.edits()
    await mock.wait(minutes(5), step=1)
    edits = mock.edits() - before
    assert 5 <= edits <= 5 * 60 / 30 + 2  # ticks every 30 s, plus the warning


async def test_the_status_card_says_mock_over_only_once_the_end_is_said(mock: MockHarness, bank: QuestionBank) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(44))
    mock.clock.advance(minutes(1) + 5)  # time is up; a status refresh due now may run before the end's summary
    sessions = SessionStore(mock.app.services.store)
    session = await sessions.for_thread(channel(), mock.thread.id)
    question = bank.get("url-shortener")
    assert session is not None and question is not None and not session.over
    card = status_card(session, question, mock.clock.now())
    assert card.text.endswith("100%\nPhase 5/5 · Trade-offs & operations\n0:00 left in this phase · 0:00 left in all")
    await mock.queue.run_due()  # the end is said
    session = await sessions.for_thread(channel(), mock.thread.id)
    assert session is not None and session.over
    assert status_card(session, question, mock.clock.now()).text.endswith("100%\nMock over")


async def test_pause_then_resume_shifts_everything_by_the_pause(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(5) + 30)
    await mock.run("/mock pause", thread=mock.thread)
    await mock.wait(minutes(10))
    assert mock.announcements() == FULL_MOCK[:1]
    await mock.run("/mock resume", thread=mock.thread)
    await mock.wait(30)  # 6:00 of active time: the warning
    assert mock.announcements() == FULL_MOCK[:2]
    await mock.wait(minutes(1))
    assert mock.announcements() == FULL_MOCK[:3]


async def test_pause_after_the_warning_keeps_the_phase_and_skips_nothing(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(6) + 30)
    await mock.run("/mock pause", thread=mock.thread)
    await mock.wait(minutes(60))
    assert mock.announcements() == FULL_MOCK[:2]
    await mock.run("/mock resume", thread=mock.thread)
    await mock.wait(30)
    assert mock.announcements() == FULL_MOCK[:3]


async def test_double_pause_and_resume_without_pause_change_nothing(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.run("/mock pause", thread=mock.thread)
    again = await mock.run("/mock pause", thread=mock.thread)
    assert again.last.text == "This mock is already paused. Resume it with /mock resume."
    await mock.run("/mock resume", thread=mock.thread)
    once_more = await mock.run("/mock resume", thread=mock.thread)
    assert once_more.last.text == "This mock is not paused."
    assert once_more.last.ephemeral


async def test_extend_adds_to_the_current_phase(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.run("/mock extend 3", thread=mock.thread)
    await mock.wait(minutes(9) - 5)
    assert mock.announcements() == FULL_MOCK[:1]  # the warning moved from 6:00 to 9:00
    await mock.wait(5)
    assert mock.announcements() == FULL_MOCK[:2]
    await mock.wait(minutes(1))
    assert mock.announcements() == FULL_MOCK[:3]


@pytest.mark.parametrize("amount", ["0", "-5", "10000", "lots"])
async def test_extend_by_a_bad_amount_is_refused_and_changes_nothing(mock: MockHarness, amount: str) -> None:
    await mock.run("/mock start url-shortener")
    refused = await mock.run(f"/mock extend minutes:{amount}", thread=mock.thread)
    assert refused.last.ephemeral
    assert "minutes" in refused.last.text
    await mock.wait(minutes(7))
    assert mock.announcements() == FULL_MOCK[:3]


async def test_extend_after_the_end_is_refused(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(46))
    refused = await mock.run("/mock extend 5", thread=mock.thread)
    assert refused.last.text == "This mock is over. Start a new one with /mock start."


async def test_next_skips_to_the_next_phase_at_once(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(2))
    await mock.run("/mock next", thread=mock.thread)
    assert mock.announcements() == [FULL_MOCK[0], "Phase 2/5 · Capacity estimation · 5 min"]
    await mock.wait(minutes(4))
    assert mock.announcements()[-1] == FULL_MOCK[3]


async def test_next_on_the_last_phase_ends_the_mock(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    for _ in range(4):
        await mock.run("/mock next", thread=mock.thread)
    assert mock.announcements()[-1] == "Phase 5/5 · Trade-offs & operations · 7 min"
    await mock.run("/mock next", thread=mock.thread)
    assert mock.announcements()[-1].startswith("Mock over")
    await mock.wait(minutes(60))
    assert sum(line.startswith("Mock over") for line in mock.announcements()) == 1


async def test_end_stops_the_mock_with_a_summary_of_real_times(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(9))
    await mock.run("/mock end", thread=mock.thread)
    over = next(reply for reply in mock.posts() if reply.text.startswith("Mock over"))
    assert "Requirements & scope: 7:00 of 7:00" in over.text
    assert "Capacity estimation: 2:00 of 5:00 (-3:00)" in over.text
    assert "Deep dive: 0:00 of 13:00 (-13:00)" in over.text


async def test_only_participants_or_admins_control_a_mock(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener", user="alice")
    refused = await mock.run("/mock pause", user="mallory", thread=mock.thread)
    assert refused.last.text == "Only the participants can pause this mock."
    assert refused.last.ephemeral
    await mock.wait(minutes(7))
    assert mock.announcements() == FULL_MOCK[:3]  # nothing paused
    allowed = await mock.run("/mock pause", user="ada", admin=True, thread=mock.thread)
    assert allowed.last.text == "Done: pause."


async def test_buttons_control_the_mock_and_refuse_strangers(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    status = mock.posts()[1]
    pause = next(str(button.action) for button in status.buttons if button.label == "Pause")
    refused = await mock.press(pause, user="mallory")
    assert refused.last.text == "Only the participants can pause this mock."
    await mock.press(pause, user="alice")
    assert mock.posts()[-1].text.startswith("⏸ Paused by <@alice>")


async def test_unknown_and_finished_sessions_are_explained(mock: MockHarness) -> None:
    unknown = await mock.press("mock:pause:deadbeef")
    assert unknown.last.text == "There is no mock 'deadbeef' here."
    nothing = await mock.run("/mock status")
    assert nothing.last.text.startswith("There is no mock here.")
    await mock.run("/mock start url-shortener")
    await mock.run("/mock end", thread=mock.thread)
    finished = await mock.run("/mock pause", thread=mock.thread)
    assert finished.last.text == "This mock is over. Start a new one with /mock start."


async def test_after_downtime_every_missed_phase_start_is_announced_late_once_and_stale_warnings_are_not(
    mock: MockHarness,
) -> None:
    await mock.run("/mock start url-shortener")
    mock.clock.advance(minutes(20))  # no process polled for 20 minutes
    await mock.queue.run_due()
    assert mock.announcements() == [
        FULL_MOCK[0],
        "Phase 2/5 · Capacity estimation · 5 min · announced 13 min late",
        "Phase 3/5 · High-level design · 13 min · announced 8 min late",
    ]
    await mock.wait(minutes(4))
    assert mock.announcements()[-1] == FULL_MOCK[5]


async def test_a_mock_whose_end_is_noticed_late_ended_when_its_time_ran_out(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    started = mock.clock.now()
    await mock.wait(minutes(44))
    mock.clock.advance(minutes(3))  # no process polled for the last minute and two more
    await mock.queue.run_due()
    session = await SessionStore(mock.app.services.store).for_thread(channel(), mock.thread.id)
    assert session is not None and session.ended_at is not None
    assert session.ended_at - started == timedelta(minutes=45)  # not 47: the active time is the phases' sum
    summary = next(reply.text for reply in mock.posts() if reply.text.startswith("Mock over"))
    assert "Trade-offs & operations: 7:00 of 7:00" in summary


async def test_a_partner_gets_a_private_thread_and_the_interviewer_guide(mock: MockHarness, bank: QuestionBank) -> None:
    await mock.run("/mock start url-shortener partner:<@bob>", user="alice")
    assert mock.thread.private
    [guide] = mock.dms("bob")
    question = bank.get("url-shortener")
    assert question is not None
    assert guide.title == f"Interviewer guide · {question.title}"
    assert question.estimate.conclusion in " ".join(field.value for field in guide.fields)
    assert mock.dms("alice") == []


async def test_role_interviewer_makes_the_partner_the_candidate(mock: MockHarness) -> None:
    await mock.run("/mock start partner:<@bob> role:interviewer", user="alice")
    assert len(mock.dms("alice")) == 1
    status = mock.posts()[1]
    assert [(field.name, field.value) for field in status.fields][:2] == [
        ("Candidate", "<@bob>"),
        ("Interviewer", "<@alice>"),
    ]


async def test_a_partner_must_be_someone_else(mock: MockHarness) -> None:
    refused = await mock.run("/mock start partner:<@alice>", user="alice")
    assert refused.last.text.startswith("Your partner must be someone else.")
    assert mock.chat.threads == []


async def test_without_a_question_the_candidate_gets_one_not_had_before(mock: MockHarness, bank: QuestionBank) -> None:
    for question in bank.ids[:-1]:
        await mark_seen(mock.app.services.store, user("carol"), question)
    await mock.run("/mock start", user="carol")
    assert mock.posts()[0].footer == f"id: {bank.ids[-1]}"


@pytest.mark.parametrize(
    ("length", "first"),
    [("20", "Phase 1/5 · Requirements & scope · 3 min"), ("60", "Phase 1/5 · Requirements & scope · 6 min")],
)
async def test_minutes_stretch_or_shrink_the_plan(mock: MockHarness, length: str, first: str) -> None:
    await mock.run(f"/mock start url-shortener minutes:{length}")
    assert mock.announcements() == [first]


async def test_a_workspace_plan_is_used_and_only_admins_set_it(mock: MockHarness) -> None:
    refused = await mock.run("/mock plan 5,5,15,15,5", user="bob")
    assert refused.last.text == "Only workspace admins can use /mock plan."
    saved = await mock.run("/mock plan 5,5,15,15,5", user="ada", admin=True)
    assert saved.last.title == "Mock plan · 45 min"
    await mock.run("/mock start url-shortener")
    assert mock.announcements() == ["Phase 1/5 · Requirements & scope · 5 min"]
    await mock.run("/mock plan reset", user="ada", admin=True)


async def test_feedback_from_the_interviewer_is_stored_and_shown_in_history(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener partner:<@bob>", user="alice")
    await mock.run("/mock end", user="alice", thread=mock.thread)
    over = next(reply for reply in mock.posts() if reply.text.startswith("Mock over"))
    feedback = str(over.buttons[0].action)
    refused = await mock.press(feedback, user="alice")
    assert refused.last.text == "Only the interviewer of this mock can give its feedback."
    opened = await mock.press(feedback, user="bob")
    assert opened.forms[0].title == "Mock feedback"
    bad = await mock.submit(feedback, {"scores": "3 3 9"}, user="bob")
    assert bad.last.text.startswith("Scores are 6 numbers from 1 to 4")
    good = await mock.submit(feedback, {"scores": "3 2 4 3 3 2", "went_well": "Clear API"}, user="bob")
    assert good.last.text == "Thanks, your feedback is saved."
    history = await mock.run("/mock history", user="alice")
    assert "· candidate · " in history.last.text
    assert "scores 3 2 4 3 3 2" in history.last.text


async def test_barraiser_on_interjects_in_the_deep_dive_and_trade_offs_and_scores_at_the_end(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener barraiser:on")
    capture = mock.app.services.registry.message_listeners[0]
    for text in ("Shorten and redirect, 100M new links a month", "A Redis cache in front of DynamoDB"):
        await capture(mock.app.services, mock.chat, IncomingMessage(user("alice"), MessageRef(mock.thread, "x"), text))
    await mock.wait(minutes(25))
    assert not any(reply.title == "Bar raiser" for reply in mock.posts())
    await mock.wait(minutes(2))  # two minutes into the deep dive
    assert [reply.title for reply in mock.posts()].count("Bar raiser") == 1
    await mock.wait(minutes(12))  # one minute into trade-offs
    assert [reply.title for reply in mock.posts()].count("Bar raiser") == 2
    await mock.wait(minutes(7))
    titles = [reply.title or "" for reply in mock.posts()]
    assert sum(title.startswith("Scorecard · ") for title in titles) == 1
    assert titles.index(next(t for t in titles if t.startswith("Scorecard"))) > max(
        i for i, reply in enumerate(mock.posts()) if reply.text.startswith("Mock over")
    )
