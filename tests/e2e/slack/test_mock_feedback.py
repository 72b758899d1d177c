"""Mock feedback on the real slack_bolt: a modal cannot open a modal after its ack, so a button asks again."""

from __future__ import annotations

import re

from tests.e2e.slack.support import texts
from tests.fakes.slack_api import FakeSlackApi, Json, SlackRequests

SCORES = "3 2 4 3 3 2"


def action_in(message: Json, prefix: str) -> str:
    found = re.search(rf"{prefix}:[0-9a-f]{{8}}", texts(message["blocks"]))
    assert found is not None, f"no {prefix} button in {message['text']!r}"
    return found.group(0)


async def an_ended_mock(slack: SlackRequests, api: FakeSlackApi) -> tuple[str, str, Json]:
    """alice (U1) is the candidate, bob (U2) the interviewer, in their group DM (Slack has no private
    threads): the group, the thread there and the `Mock over` message."""
    api.add_user("U2", "bob")
    await slack.slash_command("/mock", "start url-shortener partner:<@U2|bob>", user_id="U1", channel_id="C1")
    [opened] = await api.wait_for(
        lambda: [c for c in api.calls("conversations.open") if "," in str(c["params"].get("users", ""))]
    )
    group = str(opened["response"]["channel"]["id"])
    [starter] = await api.wait_for(lambda: api.messages(group))
    thread = str(starter["ts"])
    await api.wait_for(lambda: any(str(m["text"]).startswith("Phase 1/5") for m in api.messages(group, thread)))
    await slack.slash_command("/mock", "end", user_id="U1", channel_id="C1")
    [summary] = await api.wait_for(
        lambda: [m for m in api.messages(group, thread) if str(m["text"]).startswith("Mock over")]
    )
    return group, thread, summary


async def test_bad_scores_keep_the_text_and_a_button_opens_a_modal_with_only_the_scores(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    group, thread, summary = await an_ended_mock(slack, api)
    give = action_in(summary, "mock:feedback")
    await slack.button(give, user_id="U2", channel_id=group, message_ts=str(summary["ts"]), thread_ts=thread)
    [opened] = await api.wait_for(lambda: api.calls("views.open"))
    written = {"went_well": {"value": "Clear API"}, "practise_next": {"value": "Estimate first"}}
    status, _ = await slack.view_submission(
        give, {"scores": {"value": "3 3 9"}, **written}, view_id=opened["response"]["view"]["id"], user_id="U2"
    )
    assert status == 200
    [asked] = await api.wait_for(lambda: api.ephemerals(group, user="U2"))
    assert asked["thread_ts"] == thread
    assert "What you wrote is kept; only the scores are asked again." in texts(asked["blocks"])
    again = action_in(asked, "mock:feedback-scores")
    await slack.button(again, user_id="U2", channel_id=group, message_ts=str(asked["ts"]), thread_ts=thread)
    [_, scores_only] = await api.wait_for(lambda: api.calls("views.open")[1:] and api.calls("views.open"))
    view = scores_only["params"]["view"]
    assert [block["block_id"] for block in view["blocks"]] == ["scores"]
    assert view["blocks"][0]["element"]["initial_value"] == "3 3 9"
    await slack.view_submission(
        again, {"scores": {"value": SCORES}}, view_id=scores_only["response"]["view"]["id"], user_id="U2"
    )

    def feedback() -> list[Json]:
        return [m for m in api.messages(group, thread_ts=thread) if "Interviewer feedback" in str(m["text"])]

    [posted] = await api.wait_for(feedback)
    assert "Went well: Clear API" in texts(posted["blocks"])
    assert "Practise next: Estimate first" in texts(posted["blocks"])
