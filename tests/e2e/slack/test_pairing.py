"""Peer mock pairing on the real slack_bolt: a pair's private place on Slack is a group DM."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import App
from bot.clock import FakeClock
from tests.e2e.slack.support import texts, until_scheduled
from tests.fakes.slack_api import FakeSlackApi, Json, SlackRequests

EVENINGS = 'join availability:"weekday evenings"'


def action_in(message: Json, prefix: str) -> str:
    found = re.search(rf"{prefix}:[0-9a-f]{{8}}", texts(message["blocks"]))
    assert found is not None, f"no {prefix} button in {message['text']!r}"
    return found.group(0)


async def answered(slack: SlackRequests, api: FakeSlackApi, action: str, user: str, where: Json) -> str:
    """Press a button as `user`; the private answer they see."""
    before = len(api.answers())
    status, _ = await slack.button(action, user_id=user, channel_id=where["channel"], message_ts=str(where["ts"]))
    assert status == 200
    answers = await api.wait_for(lambda: api.answers()[before:])
    return str(answers[0]["text"])


async def a_round_for(slack: SlackRequests, api: FakeSlackApi, *people: str) -> tuple[str, Json]:
    """Everyone joins in #general, an admin runs a round: the group DM and the pair's intro in it."""
    for person in people:
        await slack.slash_command("/pair", EVENINGS, user_id=person, channel_id="C1")
    await api.wait_for(lambda: len(api.answers()) >= len(people))
    await slack.slash_command("/pair", "round", user_id="UADMIN", channel_id="C1")
    await api.wait_for(lambda: any("Round done" in str(m["text"]) for m in api.messages("C1")))
    [opened] = [c for c in api.calls("conversations.open") if "," in str(c["params"].get("users", ""))]
    group = str(opened["response"]["channel"]["id"])
    [starter] = api.messages(group)
    [intro] = await api.wait_for(
        lambda: [m for m in api.messages(group, starter["ts"]) if "Your practice " in str(m["text"])]
    )
    return group, intro


async def test_a_round_opens_a_group_dm_with_the_pair_and_its_intro(slack: SlackRequests, api: FakeSlackApi) -> None:
    api.add_user("U2", "bob")
    api.add_user("U3", "carol")
    group, intro = await a_round_for(slack, api, "U1", "U2", "U3")
    assert any(str(m["text"]) == "Round done: 1 trio, 0 carried to the next round." for m in api.messages("C1"))
    assert api.message(group, intro["ts"]) is not None
    [opened] = [c for c in api.calls("conversations.open") if "," in str(c["params"].get("users", ""))]
    assert sorted(str(opened["params"]["users"]).split(",")) == ["U1", "U2", "U3"]  # the odd one out joins
    assert "Your practice trio" in texts(intro["blocks"]) and " interview. " in texts(intro["blocks"])
    assert not any("Your practice " in str(m["text"]) for m in api.messages("C1"))  # private, not in the pool


async def test_start_the_mock_in_the_group_dm_starts_it_there_with_roles(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    api.add_user("U2", "bob")
    group, intro = await a_round_for(slack, api, "U1", "U2")
    started = await answered(slack, api, action_in(intro, "pair:mock"), "U1", {"channel": group, "ts": intro["ts"]})
    assert started == "Mock started in this thread."
    thread = str(intro["thread_ts"])
    await api.wait_for(lambda: any(str(m["text"]).startswith("Phase 1/5") for m in api.messages(group, thread)))
    # The thread holds the mock's intro and its status card (both titled "Mock ·"): one intro, one mock.
    [mock] = [
        m
        for m in api.messages(group, thread)
        if str(m["text"]).startswith("Mock ·") and "started a" in texts(m["blocks"])
    ]
    candidate = "Candidate: <@U1>" if "<@U1> is the candidate" in texts(intro["blocks"]) else "Candidate: <@U2>"
    assert candidate in texts(mock["blocks"])
    assert not any(str(m["text"]).startswith(("Mock ·", "Phase")) for m in api.messages("C1"))


async def test_did_you_meet_arrives_in_the_group_dm_a_day_later_and_the_outcome_is_recorded(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock
) -> None:
    api.add_user("U2", "bob")
    api.add_user("U3", "mallory")
    queue = app.services.queue_for("slack")
    group, intro = await a_round_for(slack, api, "U1", "U2")
    await until_scheduled(queue, count=1)
    clock.advance(timedelta(hours=24))
    await queue.run_due()
    thread = str(intro["thread_ts"])
    asked = next(m for m in api.messages(group, thread) if str(m["text"]).startswith("Did you meet?"))
    assert not any(str(m["text"]).startswith("Did you meet?") for m in api.messages("C1"))
    met, where = action_in(asked, "pair:met"), {"channel": group, "ts": asked["ts"]}
    assert await answered(slack, api, met, "U3", where) == "Only the people in this pair can answer that."
    assert await answered(slack, api, met, "U2", where) == "Thanks, noted."
    assert await answered(slack, api, met, "U1", where) == "Already noted: met."
    before = len(api.answers())
    await slack.slash_command("/pair", "history", user_id="U1", channel_id="C1")
    [history] = await api.wait_for(lambda: api.answers()[before:])
    lines = [block["text"]["text"] for block in history["blocks"] if block["type"] == "section"]
    assert len(lines) == 1  # one pair, listed once although its outcome was saved after it was made
    assert re.fullmatch(r"2026-01-05 · with <@U2> · (candidate|interviewer) · met", lines[0])
