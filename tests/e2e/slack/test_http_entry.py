"""The HTTP entry refuses what Slack would never send: 401 before parsing when unsigned, 400 when malformed."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import FakeSlackApi, SlackRequests

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log lines that carry a traceback or report an error: none may come from a client's mistake."""
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def _interactive(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _deep(depth: int) -> bytes:
    return b'{"type":"event_callback","team_id":"T1","event":' + b"[" * depth + b"]" * depth + b"}"


# What a careful operator tried with curl: each must be refused before anything is parsed.
UNSIGNED_BODIES = [
    pytest.param(b"{", JSON, id="broken-json"),
    pytest.param(b"[]", JSON, id="json-array"),
    pytest.param(b"payload=%7B", FORM, id="broken-payload"),
    pytest.param(b"\xff\xfe\xfa", JSON, id="invalid-utf8"),
    pytest.param(b"command=%2Fhelp&team_id=T1&user_id=U1&channel_id=C1", FORM, id="well-formed-command"),
]


@pytest.mark.parametrize(("body", "content_type"), UNSIGNED_BODIES)
@pytest.mark.parametrize(
    "tampering",
    [
        pytest.param({"signed": False}, id="no-signature"),
        pytest.param({"bad_signature": True}, id="wrong-secret"),
        pytest.param({"timestamp": "abc"}, id="timestamp-abc"),
        pytest.param({"timestamp": ""}, id="timestamp-empty"),
        pytest.param({"age": 6 * 60}, id="stale"),
        pytest.param({"age": -6 * 60}, id="from-the-future"),
    ],
)
async def test_an_unsigned_request_gets_401_without_a_traceback(
    slack: SlackRequests,
    api: FakeSlackApi,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
    tampering: dict[str, object],
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await slack.send(body, content_type=content_type, **tampering)  # type: ignore[arg-type]
    assert status == 401
    assert tracebacks(caplog) == []
    assert api.calls("chat.postMessage") == []


def _signed_bad_bodies(team: str) -> list[object]:
    action = {"type": "block_actions", "team": {"id": team}, "user": {"id": "U1"}, "trigger_id": "1.2"}
    view = {"type": "view_submission", "team": {"id": team}, "user": {"id": "U1"}}
    event = {"type": "event_callback", "team_id": team, "event_id": "Ev1"}
    return [
        pytest.param(b"{", JSON, id="broken-json"),
        pytest.param(b"[]", JSON, id="json-array"),
        pytest.param(b'"hello"', JSON, id="json-string"),
        pytest.param(b"", JSON, id="empty-json"),
        pytest.param(_deep(10_000), JSON, id="10000-deep"),
        pytest.param(_deep(500), JSON, id="500-deep-event"),
        pytest.param(b'{"type": "event_callback", "x": "\xff"}', JSON, id="invalid-utf8"),
        pytest.param(b"payload=%7B", FORM, id="broken-payload"),
        pytest.param(b"payload=%5B%5D", FORM, id="payload-array"),
        pytest.param(b"a=b&c", FORM, id="broken-form"),
        pytest.param(b"", FORM, id="empty-form"),
        pytest.param(b"hello", "text/plain", id="text-plain"),
        pytest.param(json.dumps({**event, "event": "hi"}).encode(), JSON, id="event-as-string"),
        pytest.param(json.dumps({**event, "event": {"type": "app_mention"}}).encode(), JSON, id="mention-no-user"),
        pytest.param(json.dumps({**event, "event": None}).encode(), JSON, id="event-null"),
        pytest.param(json.dumps({"type": "event_callback", "event": {"type": "x"}}).encode(), JSON, id="no-team"),
        pytest.param(json.dumps({"type": "shortcut", "team": 5}).encode(), JSON, id="unknown-type"),
        pytest.param(json.dumps({"type": 7}).encode(), JSON, id="type-not-a-string"),
        pytest.param(_interactive({**action, "actions": []}), FORM, id="empty-actions"),
        pytest.param(_interactive({**action, "actions": "mock:pause:1"}), FORM, id="actions-as-string"),
        pytest.param(_interactive({**action, "actions": [{}]}), FORM, id="action-without-id"),
        pytest.param(_interactive({**action, "actions": [{"action_id": 5}]}), FORM, id="action-id-number"),
        pytest.param(_interactive({**action, "team": "T1", "actions": [{"action_id": "a"}]}), FORM, id="team-string"),
        pytest.param(_interactive({**action, "user": None, "actions": [{"action_id": "a"}]}), FORM, id="user-null"),
        pytest.param(_interactive({**view, "view": "v"}), FORM, id="view-as-string"),
        pytest.param(_interactive({**view, "view": {"callback_id": "a", "private_metadata": "{"}}), FORM, id="meta"),
        pytest.param(_interactive({**view, "view": {"callback_id": "a", "state": {"values": []}}}), FORM, id="state"),
        pytest.param(_interactive({**view, "view": {"callback_id": "a"}}), FORM, id="view-without-metadata"),
        pytest.param(_interactive({**action, "channel": {"id": " "}, "actions": [{"action_id": "a"}]}), FORM, id="ch"),
        pytest.param(_interactive({**action, "response_url": "true", "actions": [{"action_id": "a"}]}), FORM, id="url"),
        pytest.param(b"command=%2Fhelp&team_id=T1&user_id=U1&channel_id=C1", FORM, id="command-without-response-url"),
        pytest.param(b"command=help&team_id=T1&user_id=U1&channel_id=C1", FORM, id="command-without-slash"),
        pytest.param(b"command=%2Fhelp&team_id=T1&channel_id=C1", FORM, id="command-without-user"),
    ]


@pytest.mark.parametrize(("body", "content_type"), _signed_bad_bodies("T0001"))
async def test_a_signed_malformed_request_gets_400_without_a_traceback(
    slack: SlackRequests,
    api: FakeSlackApi,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await slack.send(body, content_type=content_type)
    assert status == 400
    assert tracebacks(caplog) == []
    assert api.calls("chat.postMessage") == []
    assert any("not what Slack sends" in r.getMessage() for r in caplog.records)


async def test_a_signed_well_formed_command_still_works(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, _ = await slack.slash_command("/pp-help")
    assert status == 200
    await api.wait_for(lambda: api.messages("C1") or api.answers())


async def test_slacks_url_verification_gets_its_challenge_back(slack: SlackRequests) -> None:
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "3eZbrw1a"})
    status, answer = await slack.send(body, content_type=JSON)
    assert status == 200
    assert json.loads(answer) == {"challenge": "3eZbrw1a"}


async def test_slacks_ssl_check_is_answered_200(slack: SlackRequests) -> None:
    status, _ = await slack.send("ssl_check=1&token=legacy", content_type=FORM)
    assert status == 200


async def test_a_command_with_an_ssl_check_field_is_still_a_command(slack: SlackRequests, api: FakeSlackApi) -> None:
    form = {**api.payloads.slash_command("/pp-help"), "ssl_check": "1"}
    status, answer = await slack.send(urlencode(form), content_type=FORM)
    assert status == 200
    assert "practice-partner commands" in answer  # /pp-help's private answer rides on its ack
