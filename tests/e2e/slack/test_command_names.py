"""On Slack, texts that name a command use Slack's name for it: `/star` is `/pp-star`, `/help` is `/pp-help`."""

from __future__ import annotations

import json

import pytest

from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def _answer(api: FakeSlackApi) -> str:
    [post] = await api.wait_for(lambda: api.answers())
    return str(post["text"]) + "\n" + "\n".join(str(block.get("text", "")) for block in post["blocks"] or [])


async def test_an_empty_story_list_says_how_to_add_one_with_pp_star(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/pp-star", "list")
    assert "No stories yet: /pp-star add lp:Ownership" in await _answer(api)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param("add colour:red", "/pp-star add has no option 'colour'", id="unknown-option"),
        pytest.param("add", "/pp-star add needs lp. Usage: /pp-star add lp", id="missing-option"),
        pytest.param("list extra", "Usage: /pp-star list", id="extra-words"),
    ],
)
async def test_option_errors_name_the_slack_command(
    slack: SlackRequests, api: FakeSlackApi, words: str, expected: str
) -> None:
    await slack.slash_command("/pp-star", words)
    answer = await _answer(api)
    assert expected in answer
    assert "/star" not in answer.replace("/pp-star", "")


async def test_an_outdated_story_form_says_start_again_with_pp_star(slack: SlackRequests, api: FakeSlackApi) -> None:
    values = {"situation": {"value": {"type": "plain_text_input", "value": "x"}}}
    await slack.view_submission("star:add:coolness", values, private_metadata=json.dumps({"channel": "C1"}))
    [refusal] = await api.wait_for(lambda: api.ephemerals())
    assert "Start again with /pp-star add." in str(refusal["text"])
