"""The interviewer's feedback after a mock: replacing it, fixing bad scores without losing the text, reading it."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.chat import Reply
from bot.clock import FakeClock
from tests.integration.mock_harness import MockHarness

SCORES = "3 2 4 3 3 2"
LONG_NOTE = "Clear API and a sharp read:write estimate that drove the cache decision; " * 3


@pytest.fixture
def mock(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


async def ended_mock(mock: MockHarness) -> str:
    """A mock alice (candidate) had with bob (interviewer), ended: the action id of its feedback button."""
    await mock.run("/mock start url-shortener partner:<@bob>", user="alice")
    await mock.run("/mock end", user="alice", thread=mock.thread)
    over = next(reply for reply in mock.posts() if reply.text.startswith("Mock over"))
    return str(over.buttons[0].action)


def feedback_posts(mock: MockHarness) -> list[Reply]:
    return [reply for reply in mock.posts() if reply.title and "feedback" in reply.title.lower()]


async def test_a_second_submission_says_it_replaces_the_first(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    first = await mock.submit(feedback, {"scores": "2 2 2 2 2 2", "went_well": "Scope"}, user="bob")
    assert first.last.text == "Thanks, your feedback is saved."
    second = await mock.submit(feedback, {"scores": SCORES, "went_well": "Clear API"}, user="bob")
    assert "replaces the feedback you gave before" in second.last.text
    assert [reply.title for reply in feedback_posts(mock)] == [
        "Interviewer feedback",
        "Updated feedback (replaces the earlier one)",
    ]
    assert "Went well: Clear API" in feedback_posts(mock)[-1].text
    history = await mock.run("/mock history", user="alice")
    assert f"scores {SCORES}" in history.last.text
    assert "Scope" not in history.last.text


async def test_the_form_opens_again_with_the_feedback_given_before(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    await mock.submit(feedback, {"scores": SCORES, "practise_next": "Estimate first"}, user="bob")
    reopened = await mock.press(feedback, user="bob")
    defaults = {field.id: field.default for field in reopened.forms[0].fields}
    assert defaults == {"scores": SCORES, "went_well": "", "practise_next": "Estimate first"}


async def test_bad_scores_keep_the_written_text_and_ask_only_for_the_scores(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    written = {"went_well": "Clear API", "practise_next": "Estimate before designing"}
    bad = await mock.submit(feedback, {"scores": "3 3 9", **written}, user="bob")
    assert bad.last.ephemeral
    assert bad.last.text.startswith("Scores are 6 numbers from 1 to 4")
    assert "What you wrote is kept; only the scores are asked again." in bad.last.text
    assert feedback_posts(mock) == []
    [again] = bad.last.buttons
    assert again.label == "Enter the scores"
    opened = await mock.press(str(again.action), user="bob")
    [form] = opened.forms
    assert [(field.id, field.default) for field in form.fields] == [("scores", "3 3 9")]
    saved = await mock.submit(str(form.action), {"scores": SCORES}, user="bob")
    assert saved.last.text == "Thanks, your feedback is saved."
    [posted] = feedback_posts(mock)
    assert posted.title == "Interviewer feedback"
    assert "Went well: Clear API" in posted.text
    assert "Practise next: Estimate before designing" in posted.text


async def test_bad_scores_twice_still_keep_the_text(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    bad = await mock.submit(feedback, {"scores": "great", "went_well": "Clear API"}, user="bob")
    scores_form = str(bad.last.buttons[0].action)
    worse = await mock.submit(scores_form, {"scores": "5 5 5 5 5 5"}, user="bob")
    assert "What you wrote is kept" in worse.last.text
    reopened = await mock.press(scores_form, user="bob")
    assert reopened.forms[0].fields[0].default == "5 5 5 5 5 5"
    await mock.submit(scores_form, {"scores": SCORES}, user="bob")
    assert "Went well: Clear API" in feedback_posts(mock)[0].text


async def test_the_whole_form_reopened_after_bad_scores_still_holds_the_text(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    await mock.submit(feedback, {"scores": "3 3", "went_well": "Clear API"}, user="bob")
    reopened = await mock.press(feedback, user="bob")
    assert {field.id: field.default for field in reopened.forms[0].fields}["went_well"] == "Clear API"


async def test_only_the_interviewer_can_ask_for_the_scores_form(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    bad = await mock.submit(feedback, {"scores": "9", "went_well": "Clear API"}, user="bob")
    scores_form = str(bad.last.buttons[0].action)
    refused = await mock.press(scores_form, user="alice")
    assert refused.last.text == "Only the interviewer of this mock can give its feedback."
    assert refused.forms == []
    submitted = await mock.submit(scores_form, {"scores": SCORES}, user="alice")
    assert submitted.last.text == "Only the interviewer of this mock can give its feedback."
    assert feedback_posts(mock) == []


async def test_scores_without_a_kept_draft_are_refused_kindly(mock: MockHarness, clock: FakeClock) -> None:
    feedback = await ended_mock(mock)
    bad = await mock.submit(feedback, {"scores": "9", "went_well": "Clear API"}, user="bob")
    scores_form = str(bad.last.buttons[0].action)
    await mock.submit(scores_form, {"scores": SCORES}, user="bob")
    late = await mock.submit(scores_form, {"scores": "1 1 1 1 1 1"}, user="bob")
    assert late.last.text.startswith("Your written feedback is no longer kept")
    assert len(feedback_posts(mock)) == 1
    reopened = await mock.press(scores_form, user="bob")  # no draft: the whole form, as saved
    assert [field.id for field in reopened.forms[0].fields] == ["scores", "went_well", "practise_next"]


async def test_history_shows_the_written_feedback_shortened_with_a_button_for_all_of_it(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    await mock.submit(feedback, {"scores": SCORES, "went_well": LONG_NOTE, "practise_next": "Costs"}, user="bob")
    history = await mock.run("/mock history", user="alice")
    assert history.last.ephemeral
    [mock_line, gist] = history.last.text.splitlines()
    assert " · candidate · " in mock_line
    assert mock_line.endswith(f" · scores {SCORES}")
    assert gist.startswith("  ↳ Went well: Clear API and a sharp read:write estimate")
    assert gist.endswith("…")
    assert len(gist) < 100
    [full] = history.last.buttons
    assert full.label.startswith("Full feedback · ")
    shown = await mock.press(str(full.action), user="alice")
    assert shown.last.ephemeral
    assert LONG_NOTE.strip() in shown.last.text
    assert "Practise next: Costs" in shown.last.text
    assert "Deep dive: 3/4" in shown.last.text
    assert [(field.name, field.value) for field in shown.last.fields] == [("Interviewer", "<@bob>")]


async def test_the_interviewer_sees_the_feedback_they_gave_in_history(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    await mock.submit(feedback, {"scores": SCORES, "practise_next": "Failure modes\nbefore being asked"}, user="bob")
    history = await mock.run("/mock history", user="bob")
    assert history.last.text.splitlines()[1] == "  ↳ Practise next: Failure modes before being asked"
    assert len(history.last.buttons) == 1


async def test_only_the_pair_can_read_the_full_feedback(mock: MockHarness) -> None:
    feedback = await ended_mock(mock)
    await mock.submit(feedback, {"scores": SCORES, "went_well": "Clear API"}, user="bob")
    history = await mock.run("/mock history", user="alice")
    refused = await mock.press(str(history.last.buttons[0].action), user="carol")
    assert refused.last.text == "Only the candidate and the interviewer of this mock can read its feedback."


async def test_history_has_no_button_for_a_mock_without_feedback(mock: MockHarness) -> None:
    await ended_mock(mock)
    history = await mock.run("/mock history", user="alice")
    assert history.last.buttons == ()
    assert len(history.last.text.splitlines()) == 1
